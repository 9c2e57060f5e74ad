import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../db/db.js';
import { problem } from '../../domain/problem.js';
import { suppress } from '../../domain/coverage.js';
import { AppError } from '../../errors.js';
import * as funding from '../funding/funding.repository.js';
import { todayJakarta } from '../../domain/calendar.js';
import { dashboard } from './coverage.service.js';
import * as repo from './public.repository.js';
import { participantProtection } from '../../domain/protection.js';
import { statusLogOf } from './status-log.js';
import { statusLookupsOf } from './status-lookups.js';

/**
 * The pages anyone may open without logging in. Coverage shows aggregates only (no person, small
 * counts suppressed). The status check answers a worker who gives their NIK and the KPJ number on
 * their membership card — and says exactly the same thing whether the NIK is unknown, the KPJ is
 * wrong or the worker is not enrolled yet, so it can never be used to learn whether someone is
 * registered; the owner is never locked out, and repeated failures on a NIK are audited.
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
  targetYear: number | null;
  targetSource: string | null;
  potentialSource: string | null;
  participantsSource: string | null;
  rank: number | null;
}

export async function publicCoverage(
  db: Queryable,
  q: { regionCode?: string | null; asOf?: string },
): Promise<{ region: PublicRegion; children: PublicRegion[]; asOf: string; withData: number }> {
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
    targetYear: c.target?.year ?? null,
    targetSource: c.target?.source ?? null,
    potentialSource: c.potentialSource,
    participantsSource: c.participantsSource,
    rank,
  });
  return {
    region: strip(d.region, null),
    children: d.children.map((c) => strip(c, c.rankCoverage)),
    asOf: d.asOf,
    withData: d.children.filter((c) => c.pct !== null).length,
  };
}

const GENERIC = {
  found: false as const,
  message: {
    id: 'Data tidak cocok. Periksa NIK dan nomor KPJ pada kartu peserta Anda. Belum punya kartu atau nomor KPJ? Berarti Anda belum terdaftar: datangi kantor desa/kelurahan atau Disnaker setempat.',
    en: 'No match. Check the NIK and the KPJ number on your membership card. No card or KPJ number yet? Then you are not enrolled: go to your village office or the local labour office (Disnaker).',
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

const secrets = new WeakMap<object, string>();

/** The install's HMAC secret, read once per process and database (it never changes after install). */
async function secretOf(db: Queryable): Promise<string> {
  let secret = secrets.get(db);
  if (secret === undefined) secrets.set(db, (secret = await repo.attemptsSecret(db)));
  return secret;
}

/**
 * One indexed read answers the check, shared with the checks that arrive at the same time (status-lookups.ts);
 * the records it leaves (audit of the lookup, keyed hash of a failed
 * attempt) are written by the status log in batches, so an anonymous request never waits for a durable
 * commit and never deletes anything.
 */
export async function publicStatus(db: Queryable, input: { nik: string; kpj: string }): Promise<PublicStatus> {
  const nik = (input.nik ?? '').replace(/\s/g, '');
  const kpj = (input.kpj ?? '').replace(/[\s.-]/g, '');
  const problems = [];
  if (!/^\d{16}$/.test(nik)) problems.push(problem('nik', 'format', 'NIK harus 16 angka', 'The NIK must be 16 digits'));
  if (!/^\d{11}$/.test(kpj))
    problems.push(problem('kpj', 'format', 'Nomor KPJ harus 11 angka (lihat kartu peserta)', 'The KPJ number must be 11 digits (see the membership card)'));
  if (problems.length > 0) throw AppError.validation(problems);
  const day = todayJakarta();
  const log = statusLogOf(db);
  // The KPJ (printed on the card, assigned by BPJS) cannot be derived from the NIK, unlike the birth date.
  // The same words and the same work for an unknown NIK, a wrong KPJ and a worker not enrolled yet.
  const lookups = statusLookupsOf(db);
  const row = await lookups.membership.get(nik, day);
  const match = row?.kpj != null && row.kpj.length === kpj.length && timingSafeEqual(Buffer.from(row.kpj), Buffer.from(kpj));
  if (!row || !match) {
    // Attempts are kept under a keyed hash (HMAC with a secret made at install): a stolen table cannot be
    // turned back into NIKs by hashing candidate NIKs.
    const hash = createHmac('sha256', await secretOf(db))
      .update(nik)
      .digest('hex');
    const tries = (await lookups.failures.get(hash)) + log.pendingFailures(hash);
    log.failure(hash);
    // Guessing is recorded (without the NIK) once a NIK has failed 5 times in an hour; the owner, who holds
    // the card, is never locked out: a right pair is always answered.
    if (tries + 1 === 5) log.guessing(hash);
    return GENERIC;
  }
  if (row.arrears === null) throw new Error(`reference value arrears.max_months missing for ${day}`);
  const a = participantProtection(row, row.months, day, row.arrears);
  log.lookup(row.participant_id);
  // Only the kind of payer (DBHCHT, APBD, CSR…), never a name or an amount.
  return {
    found: true,
    state: a.state,
    protectedUntil: a.protectedUntil,
    reactivationDeadline: a.reactivationDeadline,
    paidBy: a.source ? (row.months.find((m) => m.sourceId === a.source!.id)?.sourceKind ?? null) : null,
    checkedOn: day,
  };
}
