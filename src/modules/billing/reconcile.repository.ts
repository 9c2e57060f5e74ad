import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { rowsOf, type Predicate } from '../../access/access.js';

export interface RecItemRow {
  kind: string;
  nik: string;
  participant_id: number | null;
  field: string;
  ours: string;
  theirs: string;
}

/**
 * The items an actor may see: all of them when its scope holds the reconciliation's whole region
 * (`whole`); otherwise only items of its own participants — never the statement's extra NIKs, which
 * belong to no village.
 */
function visibleItems(actor: Actor, whole: boolean, firstParam: number): Predicate {
  if (whole) return { sql: 'TRUE', params: [] };
  const inside = rowsOf(actor, 'reconciliationItem', 'vp', firstParam);
  return { sql: `EXISTS (SELECT 1 FROM participants vp WHERE vp.id = i.participant_id AND ${inside.sql})`, params: inside.params };
}

/** Items of one kind (or all), in order; at most `perKind` of each kind when given. */
export function recItems(
  db: Queryable,
  actor: Actor,
  id: number,
  o: { whole: boolean; kind: 'missing' | 'extra' | 'mismatch' | 'all'; perKind?: number },
): Promise<RecItemRow[]> {
  const v = visibleItems(actor, o.whole, 4);
  return db.query(
    `SELECT kind, nik, participant_id, field, ours, theirs FROM (
       SELECT i.*, row_number() OVER (PARTITION BY kind ORDER BY nik, field) AS rn FROM reconciliation_items i
        WHERE reconciliation_id = $1 AND ($2 = 'all' OR kind = $2) AND ${v.sql}) x
      WHERE $3::int IS NULL OR rn <= $3 ORDER BY kind, nik, field`,
    [id, o.kind, o.perKind ?? null, ...v.params],
  );
}

/** Missing and mismatched participants counted inside the actor's scope. */
export async function recCountsInside(db: Queryable, actor: Actor, id: number): Promise<{ missing: number; mismatched: number }> {
  const v = visibleItems(actor, false, 2);
  const [c] = await db.query<{ missing: number; mismatched: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'missing')::int AS missing, count(DISTINCT nik) FILTER (WHERE kind = 'mismatch')::int AS mismatched
       FROM reconciliation_items i WHERE reconciliation_id = $1 AND ${v.sql}`,
    [id, ...v.params],
  );
  return c!;
}
