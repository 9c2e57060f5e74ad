import type { Writable } from 'node:stream';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { maskNik } from '../../domain/nik.js';
import { problem, type Problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import { todayJakarta } from '../../domain/calendar.js';
import { insertAudit } from '../audit/audit.repository.js';
import { readableProgram } from '../funding/funding.service.js';
import { canSeeShared, coversWhole } from '../../access/access.js';
import { personal, type PersonalPresenter } from '../../access/personal.js';
import * as recRepo from './reconcile.repository.js';
import type { FileFormat } from '../../files/readers.js';
import { COLUMN_PATTERNS, findColumn, readTable, writeTable } from '../../files/tabular.js';

/**
 * Reconciliation with a BPJS participant statement: which participants Jaring pays for that BPJS does
 * not list (missing), which BPJS lists that Jaring does not know (extra), and which differ in status,
 * KPJ, last paid month or amount (mismatch). Set-based: the statement is COPYed into a temporary
 * table and compared with one query per kind.
 */
export interface StatementRow {
  nik: string;
  kpj: string | null;
  active: boolean | null;
  lastMonth: string | null;
  amount: number | null;
}

const ACTIVE = /^(AKTIF|ACTIVE|A|1|YA|Y)$/i;
const INACTIVE = /^(NON[-_ ]?AKTIF|TIDAK AKTIF|INACTIVE|NA|0|KELUAR|BERAKHIR|ENDED|LAPSED)$/i;

function parseMonth(v: string): string | null | undefined {
  const s = v.trim();
  if (s === '') return null;
  let m = /^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$/.exec(s);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}`;
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return `${m[2]}-${m[1]!.padStart(2, '0')}`;
  return undefined;
}

/** Checks a statement's rows; a file with any wrong row is refused whole, with the rows named. */
export function parseStatement(
  headers: string[],
  rows: { rowNo: number; cells: string[] }[],
): { rows: StatementRow[]; problems: Problem[]; columns: string[] } {
  const col = {
    nik: findColumn(headers, COLUMN_PATTERNS.nik),
    kpj: findColumn(headers, COLUMN_PATTERNS.kpj),
    status: findColumn(headers, COLUMN_PATTERNS.status),
    lastMonth: findColumn(headers, COLUMN_PATTERNS.lastMonth),
    amount: findColumn(headers, COLUMN_PATTERNS.amount),
  };
  const problems: Problem[] = [];
  if (col.nik < 0) return { rows: [], problems: [problem('file', 'no_nik', 'Berkas tidak punya kolom NIK', 'The file has no NIK column')], columns: [] };
  const seen = new Set<string>();
  const out: StatementRow[] = [];
  for (const r of rows) {
    const at = (id: string, en: string, field: string) => problems.push(problem(field, 'invalid', `baris ${r.rowNo}: ${id}`, `row ${r.rowNo}: ${en}`));
    const nik = (r.cells[col.nik] ?? '').replace(/\s/g, '');
    if (!/^\d{16}$/.test(nik)) at(`NIK "${nik}" harus 16 angka`, `NIK "${nik}" must be 16 digits`, 'nik');
    else if (seen.has(nik)) at(`NIK ${maskNik(nik)} muncul dua kali`, `NIK ${maskNik(nik)} appears twice`, 'nik');
    seen.add(nik);
    const kpj = col.kpj >= 0 ? (r.cells[col.kpj] ?? '').replace(/\s/g, '') : '';
    if (kpj !== '' && !/^\d{11}$/.test(kpj)) at('nomor KPJ harus 11 angka', 'the KPJ number must be 11 digits', 'kpj');
    const st = col.status >= 0 ? (r.cells[col.status] ?? '').trim() : '';
    const active = st === '' ? null : ACTIVE.test(st) ? true : INACTIVE.test(st) ? false : undefined;
    if (active === undefined) at(`status "${st}" tidak dikenal (AKTIF/NONAKTIF)`, `unknown status "${st}" (AKTIF/NONAKTIF)`, 'status');
    const lm = col.lastMonth >= 0 ? parseMonth(r.cells[col.lastMonth] ?? '') : null;
    if (lm === undefined) at('bulan terakhir harus TTTT-BB', 'the last month must be YYYY-MM', 'lastMonth');
    const rawAmount = col.amount >= 0 ? (r.cells[col.amount] ?? '').replace(/^Rp\s*/i, '').replace(/[.,\s](?=\d{3}(\D|$))/g, '') : '';
    const amount = rawAmount === '' ? null : Number(rawAmount);
    if (amount !== null && (!Number.isSafeInteger(amount) || amount < 0)) at('jumlah harus bilangan bulat Rupiah', 'the amount must be whole Rupiah', 'amount');
    out.push({ nik, kpj: kpj || null, active: active ?? null, lastMonth: lm ?? null, amount: amount !== null && Number.isSafeInteger(amount) ? amount : null });
  }
  const columns = Object.entries(col)
    .filter(([, i]) => i >= 0)
    .map(([k]) => k);
  return { rows: out, problems, columns };
}

export interface ReconciliationView {
  id: number;
  programId: number;
  regionCode: string;
  fileName: string;
  statementRows: number;
  missing: number;
  extra: number;
  mismatched: number;
  matched: number;
  createdBy: string;
  createdAt: string;
  items?: { kind: string; nik: string; participantId: number | null; field: string; ours: string; theirs: string }[];
}

type RecRow = recRepo.RecRow;
const presentRec = (r: RecRow): ReconciliationView => ({
  id: r.id,
  programId: r.program_id,
  regionCode: r.region_code,
  fileName: r.file_name,
  statementRows: r.statement_rows,
  missing: r.missing,
  extra: r.extra,
  mismatched: r.mismatched,
  matched: r.matched,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function reconcileFile(
  db: Queryable,
  actor: Actor,
  input: { programId: number; path: string; format: FileFormat; fileName: string },
): Promise<ReconciliationView> {
  requirePermission(actor, 'enrolment.write');
  const program = await readableProgram(db, actor, input.programId);
  const t = await readTable(input.path, input.format);
  const parsed = parseStatement(t.headers, t.rows);
  if (parsed.problems.length > 0) throw AppError.validation(parsed.problems.slice(0, 50));
  if (parsed.rows.length === 0) throw AppError.validation([problem('file', 'empty', 'Berkas tidak berisi baris data', 'The file has no data rows')]);
  return db.transaction(async (tx) => {
    const { id, counts: c } = await recRepo.compareStatement(tx, actor, {
      programId: program.id,
      regionCode: program.region_code,
      fileName: input.fileName.slice(0, 200),
      createdBy: actor.username,
      rows: parsed.rows,
    });
    await insertAudit(tx, actor, {
      action: 'reconcile.run',
      entity: 'reconciliation',
      entityId: String(id),
      regionCode: program.region_code,
      after: { rows: parsed.rows.length, columns: parsed.columns, ...c },
    });
    return getReconciliation(tx, actor, id);
  });
}

async function findRec(db: Queryable, actor: Actor, id: number): Promise<RecRow> {
  requirePermission(actor, 'funding.read');
  const r = await recRepo.findReconciliation(db, id);
  if (!r || !canSeeShared(actor, r.region_code))
    throw new AppError('not_found', { id: `Rekonsiliasi #${id} tidak ditemukan`, en: `Reconciliation #${id} not found` });
  return r;
}

