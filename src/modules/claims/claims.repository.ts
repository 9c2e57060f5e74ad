import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';
import type { ClaimBenefit, ClaimStatus, Entitlement, HeirRelation, IncidentKind } from '../../domain/claims.js';

export interface IncidentRow {
  id: number;
  participant_id: number;
  region_code: string;
  kind: IncidentKind;
  occurred_on: string;
  place: string;
  description: string;
  entitlement: Entitlement;
  reported_by: string;
  reported_at: Date;
  claim_deadline: string;
  disability_pct: number | null;
  nik: string;
  full_name: string;
  kpj: string | null;
}

export interface ClaimRow {
  id: number;
  incident_id: number;
  region_code: string;
  benefit: ClaimBenefit;
  status: ClaimStatus;
  status_since: Date;
  due_on: string | null;
  computed_amount: number;
  computation: unknown;
  paid_amount: number | null;
  paid_on: string | null;
  payment_reference: string | null;
  rejection: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  submission_id: number | null;
  kind: IncidentKind;
  occurred_on: string;
  nik: string;
  full_name: string;
}

const INCIDENT_SELECT = sql`SELECT i.id, i.participant_id, i.region_code, i.kind, i.occurred_on::text, i.place, i.description, i.entitlement, i.reported_by,
  i.reported_at, i.claim_deadline::text, i.disability_pct, w.nik, w.full_name, p.kpj FROM incidents i JOIN participants p ON p.id = i.participant_id JOIN workers w ON w.id = p.worker_id`;
const CLAIM_SELECT = sql`SELECT c.id, c.incident_id, c.region_code, c.benefit, c.status, c.status_since, c.due_on::text, c.computed_amount, c.computation,
  c.paid_amount, c.paid_on::text, c.payment_reference, c.rejection, c.version, c.created_by, c.created_at, c.submission_id, i.kind, i.occurred_on::text, w.nik, w.full_name
  FROM claims c JOIN incidents i ON i.id = c.incident_id JOIN participants p ON p.id = i.participant_id JOIN workers w ON w.id = p.worker_id`;

export async function insertIncident(
  db: Queryable,
  i: {
    participantId: number;
    regionCode: string;
    kind: IncidentKind;
    occurredOn: string;
    place: string;
    description: string;
    entitlement: Entitlement;
    claimDeadline: string;
    disabilityPct: number | null;
    by: string;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`INSERT INTO incidents (participant_id, region_code, kind, occurred_on, place, description, entitlement, claim_deadline, disability_pct, reported_by)
        VALUES (${i.participantId}, ${i.regionCode}, ${i.kind}, ${i.occurredOn}::date, ${i.place}, ${i.description}, ${JSON.stringify(i.entitlement)}::jsonb,
                ${i.claimDeadline}::date, ${i.disabilityPct}, ${i.by})
        RETURNING id`,
  );
  return r!.id;
}

export async function insertClaim(
  db: Queryable,
  c: { incidentId: number; regionCode: string; benefit: ClaimBenefit; dueOn: string | null; amount: number; computation: unknown; by: string },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`INSERT INTO claims (incident_id, region_code, benefit, due_on, computed_amount, computation, created_by)
        VALUES (${c.incidentId}, ${c.regionCode}, ${c.benefit}, ${c.dueOn}::date, ${c.amount}, ${JSON.stringify(c.computation)}::jsonb, ${c.by}) RETURNING id`,
  );
  await insertEvent(db, { claimId: r!.id, from: null, to: 'reported', note: '', actor: c.by });
  return r!.id;
}

export async function insertEvent(
  db: Queryable,
  e: { claimId: number; from: ClaimStatus | null; to: ClaimStatus; note: string; actor: string },
): Promise<void> {
  await query(
    db,
    sql`INSERT INTO claim_events (claim_id, from_status, to_status, note, actor) VALUES (${e.claimId}, ${e.from}, ${e.to}, ${e.note}, ${e.actor})`,
  );
}

export function findIncident(db: Queryable, actor: Actor, id: number): Promise<IncidentRow | null> {
  return one<IncidentRow>(db, sql`${INCIDENT_SELECT} WHERE i.id = ${id} AND ${scoped(actor, 'incident', 'i')}`);
}

export function findClaim(db: Queryable, actor: Actor, id: number, lock = false): Promise<ClaimRow | null> {
  return one<ClaimRow>(db, sql`${CLAIM_SELECT} WHERE c.id = ${id} AND ${scoped(actor, 'claim', 'c')}${lock ? sql` FOR UPDATE OF c` : sql``}`);
}

export function claimsOfIncident(db: Queryable, incidentId: number): Promise<ClaimRow[]> {
  return query<ClaimRow>(db, sql`${CLAIM_SELECT} WHERE c.incident_id = ${incidentId} ORDER BY c.id`);
}

