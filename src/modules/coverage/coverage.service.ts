import * as repo from './coverage.repository.js';
import { findRegions } from '../regions/regions.repository.js';
import { canSee, canSeeShared } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { coveragePct, gapPeople, inconsistent, rank, type Ranked } from '../../domain/coverage.js';
import { monthlyContribution } from '../../domain/tariff.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { isDate, todayJakarta } from '../../domain/calendar.js';
import { findColumn, readTable } from '../../files/tabular.js';
import type { FileFormat } from '../../files/readers.js';

export interface CoverageFigures {
  code: string;
  name: string;
  level: string;
  asOf: string | null;
  potential: number | null;
  active: number | null;
  segments: { pu: number | null; bpu: number | null; jakon: number | null; pmi: number | null };
  pct: number | null;
  reportedPct: number | null;
  flagged: boolean;
  potentialSource: string | null;
  participantsSource: string | null;
  previous: { asOf: string; pct: number } | null;
  changePoints: number | null;
  /** Jaring's subsidised participants as BPJS reports them: active through the arrears window. */
  subsidised: number;
  /** Of them, paid for the month of the as-of date itself. */
  subsidisedPaid: number;
  subsidisedShare: number | null;
  target: { year: number; value: number; source: string; gapPeople: number; gapRupiahPerYear: number } | null;
}

export interface Dashboard {
  region: CoverageFigures;
  children: (CoverageFigures & { rankCoverage: number | null; rankGrowth: number | null; rankSubsidised: number | null })[];
  rankings: { coverage: Ranked[]; growth: Ranked[]; subsidised: Ranked[] };
  series: { asOf: string; pct: number; active: number; potential: number }[];
  bySource: { fundingType: string; participants: number; paid: number; rupiah: number }[];
  bySector: { sectorCode: string; participants: number; paid: number; rupiah: number }[];
  /** What the subsidised count counts: the month, the arrears window and its legal basis. */
  subsidisedRule: { month: string; arrearsMonths: number; legalBasis: string };
  tariff: { monthly: number; legalBasis: string[] };
  asOf: string;
  year: number;
  refreshedAt: string | null;
  breadcrumb: { code: string; name: string }[];
}

/** The yearly cost of one more protected worker: the default package (JKK+JKM at the lowest band) × 12. */
async function yearlyTariff(db: Queryable, year: number): Promise<{ monthly: number; legalBasis: string[] }> {
  const tables = await funding.loadTariffTables(db);
  const band = await funding.incomeBand(db, `${year}-01-01`);
  if (!band) throw new AppError('internal', { id: `Tidak ada pita penghasilan yang berlaku pada ${year}`, en: `No income band in force in ${year}` });
  // APBD money (SG) pays full rates: PP 50/2025 does not reach it, so the gap is priced without reductions.
  const m = monthlyContribution(
    tables,
    { declaredIncome: band.declared_income, includeJht: false },
    { sectorCode: 'food_farmer', fundingType: 'SG' },
    `${year}-01`,
  );
  return { monthly: m.total, legalBasis: [...new Set([...m.lines.map((l) => `${l.program}: ${l.legalBasis}`), `Penghasilan / income: ${band.legal_basis}`])] };
}

/** The arrears window in force in the month of `asOf` (Perdir 22/PERDIR.02/072022, DOMAIN §1.3), for saying what the subsidised count counts. */
async function subsidisedRule(db: Queryable, asOf: string): Promise<Dashboard['subsidisedRule']> {
  const ref = await funding.referenceEntry(db, 'arrears.max_months', asOf);
  return { month: asOf.slice(0, 7), arrearsMonths: ref?.value ?? 0, legalBasis: ref?.legal_basis ?? '' };
}

