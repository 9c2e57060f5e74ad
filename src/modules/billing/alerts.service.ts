import * as repo from './alerts.repository.js';
import { personal } from '../../access/personal.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { addMonths, monthEnd } from '../../domain/protection.js';
import { AppError } from '../../errors.js';
import * as funding from '../funding/funding.repository.js';
import { checkDate } from '../../domain/calendar.js';
import type { Writable } from 'node:stream';
import { writeTable } from '../../files/tabular.js';
import { insertAudit } from '../audit/audit.repository.js';
import { listClaims } from '../claims/claims.service.js';
import { dueScholarshipYears } from '../claims/scholarships.service.js';
import { eligibilityLost } from '../registry/registry.service.js';

/**
 * What is about to go wrong: protection ending soon, months billed but unpaid, and cohorts whose
 * fiscal-year funding ends before the next year's budget is approved (DOMAIN §4.1: coverage has
 * seasonal gaps; see them before the grace period ends).
 */
export interface AlertRow {
  kind: 'ending' | 'unpaid' | 'cohort' | 'eligibility';
  participantId: number | null;
  nik: string;
  fullName: string;
  villageCode: string;
  sourceName: string;
  /** ending: last protected day; unpaid: oldest unpaid month; cohort: last funded day. */
  date: string;
  months: number;
  rupiah: number;
  /** The last day the membership can be kept (arrears limit). */
  deadline: string;
}

export interface AlertsView {
  asOf: string;
  days: number;
  /** Rows per list and where each list's page starts. */
  page: { limit: number; endingOffset: number; unpaidOffset: number };
  /** overdueClaims: claims past their step's deadline; scholarshipDue: school years waiting for re-verification (claims module). */
  counts: {
    ending: number;
    unpaid: number;
    unpaidRupiah: number;
    cohorts: number;
    cohortWorkers: number;
    overdueClaims: number;
    scholarshipDue: number;
    eligibilityLost: number;
    eligibilityLostRupiah: number;
  };
  ending: AlertRow[];
  unpaid: AlertRow[];
  /** eligibility: date = the first month without it; deadline = the last day of paid protection (it continues). */
  eligibility: AlertRow[];
  cohorts: {
    sourceId: number;
    programId: number;
    sourceName: string;
    fiscalYear: number;
    endsOn: string;
    workers: number;
    nextYearBudget: number;
    lapseDeadline: string;
  }[];
}