/** Claims inside the actor's scope, newest first; `overdueOn` keeps those whose current step is past its due day. */
export function listClaimRows(
  db: Queryable,
  actor: Actor,
  q: { status?: ClaimStatus; overdueOn?: string; limit: number; offset: number },
): Promise<ClaimRow[]> {
  return query<ClaimRow>(
    db,
    sql`${CLAIM_SELECT} WHERE ${scoped(actor, 'claim', 'c')}
        ${q.status ? sql`AND c.status = ${q.status}` : sql``}
        ${q.overdueOn ? sql`AND c.due_on < ${q.overdueOn}::date AND c.status IN ('reported', 'verified', 'submitted')` : sql``}
        ORDER BY c.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

export interface EventRow {
  claim_id: number;
  at: Date;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  note: string;
  actor: string;
}

/** Every step of an incident's claims, oldest first. */
export function eventsOfIncident(db: Queryable, incidentId: number): Promise<EventRow[]> {
  return query<EventRow>(
    db,
    sql`SELECT e.claim_id, e.at, e.from_status, e.to_status, e.note, e.actor FROM claim_events e JOIN claims c ON c.id = e.claim_id
         WHERE c.incident_id = ${incidentId} ORDER BY e.id`,
  );
}

/**
 * Claims still open past their incident's claim deadline become expired, with their event, in one
 * statement; answers the claims it expired (for the audit). `incidentId` limits it to one incident.
 */
export async function expirePastDeadline(db: Queryable, today: string, by: string, incidentId?: number): Promise<{ id: number; region_code: string }[]> {
  const rows = await query<{ id: number; region_code: string; status: ClaimStatus }>(
    db,
    sql`WITH due AS (
          SELECT c.id, c.status FROM claims c JOIN incidents i ON i.id = c.incident_id
           WHERE c.status IN ('reported', 'verified') AND i.claim_deadline < ${today}::date
             ${incidentId === undefined ? sql`` : sql`AND i.id = ${incidentId}`}
           FOR UPDATE OF c)
        UPDATE claims c SET status = 'expired', status_since = now(), due_on = NULL, closed_on = ${today}::date, version = c.version + 1,
               rejection = 'Lewat batas waktu klaim'
          FROM due WHERE c.id = due.id RETURNING c.id, c.region_code, due.status`,
  );
  if (rows.length > 0)
    await query(
      db,
      sql`INSERT INTO claim_events (claim_id, from_status, to_status, note, actor)
          SELECT x.id, x.status, 'expired', 'Lewat batas waktu klaim', ${by}
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id bigint, status text)`,
    );
  return rows.map((r) => ({ id: r.id, region_code: r.region_code }));
}

export async function moveClaim(
  db: Queryable,
  c: { id: number; version: number; to: ClaimStatus; dueOn: string | null; paidAmount?: number; paidOn?: string; reference?: string; rejection?: string },
): Promise<boolean> {
  const rows = await query<{ id: number }>(
    db,
    sql`UPDATE claims SET status = ${c.to}, status_since = now(), due_on = ${c.dueOn}::date, version = version + 1,
               closed_on = CASE WHEN ${c.to} IN ('paid', 'rejected', 'expired') THEN (now() AT TIME ZONE 'Asia/Jakarta')::date END,
               paid_amount = COALESCE(${c.paidAmount ?? null}::bigint, paid_amount), paid_on = COALESCE(${c.paidOn ?? null}::date, paid_on),
               payment_reference = COALESCE(${c.reference ?? null}, payment_reference), rejection = COALESCE(${c.rejection ?? null}, rejection)
         WHERE id = ${c.id} AND version = ${c.version} RETURNING id`,
  );
  return rows.length > 0;
}

export interface HeirRow {
  id: number;
  relation: HeirRelation;
  rank: number;
  full_name: string;
  nik: string | null;
  birth_date: string | null;
  bank_name: string;
  bank_account: string;
  school_level: 'tk_sd' | 'smp' | 'sma' | 'pt' | null;
  year_in_level: number | null;
  school_starts_year: number | null;
}

export async function insertHeir(
  db: Queryable,
  h: {
    incidentId: number;
    regionCode: string;
    relation: HeirRelation;
    rank: number;
    fullName: string;
    nik: string | null;
    birthDate: string | null;
    bankName: string;
    bankAccount: string;
    schoolLevel: string | null;
    yearInLevel: number | null;
    schoolStartsYear: number | null;
    by: string;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`INSERT INTO heirs (incident_id, region_code, relation, rank, full_name, nik, birth_date, bank_name, bank_account, school_level, year_in_level,
                           school_starts_year, created_by)
        VALUES (${h.incidentId}, ${h.regionCode}, ${h.relation}, ${h.rank}, ${h.fullName}, ${h.nik}, ${h.birthDate}::date, ${h.bankName}, ${h.bankAccount},
                ${h.schoolLevel}, ${h.yearInLevel}, ${h.schoolStartsYear}, ${h.by})
        RETURNING id`,
  );
  return r!.id;
}

export function heirsOf(db: Queryable, incidentId: number): Promise<HeirRow[]> {
  return query<HeirRow>(
    db,
    sql`SELECT id, relation, rank, full_name, nik, birth_date::text, bank_name, bank_account, school_level, year_in_level, school_starts_year
          FROM heirs WHERE incident_id = ${incidentId} ORDER BY rank, id`,
  );
}

/**
 * Sets the computed amount of a claim still in one of `statuses` (a recomputed scholarship schedule while
 * reported; medical costs recorded until it is submitted).
 */
export async function recompute(db: Queryable, id: number, amount: number, computation: unknown, statuses: ClaimStatus[] = ['reported']): Promise<boolean> {
  const rows = await query<{ id: number }>(
    db,
    sql`UPDATE claims SET computed_amount = ${amount}, computation = ${JSON.stringify(computation)}::jsonb, version = version + 1
         WHERE id = ${id} AND status = ANY(${statuses}::text[]) RETURNING id`,
  );
  return rows.length > 0;
}