/** Latest input on or before `asOf` per region, with the one before it, the year's target and the subsidised count. */
async function figures(db: Queryable, which: repo.RegionSelector, asOf: string, year: number, monthly: number): Promise<CoverageFigures[]> {
  const rows = await repo.inputRows(db, which, asOf, year);
  return rows.map((r) => {
    const pct = r.active_total !== null && r.potential !== null ? coveragePct(r.active_total, r.potential) : null;
    const prevPct = r.prev_active !== null && r.prev_potential !== null ? coveragePct(r.prev_active, r.prev_potential) : null;
    const reported = r.reported_pct === null ? null : Number(r.reported_pct);
    const subsidised = r.subsidised ?? 0;
    const targetValue = r.target_value === null ? null : Number(r.target_value);
    const gap = targetValue !== null && r.active_total !== null && r.potential !== null ? gapPeople(r.active_total, r.potential, targetValue) : null;
    return {
      code: r.code,
      name: r.name,
      level: r.level,
      asOf: r.as_of,
      potential: r.potential,
      active: r.active_total,
      segments: { pu: r.active_pu, bpu: r.active_bpu, jakon: r.active_jakon, pmi: r.active_pmi },
      pct,
      reportedPct: reported,
      flagged: r.active_total !== null && r.potential !== null && inconsistent(reported, r.active_total, r.potential),
      potentialSource: r.potential_source,
      participantsSource: r.participants_source,
      previous: r.prev_as_of !== null && prevPct !== null ? { asOf: r.prev_as_of, pct: prevPct } : null,
      changePoints: pct !== null && prevPct !== null ? Math.round((pct - prevPct) * 100) / 100 : null,
      subsidised,
      subsidisedPaid: r.subsidised_paid ?? 0,
      subsidisedShare: r.active_total ? Math.round((subsidised * 10000) / r.active_total) / 100 : null,
      target:
        targetValue !== null && gap !== null
          ? { year: r.target_year ?? year, value: targetValue, source: r.target_source ?? '', gapPeople: gap, gapRupiahPerYear: gap * monthly * 12 }
          : null,
    };
  });
}

function checkRegion(field: string, raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw === '' || raw === 'ID') return null;
  const code = normalizeRegionCode(raw);
  if (!code) throw AppError.validation([problem(field, 'format', `Kode wilayah "${raw}" tidak valid`, `Invalid region code "${raw}"`)]);
  return code;
}

/**
 * A region's coverage on `asOf` (default today) with its children ranked — province → regency →
 * district → village — its time series and Jaring's subsidised participants by funding type.
 */
export async function dashboard(db: Queryable, actor: Actor | null, q: { regionCode?: string | null; asOf?: string }): Promise<Dashboard> {
  if (actor) requirePermission(actor, 'funding.read');
  const asOf = q.asOf ?? todayJakarta();
  if (!isDate(asOf)) throw AppError.validation([problem('asOf', 'format', 'Tanggal harus TTTT-BB-HH', 'Date must look like YYYY-MM-DD')]);
  const code = checkRegion('regionCode', q.regionCode ?? actor?.scope ?? null);
  if (actor && code !== null && !canSeeShared(actor, code))
    throw new AppError('not_found', { id: 'Wilayah di luar cakupan Anda', en: 'Region outside your scope' });
  if (actor && code === null && actor.scope !== null) throw new AppError('forbidden');
  const year = Number(asOf.slice(0, 4));
  const tariff = await yearlyTariff(db, year);
  const region = code === null ? await nationalFigures(db, asOf, year, tariff.monthly) : (await figures(db, { code }, asOf, year, tariff.monthly))[0];
  if (!region) throw new AppError('not_found', { id: `Wilayah ${code} tidak dikenal`, en: `Unknown region ${code}` });
  const children = await figures(db, code === null ? { provinces: true } : { childrenOf: code }, asOf, year, tariff.monthly);
  const rankable = children.filter((c) => c.active !== null && c.potential !== null);
  const input = rankable.map((c) => ({
    code: c.code,
    name: c.name,
    active: c.active!,
    potential: c.potential!,
    previousPct: c.previous?.pct ?? null,
    subsidised: c.subsidised,
  }));
  const rankings = { coverage: rank(input, 'coverage'), growth: rank(input, 'growth'), subsidised: rank(input, 'subsidised') };
  const pos = (list: Ranked[], c: string) => list.find((x) => x.code === c)?.rank ?? null;
  const series = code === null ? [] : await repo.inputSeries(db, code, asOf);
  const bySource = await repo.subsidisedBy(db, 'funding_type', code ?? '', asOf);
  const bySector = await repo.subsidisedBy(db, 'sector_code', code ?? '', asOf);
  const refreshed = await repo.lastRefresh(db);
  const crumbs =
    code === null
      ? []
      : await findRegions(
          db,
          [code.slice(0, 2), code.slice(0, 5), code.slice(0, 8), code].filter((c, i, a) => a.indexOf(c) === i),
        );
  return {
    region,
    children: children.map((c) => ({
      ...c,
      rankCoverage: pos(rankings.coverage, c.code),
      rankGrowth: pos(rankings.growth, c.code),
      rankSubsidised: pos(rankings.subsidised, c.code),
    })),
    rankings,
    series: series.map((s) => ({ asOf: s.as_of, pct: coveragePct(s.active_total, s.potential), active: s.active_total, potential: s.potential })),
    bySource: bySource.map((b) => ({ fundingType: b.funding_type, participants: b.active, paid: b.paid, rupiah: b.rupiah })),
    bySector: bySector.map((b) => ({ sectorCode: b.sector_code, participants: b.active, paid: b.paid, rupiah: b.rupiah })),
    subsidisedRule: await subsidisedRule(db, asOf),
    tariff,
    asOf,
    year,
    refreshedAt: refreshed[0] ? new Date(refreshed[0].at).toISOString() : null,
    breadcrumb: crumbs,
  };
}