export async function alerts(
  db: Queryable,
  actor: Actor,
  q: { programId?: number; days?: number; asOf?: string; limit?: number; endingOffset?: number; unpaidOffset?: number },
): Promise<AlertsView> {
  requirePermission(actor, 'funding.read');
  const day = checkDate('asOf', q.asOf);
  const days = q.days ?? 30;
  if (!Number.isInteger(days) || days < 0 || days > 366) throw AppError.validation([problem('days', 'range', 'Jumlah hari harus 0–366', 'Days must be 0–366')]);
  const arrears = await funding.referenceValue(db, 'arrears.max_months', day);
  const limit = Math.min(q.limit ?? 500, 1_000_000);
  const mask = personal(actor).nik;
  // Each list is paged on its own: a heading that says 15,474 shows 500 of them and where they are.
  const endingOffset = Math.max(0, q.endingOffset ?? 0);
  const unpaidOffset = Math.max(0, q.unpaidOffset ?? 0);
  const { ending, unpaid, cohorts } = await repo.alertRows(db, actor, {
    day,
    days,
    programId: q.programId ?? null,
    limit,
    arrears,
    endingOffset,
    unpaidOffset,
  });
  const lost = await eligibilityLost(db, actor, day.slice(0, 7), Math.min(limit, 500));
  return {
    asOf: day,
    days,
    page: { limit, endingOffset, unpaidOffset },
    counts: {
      ending: ending[0]?.total ?? 0,
      unpaid: unpaid[0]?.total ?? 0,
      unpaidRupiah: unpaid[0]?.total_rupiah ?? 0,
      cohorts: cohorts.length,
      cohortWorkers: cohorts.reduce((a, c) => a + c.workers, 0),
      overdueClaims: (await listClaims(db, actor, { overdue: true, pageSize: 500 })).items.length,
      scholarshipDue: (await dueScholarshipYears(db, actor, day)).count,
      eligibilityLost: lost.count,
      eligibilityLostRupiah: lost.rupiah,
    },
    eligibility: lost.items.map((i) => ({
      kind: 'eligibility' as const,
      participantId: null,
      nik: i.nik,
      fullName: i.fullName,
      villageCode: i.villageCode,
      sourceName: i.sourceName,
      date: `${i.fromMonth}-01`,
      months: i.months,
      rupiah: i.rupiah,
      deadline: i.paidUntil ?? monthEnd(addMonths(i.fromMonth, -1)),
    })),
    ending: ending.map((r) => {
      const last = r.last_month.slice(0, 7);
      return {
        kind: 'ending' as const,
        participantId: r.id,
        nik: mask(r.nik),
        fullName: r.full_name,
        villageCode: r.village_code,
        sourceName: r.source_name,
        date: monthEnd(last),
        months: 0,
        rupiah: 0,
        deadline: monthEnd(addMonths(last, arrears)),
      };
    }),
    unpaid: unpaid.map((r) => {
      const oldest = r.oldest.slice(0, 7);
      return {
        kind: 'unpaid' as const,
        participantId: r.id,
        nik: mask(r.nik),
        fullName: r.full_name,
        villageCode: r.village_code,
        sourceName: r.source_name,
        date: `${oldest}-01`,
        months: r.n,
        rupiah: r.rupiah,
        deadline: monthEnd(addMonths(addMonths(oldest, -1), arrears)),
      };
    }),
    cohorts: cohorts.map((c) => {
      const last = c.last_month.slice(0, 7);
      return {
        sourceId: c.source_id,
        programId: c.program_id,
        sourceName: c.source_name,
        fiscalYear: c.fiscal_year,
        endsOn: monthEnd(last),
        workers: c.workers,
        nextYearBudget: c.next_budget,
        lapseDeadline: monthEnd(addMonths(last, arrears)),
      };
    }),
  };
}

/**
 * The full alert list as a CSV or XLSX table, audit-logged as an export of personal data (NIK and
 * names, masked for roles without nik.full). One use case for the download route and `jaring enrol
 * alerts --out`. Checked and read before anything is written, so bad input is refused, not a broken file.
 */
export async function exportAlerts(
  db: Queryable,
  actor: Actor,
  q: { programId?: number; days?: number; asOf?: string },
  format: 'csv' | 'xlsx',
): Promise<{ view: AlertsView; write: (out: Writable) => Promise<void> }> {
  const a = await alerts(db, actor, { ...q, limit: 1_000_000 });
  await insertAudit(db, actor, { action: `alerts.export_${format}`, entity: 'alerts', entityId: null, regionCode: actor.scope, after: a.counts });
  // The kind in the office's words (issue 12.12), with the English after it as in the headers.
  const KIND = {
    ending: 'Segera berakhir / ending',
    unpaid: 'Belum dibayar / unpaid',
    cohort: 'Kohort tanpa pagu / cohort without budget',
    eligibility: 'Tidak layak lagi (DTSEN) / no longer eligible (DTSEN)',
  };
  const rows: (string | number)[][] = [...a.ending, ...a.unpaid, ...a.eligibility].map((r) => [
    KIND[r.kind],
    r.nik,
    r.fullName,
    r.villageCode,
    r.sourceName,
    r.date,
    r.months,
    r.rupiah,
    r.deadline,
  ]);
  for (const c of a.cohorts) rows.push([KIND.cohort, '', `${c.workers} peserta / participants`, '', c.sourceName, c.endsOn, 0, 0, c.lapseDeadline]);
  const headers = ['JENIS / KIND', 'NIK', 'NAMA / NAME', 'DESA / VILLAGE', 'SUMBER / SOURCE', 'TANGGAL / DATE', 'BULAN / MONTHS', 'RUPIAH', 'BATAS / DEADLINE'];
  return { view: a, write: (out) => writeTable(format, out, 'Peringatan', headers, rows) };
}
