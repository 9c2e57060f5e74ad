import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { query, sql } from '../../db/sql.js';

export interface AcquisitionHistogramRow {
  regency_code: string;
  regency_name: string | null;
  branch: string | null;
  source_id: number;
  source_name: string;
  kind: string;
  funding_type: string;
  /** Paid months of one worker from this source within the period. */
  months: number;
  workers: number;
  rupiah: number;
}

/**
 * Per regency and source, how many of the actor's participants had 1, 2, … paid months (a line of an
 * invoice paid in full) between `from` and `to` (first days of months), with the Rupiah paid. Set-based:
 * one pass over the paid invoice lines of the period.
 */
export function acquisitionHistogram(db: Queryable, actor: Actor, from: string, to: string): Promise<AcquisitionHistogramRow[]> {
  return query<AcquisitionHistogramRow>(
    db,
    sql`WITH paid AS (
          SELECT il.participant_id, left(p.region_code, 5) AS regency_code, i.source_id, count(*)::int AS months, sum(il.amount)::bigint AS rupiah
            FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id JOIN participants p ON p.id = il.participant_id
           WHERE il.paid AND il.month >= ${from}::date AND il.month <= ${to}::date AND ${scoped(actor, 'participant', 'p')}
           GROUP BY il.participant_id, left(p.region_code, 5), i.source_id)
        SELECT paid.regency_code, r.name AS regency_name, b.name AS branch, s.id AS source_id, s.name AS source_name, s.kind, s.funding_type,
               paid.months, count(*)::int AS workers, sum(paid.rupiah)::bigint AS rupiah
          FROM paid JOIN funding_sources s ON s.id = paid.source_id
          LEFT JOIN regions r ON r.code = paid.regency_code
          LEFT JOIN bpjs_branches b ON b.regency_code = paid.regency_code
         GROUP BY paid.regency_code, r.name, b.name, s.id, s.name, s.kind, s.funding_type, paid.months
         ORDER BY paid.regency_code, s.id, paid.months`,
  );
}

/** Sets (or replaces) the BPJS branch that serves a regency. */
export async function setBranch(db: Queryable, regencyCode: string, name: string, by: string): Promise<void> {
  await db.query(
    `INSERT INTO bpjs_branches (regency_code, name, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (regency_code) DO UPDATE SET name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [regencyCode, name, by],
  );
}

export function branchOf(db: Queryable, regencyCode: string): Promise<{ name: string }[]> {
  return db.query('SELECT name FROM bpjs_branches WHERE regency_code = $1', [regencyCode]);
}