/** The country as the sum of the provinces' latest inputs. */
async function nationalFigures(db: Queryable, asOf: string, year: number, monthly: number): Promise<CoverageFigures> {
  const provinces = await figures(db, { provinces: true }, asOf, year, monthly);
  const withData = provinces.filter((p) => p.active !== null && p.potential !== null);
  // A national figure only when every province has one: a sum of the few provinces with data is not Indonesia's coverage.
  const complete = withData.length === provinces.length;
  const active = withData.reduce((a, p) => a + p.active!, 0);
  const potential = withData.reduce((a, p) => a + p.potential!, 0);
  const subsidised = provinces.reduce((a, p) => a + p.subsidised, 0);
  const subsidisedPaid = provinces.reduce((a, p) => a + p.subsidisedPaid, 0);
  return {
    code: '',
    name: 'Indonesia',
    level: 'country',
    asOf,
    potential: potential || null,
    active: potential ? active : null,
    segments: { pu: null, bpu: null, jakon: null, pmi: null },
    pct: potential && complete ? coveragePct(active, potential) : null,
    reportedPct: null,
    flagged: false,
    potentialSource: withData.length ? `${withData.length} dari ${provinces.length} provinsi / of ${provinces.length} provinces` : null,
    participantsSource: null,
    previous: null,
    changePoints: null,
    subsidised,
    subsidisedPaid,
    subsidisedShare: active ? Math.round((subsidised * 10000) / active) / 100 : null,
    target: null,
  };
}

function coverageWriter(actor: Actor, code: string): void {
  requirePermission(actor, 'coverage.write');
  if (!canSee(actor, code)) throw new AppError('forbidden', { id: `Wilayah ${code} di luar cakupan Anda`, en: `Region ${code} is outside your scope` });
}

export interface CoverageInput {
  regionCode: string;
  asOf: string;
  potential: number;
  potentialSource: string;
  potentialDate?: string | null;
  activePu?: number | null;
  activeBpu?: number | null;
  activeJakon?: number | null;
  activePmi?: number | null;
  activeTotal?: number | null;
  participantsSource: string;
  participantsDate?: string | null;
  reportedPct?: number | null;
}

