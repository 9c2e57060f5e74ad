import type { Writable } from 'node:stream';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { personal } from '../../access/personal.js';
import { problem, type Problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import type { FileFormat } from '../../files/readers.js';
import { COLUMN_PATTERNS, findColumn, readTable, writeTable } from '../../files/tabular.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as repo from './verification.repository.js';
import * as check from './bpjs-check.repository.js';

/**
 * The BPJS check in a verification round (issue 16.2): Disnaker sends the branch the round's NIKs and
 * imports its answer — already a wage-earner (PU) or non-wage-earner (BPU) participant, the KPJ, active
 * or not — so that nobody already protected is funded twice. The answer is kept on the round and reaches
 * the registry at the checker's sign-off, with the villages' verdicts.
 */
const notFound = (id: number) =>
  new AppError('not_found', { id: `Putaran verifikasi #${id} tidak ditemukan di wilayah Anda`, en: `Verification round #${id} not found in your region` });

async function openRound(db: Queryable, actor: Actor, id: number): Promise<repo.RoundRow> {
  const round = await repo.findRound(db, actor, id);
  if (!round) throw notFound(id);
  if (round.status !== 'open') throw new AppError('conflict', { id: 'Putaran ini sudah disahkan', en: 'This round is already signed off' });
  return round;
}

export const CHECK_HEADERS = ['NIK', 'NAMA', 'TGL_LAHIR', 'KODE_DESA', 'SEGMEN (PU/BPU/TIDAK TERDAFTAR)', 'KPJ', 'STATUS (AKTIF/NONAKTIF)'];

/** The exchange file for the branch: the round's workers in the actor's villages; the answer columns empty. Audit-logged. */
export async function exportBpjsCheck(
  db: Queryable,
  actor: Actor,
  id: number,
  format: 'csv' | 'xlsx',
): Promise<{ rows: number; write: (out: Writable) => Promise<void> }> {
  requirePermission(actor, 'workers.write');
  const round = await openRound(db, actor, id);
  const rows = await check.checkRows(db, actor, id);
  const p = personal(actor);
  await check.markSent(db, id);
  await insertAudit(db, actor, {
    action: `verification.bpjs_export_${format}`,
    entity: 'verification_round',
    entityId: String(id),
    regionCode: round.region_code,
    after: { rows: rows.length },
  });
  return {
    rows: rows.length,
    write: (out) =>
      writeTable(
        format,
        out,
        'Cek BPJS',
        CHECK_HEADERS,
        rows.map((r) => [p.nik(r.nik)!, r.full_name, p.birthDate(r.birth_date) ?? '', r.village_code, '', '', '']),
      ),
  };
}

const SEGMENTS: Record<string, 'PU' | 'BPU' | 'NONE'> = {
  PU: 'PU',
  'PENERIMA UPAH': 'PU',
  BPU: 'BPU',
  'BUKAN PENERIMA UPAH': 'BPU',
  'TIDAK TERDAFTAR': 'NONE',
  'BELUM TERDAFTAR': 'NONE',
  'BUKAN PESERTA': 'NONE',
  'TIDAK DITEMUKAN': 'NONE',
  NONE: 'NONE',
  '-': 'NONE',
  '': 'NONE',
};
const ACTIVE: Record<string, boolean | null> = {
  AKTIF: true,
  ACTIVE: true,
  NONAKTIF: false,
  'NON AKTIF': false,
  'TIDAK AKTIF': false,
  INACTIVE: false,
  '': null,
  '-': null,
};

export interface AnswerResult {
  rows: number;
  wageEarners: number;
  protectedElsewhere: number;
  ours: number;
  notParticipants: number;
}

/** The branch's answer (CSV/XLSX): every row checked first; one problem and nothing is stored. */
export async function importBpjsAnswer(db: Queryable, actor: Actor, id: number, file: { path: string; format: FileFormat }): Promise<AnswerResult> {
  requirePermission(actor, 'workers.write');
  const round = await openRound(db, actor, id);
  const { headers, rows } = await readTable(file.path, file.format);
  const nikCol = findColumn(headers, COLUMN_PATTERNS.nik);
  const segCol = findColumn(headers, [/^SEGMEN/, /KEPESERTAAN/, /^JENIS_PESERTA/, /^SEGMENT/]);
  const kpjCol = findColumn(headers, COLUMN_PATTERNS.kpj);
  const statusCol = findColumn(
    headers.map((h, i) => (i === segCol ? '' : h)),
    [/^STATUS/, /^AKTIF/, /STATUS/],
  );
  const missing: Problem[] = [];
  if (nikCol < 0) missing.push(problem('file.NIK', 'column_missing', 'Kolom NIK tidak ada', 'The NIK column is missing'));
  if (segCol < 0)
    missing.push(
      problem('file.SEGMEN', 'column_missing', 'Kolom SEGMEN (PU/BPU/TIDAK TERDAFTAR) tidak ada', 'The SEGMEN column (PU/BPU/TIDAK TERDAFTAR) is missing'),
    );
  if (missing.length > 0) throw AppError.validation(missing);
  const known = new Map((await check.roundNiks(db, actor, id)).map((r) => [r.nik, r.worker_id]));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const out: { workerId: number; segment: 'PU' | 'BPU' | 'NONE'; kpj: string | null; active: boolean | null }[] = [];
  for (const r of rows) {
    const cell = (i: number) => (i < 0 ? '' : (r.cells[i] ?? '').trim());
    const at = `baris ${r.rowNo}`;
    const atEn = `row ${r.rowNo}`;
    const nik = cell(nikCol);
    if (nik === '' && r.cells.every((c) => c.trim() === '')) continue;
    const workerId = known.get(nik);
    if (!/^\d{16}$/.test(nik))
      problems.push(problem(`rows.${r.rowNo}.NIK`, 'nik_format', `${at}: NIK "${nik}" harus 16 angka`, `${atEn}: NIK "${nik}" must be 16 digits`));
    else if (workerId === undefined)
      problems.push(
        problem(`rows.${r.rowNo}.NIK`, 'not_in_round', `${at}: NIK ${nik} tidak ada dalam putaran ini`, `${atEn}: NIK ${nik} is not in this round`),
      );
    else if (seen.has(nik))
      problems.push(problem(`rows.${r.rowNo}.NIK`, 'duplicate', `${at}: NIK ${nik} muncul dua kali`, `${atEn}: NIK ${nik} appears twice`));
    seen.add(nik);
    const segment = SEGMENTS[cell(segCol).toUpperCase().replace(/\s+/g, ' ')];
    if (segment === undefined)
      problems.push(
        problem(
          `rows.${r.rowNo}.SEGMEN`,
          'segment_unknown',
          `${at}: SEGMEN "${cell(segCol)}" harus PU, BPU atau TIDAK TERDAFTAR`,
          `${atEn}: SEGMEN "${cell(segCol)}" must be PU, BPU or TIDAK TERDAFTAR`,
        ),
      );
    const kpj = cell(kpjCol).replace(/[\s.-]/g, '');
    if (segment !== undefined && segment !== 'NONE' && !/^\d{11}$/.test(kpj))
      problems.push(
        problem(
          `rows.${r.rowNo}.KPJ`,
          'kpj_format',
          `${at}: KPJ "${cell(kpjCol)}" harus 11 angka untuk peserta`,
          `${atEn}: KPJ "${cell(kpjCol)}" must be 11 digits for a participant`,
        ),
      );
    const active = ACTIVE[cell(statusCol).toUpperCase().replace(/\s+/g, ' ')];
    if (active === undefined)
      problems.push(
        problem(
          `rows.${r.rowNo}.STATUS`,
          'status_unknown',
          `${at}: STATUS "${cell(statusCol)}" harus AKTIF atau NONAKTIF`,
          `${atEn}: STATUS "${cell(statusCol)}" must be AKTIF or NONAKTIF`,
        ),
      );
    if (problems.length >= 50) break;
    if (workerId !== undefined && segment !== undefined && active !== undefined)
      out.push({ workerId, segment, kpj: segment === 'NONE' ? null : kpj, active: segment === 'NONE' ? null : active });
  }
  if (problems.length > 0) throw AppError.validation(problems);
  if (out.length === 0) throw AppError.validation([problem('file', 'file_empty', 'Berkas jawaban tidak berisi baris', 'The answer file holds no rows')]);
  return db.transaction(async (tx) => {
    await check.storeAnswer(tx, id, out);
    const c = await check.checkCounts(tx, actor, id);
    const result: AnswerResult = { rows: out.length, wageEarners: c.wage_earners, protectedElsewhere: c.elsewhere, ours: c.ours, notParticipants: c.none };
    await insertAudit(tx, actor, {
      action: 'verification.bpjs_answer',
      entity: 'verification_round',
      entityId: String(id),
      regionCode: round.region_code,
      after: { ...result },
    });
    return result;
  });
}
