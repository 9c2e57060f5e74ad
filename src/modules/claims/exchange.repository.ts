import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';
import type { ClaimStatus } from '../../domain/claims.js';

/** Verified claims in the actor's scope (all, or those listed), locked for the submission. */
export function verifiedClaims(
  db: Queryable,
  actor: Actor,
  ids: number[] | null,
): Promise<{ id: number; region_code: string; computed_amount: number; status: ClaimStatus }[]> {
  return query(
    db,
    sql`SELECT c.id, c.region_code, c.computed_amount, c.status FROM claims c
         WHERE c.status = 'verified' AND ${scoped(actor, 'claim', 'c')} ${ids ? sql`AND c.id = ANY(${ids}::bigint[])` : sql``}
         ORDER BY c.id FOR UPDATE OF c`,
  );
}

export async function insertSubmission(
  db: Queryable,
  s: { regionCode: string; documentNumber: string; count: number; total: number; by: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`INSERT INTO claim_submissions (region_code, document_number, claim_count, total_amount, created_by)
        VALUES (${s.regionCode}, ${s.documentNumber}, ${s.count}, ${s.total}, ${s.by}) RETURNING id`,
  );
  return r!.id;
}

export async function setSubmissionNumber(db: Queryable, id: number, number: string): Promise<void> {
  await query(db, sql`UPDATE claim_submissions SET document_number = ${number} WHERE id = ${id}`);
}

/** The listed claims become submitted under the submission, with BPJS's decision deadline, and their events — two statements. */
export async function markSubmitted(db: Queryable, ids: number[], submissionId: number, dueOn: string, by: string): Promise<void> {
  await query(
    db,
    sql`UPDATE claims SET status = 'submitted', status_since = now(), due_on = ${dueOn}::date, submission_id = ${submissionId}, version = version + 1
         WHERE id = ANY(${ids}::bigint[])`,
  );
  await query(
    db,
    sql`INSERT INTO claim_events (claim_id, from_status, to_status, note, actor)
        SELECT id, 'verified', 'submitted', ${`Pengajuan #${submissionId}`}, ${by} FROM unnest(${ids}::bigint[]) AS id`,
  );
}

export interface SubmissionRow {
  id: number;
  region_code: string;
  document_number: string;
  claim_count: number;
  total_amount: number;
  created_by: string;
  created_at: Date;
}

export function findSubmission(db: Queryable, actor: Actor, id: number): Promise<SubmissionRow | null> {
  return one<SubmissionRow>(db, sql`SELECT * FROM claim_submissions s WHERE s.id = ${id} AND ${scoped(actor, 'claimSubmission', 's')}`);
}

export function listSubmissions(db: Queryable, actor: Actor): Promise<SubmissionRow[]> {
  return query<SubmissionRow>(db, sql`SELECT * FROM claim_submissions s WHERE ${scoped(actor, 'claimSubmission', 's')} ORDER BY s.id DESC LIMIT 200`);
}

/** One line of the submission file: the claim, its participant and the first receiving heir. */
export interface SubmissionLine {
  claim_id: number;
  benefit: string;
  kind: string;
  occurred_on: string;
  place: string;
  computed_amount: number;
  nik: string;
  kpj: string | null;
  full_name: string;
  village_code: string;
  heir_name: string | null;
  heir_relation: string | null;
  heir_nik: string | null;
  bank_name: string | null;
  bank_account: string | null;
}

export function submissionLines(db: Queryable, submissionId: number): Promise<SubmissionLine[]> {
  return query<SubmissionLine>(
    db,
    sql`SELECT c.id AS claim_id, c.benefit, i.kind, i.occurred_on::text, i.place, c.computed_amount, w.nik, p.kpj, w.full_name, w.village_code,
               h.full_name AS heir_name, h.relation AS heir_relation, h.nik AS heir_nik, h.bank_name, h.bank_account
          FROM claims c JOIN incidents i ON i.id = c.incident_id JOIN participants p ON p.id = i.participant_id JOIN workers w ON w.id = p.worker_id
          LEFT JOIN LATERAL (SELECT * FROM heirs x WHERE x.incident_id = i.id ORDER BY x.rank, x.id LIMIT 1) h ON true
         WHERE c.submission_id = ${submissionId} ORDER BY c.id`,
  );
}

export async function fileLayout(db: Queryable, regionCode: string): Promise<unknown | null> {
  const r = await one<{ file_layout: unknown }>(db, sql`SELECT file_layout FROM claim_settings WHERE region_code = ${regionCode}`);
  return r?.file_layout ?? null;
}

export async function saveFileLayout(db: Queryable, regionCode: string, layout: unknown | null, by: string): Promise<void> {
  if (layout === null) await query(db, sql`DELETE FROM claim_settings WHERE region_code = ${regionCode}`);
  else
    await query(
      db,
      sql`INSERT INTO claim_settings (region_code, file_layout, updated_by) VALUES (${regionCode}, ${JSON.stringify(layout)}::jsonb, ${by})
          ON CONFLICT (region_code) DO UPDATE SET file_layout = EXCLUDED.file_layout, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    );
}

/** Submitted claims in the actor's scope among `ids`, locked: the ones a decision file may decide. */
export function submittedClaims(
  db: Queryable,
  actor: Actor,
  ids: number[],
): Promise<{ id: number; region_code: string; computed_amount: number; status: ClaimStatus }[]> {
  return query(
    db,
    sql`SELECT c.id, c.region_code, c.computed_amount, c.status FROM claims c
         WHERE c.id = ANY(${ids}::bigint[]) AND ${scoped(actor, 'claim', 'c')} FOR UPDATE OF c`,
  );
}

/** BPJS's decisions applied in one statement each for claims and events. */
export async function applyDecisions(
  db: Queryable,
  decisions: { id: number; to: 'paid' | 'rejected'; amount: number | null; paidOn: string | null; reference: string | null; reason: string | null }[],
  by: string,
): Promise<void> {
  const json = JSON.stringify(decisions);
  await query(
    db,
    sql`UPDATE claims c SET status = d."to", status_since = now(), due_on = NULL, version = c.version + 1,
               closed_on = (now() AT TIME ZONE 'Asia/Jakarta')::date,
               paid_amount = d.amount, paid_on = d."paidOn", payment_reference = d.reference, rejection = d.reason
          FROM jsonb_to_recordset(${json}::jsonb) AS d(id bigint, "to" text, amount bigint, "paidOn" date, reference text, reason text)
         WHERE c.id = d.id`,
  );
  await query(
    db,
    sql`INSERT INTO claim_events (claim_id, from_status, to_status, note, actor)
        SELECT d.id, 'submitted', d."to", COALESCE(d.reason, 'Berkas keputusan BPJS, ref. ' || d.reference), ${by}
          FROM jsonb_to_recordset(${json}::jsonb) AS d(id bigint, "to" text, reference text, reason text)`,
  );
}