/** Checks one input; `at` prefixes messages with the row of a file. */
export function checkInput(i: CoverageInput, at = ''): { value: Required<CoverageInput> & { regionCode: string }; problems: Problem[] } {
  const p: Problem[] = [];
  const pre = (id: string, en: string): [string, string] => (at ? [`${at.replace('row', 'baris')}: ${id}`, `${at}: ${en}`] : [id, en]);
  const add = (field: string, code: string, id: string, en: string) => p.push(problem(field, code, ...pre(id, en)));
  const code = normalizeRegionCode(i.regionCode ?? '');
  if (!code) add('regionCode', 'format', `kode wilayah "${i.regionCode}" tidak valid`, `invalid region code "${i.regionCode}"`);
  if (!isDate(i.asOf ?? '')) add('asOf', 'format', 'tanggal data harus TTTT-BB-HH', 'the data date must look like YYYY-MM-DD');
  for (const f of ['potentialDate', 'participantsDate'] as const)
    if (i[f] && !isDate(i[f]!)) add(f, 'format', `${f} harus TTTT-BB-HH`, `${f} must look like YYYY-MM-DD`);
  const whole = (field: string, v: number | null | undefined, positive = false) => {
    if (v === null || v === undefined) return null;
    if (!Number.isSafeInteger(v) || v < (positive ? 1 : 0))
      add(field, 'range', `${field} harus bilangan bulat${positive ? ' > 0' : ' ≥ 0'}`, `${field} must be a whole number${positive ? ' > 0' : ' ≥ 0'}`);
    return v;
  };
  const potential = whole('potential', i.potential, true);
  if (potential === null) add('potential', 'required', 'jumlah potensi peserta (penyebut) wajib', 'the potential participants (denominator) are required');
  const seg = [whole('activePu', i.activePu), whole('activeBpu', i.activeBpu), whole('activeJakon', i.activeJakon), whole('activePmi', i.activePmi)];
  let total = whole('activeTotal', i.activeTotal);
  const segSum = seg.some((x) => x !== null) ? seg.reduce<number>((a, x) => a + (x ?? 0), 0) : null;
  if (total === null) total = segSum;
  else if (segSum !== null && segSum !== total)
    add('activeTotal', 'sum', `jumlah segmen ${segSum} tidak sama dengan total ${total}`, `segments add up to ${segSum}, not the total ${total}`);
  if (total === null)
    add(
      'activeTotal',
      'required',
      'peserta aktif (pembilang) wajib: total atau per segmen',
      'active participants (numerator) are required: a total or per segment',
    );
  if (total !== null && potential !== null && total > potential)
    add('activeTotal', 'over', 'peserta aktif melebihi potensi peserta', 'active participants exceed the potential participants');
  if (!(i.potentialSource ?? '').trim())
    add('potentialSource', 'required', 'sumber penyebut wajib (mis. BPS/Bappenas)', 'the denominator needs its source (e.g. BPS/Bappenas)');
  if (!(i.participantsSource ?? '').trim())
    add('participantsSource', 'required', 'sumber pembilang wajib (mis. BPJS Ketenagakerjaan)', 'the numerator needs its source (e.g. BPJS Ketenagakerjaan)');
  if (i.reportedPct !== null && i.reportedPct !== undefined && (!Number.isFinite(i.reportedPct) || i.reportedPct < 0 || i.reportedPct > 100))
    add('reportedPct', 'range', 'persentase dilaporkan harus 0–100', 'the reported percentage must be 0–100');
  return {
    value: {
      regionCode: code ?? '',
      asOf: i.asOf,
      potential: potential ?? 0,
      potentialSource: (i.potentialSource ?? '').trim(),
      potentialDate: i.potentialDate || null,
      activePu: seg[0] ?? null,
      activeBpu: seg[1] ?? null,
      activeJakon: seg[2] ?? null,
      activePmi: seg[3] ?? null,
      activeTotal: total ?? 0,
      participantsSource: (i.participantsSource ?? '').trim(),
      participantsDate: i.participantsDate || null,
      reportedPct: i.reportedPct ?? null,
    },
    problems: p,
  };
}

