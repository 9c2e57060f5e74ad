import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/db.js';
import { SYSTEM_ACTOR } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { suppress } from '../../domain/coverage.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { isDate, todayJakarta } from '../enrolment/enrolment.service.js';
import { dashboard } from './coverage.service.js';
import { monthsOf, protectionFrom } from '../billing/billing.service.js';

/**
 * The pages anyone may open without logging in. Coverage shows aggregates only (no person, small
 * counts suppressed). The status check answers a worker who gives their NIK and birth date — and says
 * exactly the same thing whether the NIK is unknown or the birth date is wrong, so it can never be used
 * to learn whether someone is registered; after 5 failed tries on a NIK in an hour it stops checking.
 */
export interface PublicRegion {
  code: string;
  name: string;
  asOf: string | null;
  pct: number | null;
  active: number | null;
  potential: number | null;
  subsidised: number | string;
  target: number | null;
  rank: number | null;
}

export async function publicCoverage(
  db: Queryable,
  q: { regionCode?: string | null; asOf?: string },
): Promise<{ region: PublicRegion; children: PublicRegion[]; asOf: string }> {
  const d = await dashboard(db, null, q);
  const min = await funding.referenceValue(db, 'public.min_count', d.asOf);
  const strip = (c: (typeof d.children)[number] | typeof d.region, rank: number | null): PublicRegion => ({
    code: c.code,
    name: c.name,
    asOf: c.asOf,
    pct: c.pct,
    active: c.active,
    potential: c.potential,
    subsidised: suppress(c.subsidised, min),
    target: c.target?.value ?? null,
    rank,
  });
  return { region: strip(d.region, null), children: d.children.map((c) => strip(c, c.rankCoverage)), asOf: d.asOf };
}

const GENERIC = {
  found: false as const,
  message: {
    id: 'Data tidak cocok. Periksa NIK dan tanggal lahir, atau hubungi Disnaker/BPJS Ketenagakerjaan setempat.',
    en: 'No match. Check the NIK and birth date, or contact the local labour office or BPJS Ketenagakerjaan.',
  },
};

export type PublicStatus =
  | typeof GENERIC
  | {
      found: true;
      state: 'protected' | 'grace' | 'none';
      protectedUntil: string | null;
      reactivationDeadline: string | null;
      paidBy: string | null;
      checkedOn: string;
    };

export async function publicStatus(db: Queryable, input: { nik: string; birthDate: string }): Promise<PublicStatus> {
  const nik = (input.nik ?? '').replace(/\s/g, '');
  const problems = [];
  if (!/^\d{16}$/.test(nik)) problems.push(problem('nik', 'format', 'NIK harus 16 angka', 'The NIK must be 16 digits'));
  if (!isDate(input.birthDate ?? '')) problems.push(problem('birthDate', 'format', 'Tanggal lahir harus TTTT-BB-HH', 'Birth date must look like YYYY-MM-DD'));
  if (problems.length > 0) throw AppError.validation(problems);
  const hash = createHash('sha256').update(`jaring-public:${nik}`).digest('hex');
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM public_status_attempts WHERE at < now() - interval '1 day'`);
    const [tries] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public_status_attempts WHERE nik_hash = $1 AND at > now() - interval '1 hour'`,
      [hash],
    );
    // Past the limit the answer is the generic one, without looking: a guess that happens to be right learns nothing.
    if (tries!.n >= 5) return GENERIC;
    const row = (
      await tx.query<{ participant_id: number | null; birth_date: string; status: string | null; status_since: string | null }>(
        `SELECT p.id AS participant_id, w.birth_date, p.status, p.status_since FROM workers w LEFT JOIN participants p ON p.worker_id = w.id WHERE w.nik = $1`,
        [nik],
      )
    )[0];
    if (!row || row.birth_date !== input.birthDate) {
      await tx.query('INSERT INTO public_status_attempts (nik_hash) VALUES ($1)', [hash]);
      return GENERIC;
    }
    const day = todayJakarta();
    if (row.participant_id === null) return { found: true, state: 'none', protectedUntil: null, reactivationDeadline: null, paidBy: null, checkedOn: day };
    const months = await monthsOf(tx, row.participant_id);
    const a = await protectionFrom(tx, { status: row.status!, status_since: row.status_since! }, months, day);
    await insertAudit(tx, SYSTEM_ACTOR, { action: 'public.status_check', entity: 'participant', entityId: String(row.participant_id), regionCode: null });
    // Only the kind of payer (DBHCHT, APBD, CSR…), never a name or an amount.
    return {
      found: true,
      state: a.state,
      protectedUntil: a.protectedUntil,
      reactivationDeadline: a.reactivationDeadline,
      paidBy: a.source ? (months.find((m) => m.sourceId === a.source!.id)?.sourceKind ?? null) : null,
      checkedOn: day,
    };
  });
}
