import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';

export interface ScholarshipYearRow {
  id: number;
  claim_id: number;
  heir_id: number;
  incident_id: number;
  region_code: string;
  child: string;
  birth_date: string | null;
  school_year: number;
  level: 'tk_sd' | 'smp' | 'sma' | 'pt';
  year_in_level: number;
  amount: number;
  legal_basis: string;
  status: 'scheduled' | 'verified' | 'paid' | 'stopped';
  verified_on: string | null;
  stop_reason: string | null;
  paid_amount: number | null;
  paid_on: string | null;
  reminder_due_on: string | null;
  reminded_on: string | null;
}

const SELECT = sql`SELECT y.id, y.claim_id, y.heir_id, c.incident_id, y.region_code, h.full_name AS child, h.birth_date::text, y.school_year, y.level,
  y.year_in_level, y.amount, y.legal_basis, y.status, y.verified_on::text, y.stop_reason, y.paid_amount, y.paid_on::text, y.reminder_due_on::text,
  y.reminded_on::text FROM scholarship_years y JOIN heirs h ON h.id = y.heir_id JOIN claims c ON c.id = y.claim_id`;

export function yearsOfIncident(db: Queryable, incidentId: number): Promise<ScholarshipYearRow[]> {
  return query<ScholarshipYearRow>(db, sql`${SELECT} WHERE c.incident_id = ${incidentId} ORDER BY h.birth_date, y.school_year`);
}

export function findYear(db: Queryable, actor: Actor, id: number): Promise<ScholarshipYearRow | null> {
  return one<ScholarshipYearRow>(db, sql`${SELECT} WHERE y.id = ${id} AND ${scoped(actor, 'scholarshipYear', 'y')} FOR UPDATE OF y`);
}

/** Replaces the schedule of a scholarship claim (while it is still being prepared): one row per child and school year. */
export async function replaceSchedule(
  db: Queryable,
  claimId: number,
  regionCode: string,
  years: { heirId: number; schoolYear: number; level: string; yearInLevel: number; amount: number; legalBasis: string; reminderDueOn: string }[],
): Promise<void> {
  await query(db, sql`DELETE FROM scholarship_years WHERE claim_id = ${claimId}`);
  if (years.length === 0) return;
  await query(
    db,
    sql`INSERT INTO scholarship_years (claim_id, heir_id, region_code, school_year, level, year_in_level, amount, legal_basis, reminder_due_on)
        SELECT ${claimId}, x."heirId", ${regionCode}, x."schoolYear", x.level, x."yearInLevel", x.amount, x."legalBasis", x."reminderDueOn"
          FROM jsonb_to_recordset(${JSON.stringify(years)}::jsonb)
            AS x("heirId" bigint, "schoolYear" int, level text, "yearInLevel" int, amount bigint, "legalBasis" text, "reminderDueOn" date)`,
  );
}

export async function setVerified(db: Queryable, id: number, on: string, by: string): Promise<void> {
  await query(db, sql`UPDATE scholarship_years SET status = 'verified', verified_on = ${on}::date, verified_by = ${by} WHERE id = ${id}`);
}

/** Stops this year and every later year of the same child (married, working, no longer at school). */
export async function stopFrom(db: Queryable, heirId: number, schoolYear: number, reason: string): Promise<number> {
  const rows = await query(
    db,
    sql`UPDATE scholarship_years SET status = 'stopped', stop_reason = ${reason}
         WHERE heir_id = ${heirId} AND school_year >= ${schoolYear} AND status IN ('scheduled', 'verified') RETURNING id`,
  );
  return rows.length;
}

export async function setPaid(db: Queryable, id: number, p: { amount: number; on: string; reference: string }): Promise<void> {
  await query(
    db,
    sql`UPDATE scholarship_years SET status = 'paid', paid_amount = ${p.amount}, paid_on = ${p.on}::date, payment_reference = ${p.reference} WHERE id = ${id}`,
  );
}

/** Marks the years whose re-verification is due (reminder day reached, still scheduled) as reminded today; answers them. */
export function markReminders(db: Queryable, today: string): Promise<{ id: number; region_code: string }[]> {
  return query(
    db,
    sql`UPDATE scholarship_years SET reminded_on = ${today}::date
         WHERE status = 'scheduled' AND reminded_on IS NULL AND reminder_due_on <= ${today}::date RETURNING id, region_code`,
  );
}

/** Years whose reminder day has come and that still wait for their re-verification, in the actor's scope. */
export async function remindersOpen(db: Queryable, actor: Actor, asOf: string): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM scholarship_years y
         WHERE y.status = 'scheduled' AND y.reminder_due_on <= ${asOf}::date AND ${scoped(actor, 'scholarshipYear', 'y')}`,
  );
  return r?.n ?? 0;
}

/** Scholarship years in the actor's scope waiting for re-verification (their reminder day has come), oldest school year first. */
export function dueYears(db: Queryable, actor: Actor, asOf: string, limit: number): Promise<ScholarshipYearRow[]> {
  return query<ScholarshipYearRow>(
    db,
    sql`${SELECT} WHERE y.status = 'scheduled' AND y.reminder_due_on <= ${asOf}::date AND ${scoped(actor, 'scholarshipYear', 'y')}
        ORDER BY y.school_year, y.id LIMIT ${limit}`,
  );
}