/** Saves inputs (insert or replace per region and date), all or none, after checking scope and regions. */
export async function saveInputs(db: Queryable, actor: Actor, inputs: CoverageInput[], source = 'form'): Promise<{ saved: number; flagged: number }> {
  requirePermission(actor, 'coverage.write');
  const checked = inputs.map((x, i) => checkInput(x, inputs.length > 1 ? `row ${i + 2}` : ''));
  const problems = checked.flatMap((c) => c.problems);
  if (problems.length > 0) throw AppError.validation(problems.slice(0, 50));
  const values = checked.map((c) => c.value);
  for (const v of values) coverageWriter(actor, v.regionCode);
  return db.transaction(async (tx) => {
    const set = new Set(
      (
        await findRegions(
          tx,
          values.map((v) => v.regionCode),
        )
      ).map((k) => k.code),
    );
    const unknown = values.filter((v) => !set.has(v.regionCode));
    if (unknown.length > 0)
      throw AppError.validation(
        unknown.slice(0, 20).map((v) => problem('regionCode', 'unknown', `Kode wilayah ${v.regionCode} tidak ada`, `Region ${v.regionCode} does not exist`)),
      );
    await repo.upsertInputs(tx, values, actor.username);
    const flagged = values.filter((v) => inconsistent(v.reportedPct ?? null, v.activeTotal ?? 0, v.potential)).length;
    await insertAudit(tx, actor, {
      action: 'coverage.save',
      entity: 'coverage_inputs',
      entityId: null,
      regionCode: actor.scope,
      after: { rows: values.length, flagged, source, regions: values.slice(0, 20).map((v) => `${v.regionCode}@${v.asOf}`) },
    });
    return { saved: values.length, flagged };
  });
}

const num = (s: string | undefined): number | null => {
  const t = (s ?? '').replace(/\s/g, '');
  if (t === '') return null;
  const clean = t.replace(/\.(?=\d{3}(\D|$))/g, '').replace(/,(?=\d{3}(\D|$))/g, '');
  return Number(clean.replace(',', '.'));
};

/** Reads a CSV/XLSX of coverage inputs (one row per region and date) and saves it all or nothing. */
export async function importInputs(
  db: Queryable,
  actor: Actor,
  f: { path: string; format: FileFormat; name: string },
): Promise<{ saved: number; flagged: number }> {
  requirePermission(actor, 'coverage.write');
  const t = await readTable(f.path, f.format);
  const col = (patterns: RegExp[]) => findColumn(t.headers, patterns);
  const c = {
    region: col([/^KODE(_WILAYAH)?$/, /^REGION(_CODE)?$/, /KODE/]),
    asOf: col([/^TANGGAL(_DATA)?$/, /^AS_OF$/, /^PER_TANGGAL$/]),
    potential: col([/^POTENSI(_PESERTA)?$/, /^POTENTIAL$/, /^PENYEBUT$/]),
    potentialSource: col([/^SUMBER_POTENSI$/, /^POTENTIAL_SOURCE$/]),
    potentialDate: col([/^TANGGAL_POTENSI$/, /^POTENTIAL_DATE$/]),
    pu: col([/^PU$/, /^PENERIMA_UPAH$/]),
    bpu: col([/^BPU$/, /^BUKAN_PENERIMA_UPAH$/]),
    jakon: col([/^JAKON$/, /^JASA_KONSTRUKSI$/]),
    pmi: col([/^PMI$/, /^PEKERJA_MIGRAN$/]),
    total: col([/^AKTIF$/, /^PESERTA_AKTIF$/, /^ACTIVE(_TOTAL)?$/, /^PEMBILANG$/]),
    participantsSource: col([/^SUMBER_PESERTA$/, /^PARTICIPANTS_SOURCE$/]),
    participantsDate: col([/^TANGGAL_PESERTA$/, /^PARTICIPANTS_DATE$/]),
    reported: col([/^PERSEN(_DILAPORKAN)?$/, /^REPORTED(_PCT)?$/, /^CAKUPAN_DILAPORKAN$/]),
  };
  const missing: Problem[] = [];
  if (c.region < 0) missing.push(problem('file', 'no_region', 'Berkas tidak punya kolom KODE_WILAYAH', 'The file has no KODE_WILAYAH (region code) column'));
  if (c.asOf < 0) missing.push(problem('file', 'no_date', 'Berkas tidak punya kolom TANGGAL', 'The file has no TANGGAL (date) column'));
  if (c.potential < 0)
    missing.push(problem('file', 'no_potential', 'Berkas tidak punya kolom POTENSI', 'The file has no POTENSI (potential participants) column'));
  if (missing.length > 0) throw AppError.validation(missing);
  if (t.rows.length === 0) throw AppError.validation([problem('file', 'empty', 'Berkas tidak berisi baris data', 'The file has no data rows')]);
  const cell = (r: { cells: string[] }, i: number) => (i >= 0 ? (r.cells[i] ?? '') : '');
  const inputs = t.rows.map((r): CoverageInput => ({
    regionCode: cell(r, c.region),
    asOf: cell(r, c.asOf),
    potential: num(cell(r, c.potential)) as number,
    potentialSource: cell(r, c.potentialSource),
    potentialDate: cell(r, c.potentialDate) || null,
    activePu: num(cell(r, c.pu)),
    activeBpu: num(cell(r, c.bpu)),
    activeJakon: num(cell(r, c.jakon)),
    activePmi: num(cell(r, c.pmi)),
    activeTotal: num(cell(r, c.total)),
    participantsSource: cell(r, c.participantsSource),
    participantsDate: cell(r, c.participantsDate) || null,
    reportedPct: num(cell(r, c.reported)),
  }));
  return saveInputs(db, actor, inputs, f.name);
}

