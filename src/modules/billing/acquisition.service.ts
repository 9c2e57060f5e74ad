import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { canSee } from '../../access/access.js';
import { acquisition, creditClass, type Acquisition, type CreditClass } from '../../domain/acquisition.js';
import { isMonth } from '../../domain/calendar.js';
import { problem, type Problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import { findRegion } from '../regions/regions.repository.js';
import { referenceEntry } from '../funding/funding.repository.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as repo from './acquisition.repository.js';

/**
 * The BPJS branch's acquisition report for subsidised workers (issue 16.6): per branch (the regency it
 * serves), source and period, how many workers the KPI credits under the rule of DOMAIN §5.3.
 */
export interface AcquisitionFigures extends Acquisition {
  rupiah: number;
}

export interface AcquisitionSourceRow extends AcquisitionFigures {
  regencyCode: string;
  sourceId: number;
  sourceName: string;
  kind: string;
  fundingType: string;
  creditClass: CreditClass;
  /** Workers by their paid months in the period. */
  byMonths: { months: number; workers: number }[];
}

export interface AcquisitionBranch extends AcquisitionFigures {
  regencyCode: string;
  regencyName: string;
  /** The branch office serving the regency, when the office recorded it. */
  branch: string | null;
  sources: AcquisitionSourceRow[];
}

export interface AcquisitionReport {
  monthFrom: string;
  monthTo: string;
  fullMonths: number;
  legalBasis: string;
  branches: AcquisitionBranch[];
  total: AcquisitionFigures;
}

function sum(rows: AcquisitionFigures[]): AcquisitionFigures {
  const t = { workers: 0, full: 0, partial: 0, uncounted: 0, credited: 0, rupiah: 0 };
  for (const r of rows) {
    t.workers += r.workers;
    t.full += r.full;
    t.partial += r.partial;
    t.uncounted += r.uncounted;
    t.credited += r.credited;
    t.rupiah += r.rupiah;
  }
  return { ...t, credited: Math.round(t.credited * 100) / 100 };
}

function validate(p: { monthFrom: string; monthTo: string }): void {
  const problems: Problem[] = [];
  for (const field of ['monthFrom', 'monthTo'] as const)
    if (!isMonth(p[field] ?? '')) problems.push(problem(field, 'format', `${field} harus berbentuk TTTT-BB`, `${field} must look like YYYY-MM`));
  if (problems.length === 0 && p.monthFrom > p.monthTo)
    problems.push(problem('monthTo', 'order', 'Bulan akhir sebelum bulan awal', 'The last month is before the first month'));
  if (problems.length > 0) throw AppError.validation(problems);
}

export async function acquisitionReport(db: Queryable, actor: Actor, p: { monthFrom: string; monthTo: string }): Promise<AcquisitionReport> {
  requirePermission(actor, 'funding.read');
  validate(p);
  const rule = await referenceEntry(db, 'kpi.full_credit_months', `${p.monthTo}-01`);
  if (!rule)
    throw new AppError('conflict', {
      id: `Aturan KPI akuisisi tidak berlaku untuk ${p.monthTo}`,
      en: `No acquisition KPI rule is in force for ${p.monthTo}`,
    });
  const rows = await repo.acquisitionHistogram(db, actor, `${p.monthFrom}-01`, `${p.monthTo}-01`);
  const branches = new Map<string, AcquisitionBranch>();
  const sources = new Map<string, { row: AcquisitionSourceRow; histogram: { months: number; workers: number }[] }>();
  for (const r of rows) {
    let b = branches.get(r.regency_code);
    if (!b) {
      b = { regencyCode: r.regency_code, regencyName: r.regency_name ?? r.regency_code, branch: r.branch, sources: [], ...sum([]) };
      branches.set(r.regency_code, b);
    }
    const key = `${r.regency_code}|${r.source_id}`;
    let s = sources.get(key);
    if (!s) {
      const row: AcquisitionSourceRow = {
        regencyCode: r.regency_code,
        sourceId: r.source_id,
        sourceName: r.source_name,
        kind: r.kind,
        fundingType: r.funding_type,
        creditClass: creditClass(r.kind),
        byMonths: [],
        ...sum([]),
      };
      s = { row, histogram: row.byMonths };
      sources.set(key, s);
      b.sources.push(row);
    }
    s.histogram.push({ months: r.months, workers: r.workers });
    s.row.rupiah += Number(r.rupiah);
  }
  for (const { row } of sources.values()) Object.assign(row, acquisition(row.creditClass, row.byMonths, rule.value));
  for (const b of branches.values()) Object.assign(b, sum(b.sources));
  const list = [...branches.values()];
  return { monthFrom: p.monthFrom, monthTo: p.monthTo, fullMonths: rule.value, legalBasis: rule.legal_basis, branches: list, total: sum(list) };
}

/** Records which BPJS branch office serves a regency (the report's branch column). */
export async function setBpjsBranch(db: Queryable, actor: Actor, regencyCode: string, name: string): Promise<void> {
  requirePermission(actor, 'settings.write');
  const region = await findRegion(db, regencyCode);
  if (!region || !canSee(actor, regencyCode))
    throw new AppError('not_found', {
      id: `Kabupaten/kota ${regencyCode} tidak ditemukan di wilayah Anda`,
      en: `Regency ${regencyCode} not found in your region`,
    });
  if (region.level !== 'regency')
    throw AppError.validation([problem('regencyCode', 'level', 'Kantor cabang dicatat per kabupaten/kota', 'A branch is recorded per regency')]);
  const clean = name.trim();
  if (clean.length === 0 || clean.length > 200 || clean.includes('\u0000'))
    throw AppError.validation([problem('name', 'format', 'Nama kantor cabang harus 1–200 karakter', 'The branch name must be 1–200 characters')]);
  await db.transaction(async (tx) => {
    const before = (await repo.branchOf(tx, regencyCode))[0]?.name ?? null;
    await repo.setBranch(tx, regencyCode, clean, actor.username);
    await insertAudit(tx, actor, {
      action: 'bpjs_branch.set',
      entity: 'region',
      entityId: regencyCode,
      regionCode: regencyCode,
      before: { name: before },
      after: { name: clean },
    });
  });
}