/** A reconciliation item as the actor may see it: NIK and KPJ through the personal-data presenter. */
const presentItem = (p: PersonalPresenter, i: recRepo.RecItemRow) => ({
  kind: i.kind,
  nik: p.nik(i.nik),
  participantId: i.participant_id,
  field: i.field,
  ours: i.field === 'kpj' ? p.kpj(i.ours) : i.ours,
  theirs: i.field === 'kpj' ? p.kpj(i.theirs) : i.theirs,
});

/**
 * A reconciliation with its first items. An actor whose scope is narrower than the program's region
 * (a village operator) sees only its own participants' items, and the totals counted from those.
 */
export async function getReconciliation(db: Queryable, actor: Actor, id: number, limit = 200): Promise<ReconciliationView> {
  const r = await findRec(db, actor, id);
  const whole = coversWhole(actor, r.region_code);
  const items = await recRepo.recItems(db, actor, id, { whole, kind: 'all', perKind: limit });
  let view = presentRec(r);
  if (!whole) view = { ...view, statementRows: 0, extra: 0, matched: 0, ...(await recRepo.recCountsInside(db, actor, id)) };
  const p = personal(actor);
  return { ...view, items: items.map((i) => presentItem(p, i)) };
}

export async function listReconciliations(db: Queryable, actor: Actor): Promise<ReconciliationView[]> {
  requirePermission(actor, 'funding.read');
  return (await recRepo.listReconciliations(db, actor)).map(presentRec);
}

/** One kind of difference (or all) as CSV/XLSX; audit-logged; NIK masked for roles without nik.full. */
export async function writeReconciliationItems(
  db: Queryable,
  actor: Actor,
  id: number,
  kind: 'missing' | 'extra' | 'mismatch' | 'all',
  format: 'csv' | 'xlsx',
  out: Writable,
): Promise<void> {
  const r = await findRec(db, actor, id);
  const p = personal(actor);
  const rows = await recRepo.recItems(db, actor, id, { whole: coversWhole(actor, r.region_code), kind });
  await insertAudit(db, actor, {
    action: `reconcile.export_${format}`,
    entity: 'reconciliation',
    entityId: String(id),
    regionCode: r.region_code,
    after: { kind, rows: rows.length, nikMasked: !p.full },
  });
  await writeTable(
    format,
    out,
    'Rekonsiliasi',
    ['JENIS / KIND', 'NIK', 'PESERTA / PARTICIPANT', 'KOLOM / FIELD', 'JARING', 'BPJS'],
    rows.map((x) => presentItem(p, x)).map((x) => [x.kind, x.nik, x.participantId ?? '', x.field, x.ours, x.theirs]),
  );
}

/**
 * Acting on a reconciliation where its differences are shown (issue 12.16): BPJS's KPJ numbers and
 * "non-active" statuses are applied to Jaring's participants in the actor's scope, in one transaction,
 * audit-logged. Applying twice changes nothing the second time.
 */
export async function applyReconciliation(db: Queryable, actor: Actor, id: number): Promise<{ kpj: number; status: number }> {
  requirePermission(actor, 'enrolment.write');
  return db.transaction(async (tx) => {
    const r = await findRec(tx, actor, id);
    const applied = await recRepo.applyStatement(tx, actor, id, todayJakarta());
    await insertAudit(tx, actor, {
      action: 'billing.reconciliation_apply',
      entity: 'reconciliation',
      entityId: String(id),
      regionCode: r.region_code,
      after: applied,
    });
    return applied;
  });
}