export async function setTarget(
  db: Queryable,
  actor: Actor,
  t: { regionCode: string; year: number; value: number; source: string },
): Promise<{ regionCode: string; year: number; value: number; source: string }> {
  const code = normalizeRegionCode(t.regionCode ?? '');
  const problems: Problem[] = [];
  if (!code) problems.push(problem('regionCode', 'format', `Kode wilayah "${t.regionCode}" tidak valid`, `Invalid region code "${t.regionCode}"`));
  if (!Number.isInteger(t.year) || t.year < 2014 || t.year > 2100) problems.push(problem('year', 'range', 'Tahun harus 2014–2100', 'Year must be 2014–2100'));
  if (!Number.isFinite(t.value) || t.value <= 0 || t.value > 100)
    problems.push(problem('value', 'range', 'Target harus lebih dari 0 dan paling banyak 100 %', 'The target must be above 0 and at most 100 %'));
  if (!(t.source ?? '').trim())
    problems.push(
      problem('source', 'required', 'Sumber target wajib (mis. RPJMN, RPJMD, Kemendagri)', 'The target needs its source (e.g. RPJMN, RPJMD, Kemendagri)'),
    );
  if (problems.length > 0) throw AppError.validation(problems);
  coverageWriter(actor, code!);
  return db.transaction(async (tx) => {
    await repo.upsertTarget(tx, { regionCode: code!, year: t.year, value: t.value, source: t.source.trim(), createdBy: actor.username });
    await insertAudit(tx, actor, { action: 'coverage.target', entity: 'coverage_target', entityId: `${code}/${t.year}`, regionCode: code, after: t });
    return { regionCode: code!, year: t.year, value: t.value, source: t.source.trim() };
  });
}

/**
 * Rebuilds Jaring's subsidised-participant aggregate from paid months, for every region level, in one
 * transaction (readers see the old figures until it commits). Set-based: one INSERT … SELECT.
 */
export async function refreshSubsidised(db: Queryable, actor: Actor | null): Promise<{ rows: number; millis: number }> {
  // A write: it rebuilds the national aggregate (read-only roles such as the auditor may not).
  if (actor) requirePermission(actor, 'coverage.write');
  const started = performance.now();
  return db.transaction(async (tx) => {
    const rows = await repo.rebuildSubsidised(tx);
    const millis = Math.round(performance.now() - started);
    await repo.recordRefresh(tx, rows, millis);
    if (actor)
      await insertAudit(tx, actor, {
        action: 'coverage.refresh',
        entity: 'coverage_subsidised',
        entityId: null,
        regionCode: actor.scope,
        after: { rows },
      });
    return { rows, millis };
  });
}
