import type { Writable } from 'node:stream';
import * as repo from './exchange.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { personal, type PersonalPresenter } from '../../access/personal.js';
import { problem, type Problem } from '../../domain/problem.js';
import { addDays, todayJakarta } from '../../domain/calendar.js';
import { formatRupiah } from '../../domain/money.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { safeCell, writeTable } from '../../files/tabular.js';
import { documentNumber, letterheadFor, startOfficialPdf } from '../letterheads/letterheads.service.js';
import { drawSignature } from '../../files/official-pdf.js';
import { BENEFIT_NAMES, INCIDENT_NAMES } from './claim-names.js';

/**
 * Claims exchanged with the BPJS branch: a submission takes the verified claims of one regency, gives
 * them a cover letter number, moves them to "submitted" with BPJS's decision deadline, and yields the
 * submission file (columns as the branch wants them, per regency office) and the cover letter; BPJS's
 * decision file comes back — paid with amount, day and reference, or rejected with a reason — and is
 * applied whole or not at all, each paid amount compared with the amount Jaring computed.
 */
export const CLAIM_FILE_FIELDS = {
  claimId: 'Nomor klaim Jaring',
  kpj: 'Nomor KPJ',
  nik: 'NIK peserta',
  fullName: 'Nama peserta',
  villageCode: 'Kode desa (Kemendagri)',
  benefit: 'Manfaat',
  incidentKind: 'Jenis kejadian',
  occurredOn: 'Tanggal kejadian (TTTT-BB-HH)',
  place: 'Tempat kejadian',
  computedAmount: 'Jumlah dihitung Jaring (Rp)',
  heirName: 'Nama ahli waris',
  heirRelation: 'Hubungan ahli waris',
  heirNik: 'NIK ahli waris',
  bankName: 'Bank',
  bankAccount: 'Nomor rekening',
} as const;
export type ClaimFileField = keyof typeof CLAIM_FILE_FIELDS;
export interface ClaimFileColumn {
  header: string;
  field: ClaimFileField;
}
export const DEFAULT_CLAIM_LAYOUT: ClaimFileColumn[] = [
  { header: 'ID_KLAIM', field: 'claimId' },
  { header: 'KPJ', field: 'kpj' },
  { header: 'NIK', field: 'nik' },
  { header: 'NAMA', field: 'fullName' },
  { header: 'MANFAAT', field: 'benefit' },
  { header: 'TGL_KEJADIAN', field: 'occurredOn' },
  { header: 'JUMLAH', field: 'computedAmount' },
  { header: 'AHLI_WARIS', field: 'heirName' },
  { header: 'HUBUNGAN', field: 'heirRelation' },
  { header: 'NIK_AHLI_WARIS', field: 'heirNik' },
  { header: 'BANK', field: 'bankName' },
  { header: 'NO_REKENING', field: 'bankAccount' },
];

function validateClaimLayout(layout: unknown): ClaimFileColumn[] {
  if (!Array.isArray(layout) || layout.length === 0 || layout.length > 30)
    throw AppError.validation([problem('layout', 'shape', 'Tata letak harus daftar 1–30 kolom', 'The layout must list 1–30 columns')]);
  const problems: Problem[] = [];
  const out = (layout as { header?: unknown; field?: unknown }[]).map((c, i) => {
    const header = typeof c?.header === 'string' ? c.header.trim() : '';
    const field = typeof c?.field === 'string' ? c.field : '';
    if (header.length < 1 || header.length > 60)
      problems.push(problem(`layout[${i}].header`, 'length', 'Judul kolom wajib (1–60 karakter)', 'A column header is required (1–60 characters)'));
    if (!(field in CLAIM_FILE_FIELDS)) problems.push(problem(`layout[${i}].field`, 'unknown', `Isian "${field}" tidak dikenal`, `Unknown field "${field}"`));
    return { header, field: field as ClaimFileField };
  });
  if (problems.length > 0) throw AppError.validation(problems);
  return out;
}

/** The regency office an actor works for (a submission and its layout belong to one regency). */
function regencyOf(actor: Actor, regencyCode?: string): string {
  const code = regencyCode ?? actor.scope ?? '';
  const regency = code.slice(0, 5);
  if (!/^\d{2}\.\d{2}$/.test(regency) || (actor.scope !== null && !regency.startsWith(actor.scope.slice(0, 5)) && !actor.scope.startsWith(regency)))
    throw AppError.validation([problem('regencyCode', 'required', 'Pilih kabupaten/kota (kode seperti 35.09)', 'Choose a regency (a code such as 35.09)')]);
  return regency;
}

export async function getClaimLayout(db: Queryable, actor: Actor, regencyCode?: string) {
  requirePermission(actor, 'funding.read');
  const regency = regencyOf(actor, regencyCode);
  const saved = (await repo.fileLayout(db, regency)) as ClaimFileColumn[] | null;
  return { regencyCode: regency, layout: saved ?? DEFAULT_CLAIM_LAYOUT, fields: CLAIM_FILE_FIELDS, default: DEFAULT_CLAIM_LAYOUT };
}

/** Sets the regency's claim-file layout (or resets it with null); audit-logged. */
export async function setClaimLayout(db: Queryable, actor: Actor, layout: unknown[] | null, regencyCode?: string) {
  requirePermission(actor, 'settings.write');
  const regency = regencyOf(actor, regencyCode);
  const columns = layout === null ? null : validateClaimLayout(layout);
  await db.transaction(async (tx) => {
    await repo.saveFileLayout(tx, regency, columns, actor.username);
    await insertAudit(tx, actor, { action: 'claim.file_layout', entity: 'claim_settings', entityId: regency, regionCode: regency, after: { layout: columns } });
  });
  return getClaimLayout(db, actor, regency);
}

export interface SubmissionView {
  id: number;
  regencyCode: string;
  documentNumber: string;
  claimCount: number;
  totalAmount: number;
  createdBy: string;
  createdAt: string;
}

const presentSubmission = (s: repo.SubmissionRow): SubmissionView => ({
  id: s.id,
  regencyCode: s.region_code,
  documentNumber: s.document_number,
  claimCount: s.claim_count,
  totalAmount: s.total_amount,
  createdBy: s.created_by,
  createdAt: new Date(s.created_at).toISOString(),
});

/** Submits the regency's verified claims (all, or those listed) to BPJS in one submission. */
export async function createSubmission(db: Queryable, actor: Actor, input: { claimIds?: number[]; regencyCode?: string }): Promise<SubmissionView> {
  requirePermission(actor, 'claims.write');
  const regency = regencyOf(actor, input.regencyCode);
  return db.transaction(async (tx) => {
    const claims = (await repo.verifiedClaims(tx, actor, input.claimIds ?? null)).filter((c) => c.region_code.startsWith(regency));
    if (claims.length === 0) throw new AppError('conflict', { id: 'Tidak ada klaim terverifikasi untuk diajukan', en: 'No verified claim to submit' });
    if (input.claimIds && claims.length !== new Set(input.claimIds).size)
      throw AppError.validation([
        problem(
          'claimIds',
          'not_verified',
          'Sebagian klaim yang dipilih tidak terverifikasi atau di luar wilayah',
          'Some chosen claims are not verified or outside the regency',
        ),
      ]);
    const today = todayJakarta();
    const total = claims.reduce((a, c) => a + c.computed_amount, 0);
    const lh = await letterheadFor(tx, regency);
    const id = await repo.insertSubmission(tx, { regionCode: regency, documentNumber: 'pending', count: claims.length, total, by: actor.username });
    const number = await documentNumber(tx, actor, lh, { document: `claim-submission:${id}`, on: today });
    await repo.setSubmissionNumber(tx, id, number);
    const dueOn = addDays(today, await funding.referenceValue(tx, 'claim.bpjs_decision_days', today));
    await repo.markSubmitted(
      tx,
      claims.map((c) => c.id),
      id,
      dueOn,
      actor.username,
    );
    await insertAudit(tx, actor, {
      action: 'claim.submission',
      entity: 'claim_submission',
      entityId: String(id),
      regionCode: regency,
      after: { claims: claims.map((c) => c.id), total, number, dueOn },
    });
    return presentSubmission((await repo.findSubmission(tx, actor, id))!);
  });
}

export async function listSubmissions(db: Queryable, actor: Actor): Promise<{ items: SubmissionView[] }> {
  requirePermission(actor, 'funding.read');
  return { items: (await repo.listSubmissions(db, actor)).map(presentSubmission) };
}

/** One submission in the actor's scope (checked before a download starts streaming). */
export async function getSubmission(db: Queryable, actor: Actor, id: number): Promise<SubmissionView> {
  requirePermission(actor, 'funding.read');
  return presentSubmission(await submissionOf(db, actor, id));
}

async function submissionOf(db: Queryable, actor: Actor, id: number): Promise<repo.SubmissionRow> {
  const s = await repo.findSubmission(db, actor, id);
  if (!s) throw new AppError('not_found', { id: `Pengajuan #${id} tidak ditemukan di wilayah Anda`, en: `Submission #${id} not found in your region` });
  return s;
}

function cell(l: repo.SubmissionLine, f: ClaimFileField, p: PersonalPresenter): string | number {
  switch (f) {
    case 'claimId':
      return l.claim_id;
    case 'kpj':
      return p.kpj(l.kpj) ?? '';
    case 'nik':
      return p.nik(l.nik);
    case 'fullName':
      return safeCell(l.full_name);
    case 'villageCode':
      return l.village_code;
    case 'benefit':
      return BENEFIT_NAMES[l.benefit as keyof typeof BENEFIT_NAMES] ?? l.benefit;
    case 'incidentKind':
      return INCIDENT_NAMES[l.kind as keyof typeof INCIDENT_NAMES] ?? l.kind;
    case 'occurredOn':
      return l.occurred_on;
    case 'place':
      return safeCell(l.place);
    case 'computedAmount':
      return l.computed_amount;
    case 'heirName':
      return safeCell(l.heir_name ?? '');
    case 'heirRelation':
      return l.heir_relation ?? '';
    case 'heirNik':
      return p.nik(l.heir_nik) ?? '';
    case 'bankName':
      return safeCell(l.bank_name ?? '');
    case 'bankAccount':
      return l.bank_account ? p.account(l.bank_account) : '';
  }
}

/** The submission file for the branch, in the regency's layout; identifiers through the one presenter; audit-logged. */
export async function writeSubmissionFile(db: Queryable, actor: Actor, id: number, format: 'csv' | 'xlsx', out: Writable): Promise<void> {
  requirePermission(actor, 'funding.read');
  const s = await submissionOf(db, actor, id);
  const { layout } = await getClaimLayout(db, actor, s.region_code);
  const lines = await repo.submissionLines(db, id);
  const p = personal(actor);
  await insertAudit(db, actor, {
    action: 'claim.submission_export',
    entity: 'claim_submission',
    entityId: String(id),
    regionCode: s.region_code,
    after: { format, rows: lines.length },
  });
  await writeTable(
    format,
    out,
    'Klaim',
    layout.map((c) => c.header),
    lines.map((l) => layout.map((c) => cell(l, c.field, p))),
  );
}

/** The cover letter of a submission: the office's letterhead, its number, the claims by benefit and the signatory. */
export async function writeSubmissionLetter(db: Queryable, actor: Actor, id: number, out: Writable): Promise<void> {
  requirePermission(actor, 'funding.read');
  const s = await submissionOf(db, actor, id);
  const lines = await repo.submissionLines(db, id);
  await insertAudit(db, actor, { action: 'claim.submission_letter', entity: 'claim_submission', entityId: String(id), regionCode: s.region_code });
  const { doc, letterhead } = await startOfficialPdf(
    db,
    actor,
    {
      regionCode: s.region_code,
      document: `claim-submission:${id}`,
      date: new Date(s.created_at).toISOString().slice(0, 10),
      title: `Surat pengantar pengajuan klaim #${id}`,
      header: {
        nature: 'Segera',
        attachment: '1 (satu) berkas daftar klaim beserta dokumen pendukung',
        subject: 'Pengajuan klaim manfaat JKK/JKM peserta Bukan Penerima Upah (pekerja rentan)',
        to: ['Kepala Kantor Cabang BPJS Ketenagakerjaan', 'di tempat'],
      },
    },
    out,
  );
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  doc
    .fontSize(11)
    .text(
      `Bersama ini kami ajukan ${s.claim_count.toLocaleString('id-ID')} klaim manfaat peserta Bukan Penerima Upah yang iurannya dibayar ` +
        `pemerintah daerah, dengan jumlah menurut perhitungan kami ${formatRupiah(s.total_amount)}, dengan rincian sebagai berikut:`,
      left,
      doc.y,
      { align: 'justify', width: right - left },
    );
  doc.moveDown(0.5);
  const cols = [left, left + 30, left + 120, left + 300, right];
  doc.fontSize(9).font('Helvetica-Bold');
  let y = doc.y;
  ['No', 'No. klaim', 'Manfaat', 'Jumlah (Rp)'].forEach((h, i) =>
    doc.text(h, cols[i]! + 2, y, { width: cols[i + 1]! - cols[i]! - 4, align: i === 3 ? 'right' : 'left' }),
  );
  doc.font('Helvetica');
  y = doc.y + 4;
  lines.forEach((l, n) => {
    if (y > doc.page.height - 160) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    const row = [
      String(n + 1),
      `#${l.claim_id}`,
      BENEFIT_NAMES[l.benefit as keyof typeof BENEFIT_NAMES] ?? l.benefit,
      formatRupiah(l.computed_amount).replace('Rp ', ''),
    ];
    row.forEach((v, i) => doc.text(v, cols[i]! + 2, y, { width: cols[i + 1]! - cols[i]! - 4, align: i === 3 ? 'right' : 'left' }));
    y = doc.y + 2;
  });
  doc.font('Helvetica-Bold').text(`Jumlah ${formatRupiah(s.total_amount)}`, cols[2]! + 2, y + 4, { width: right - cols[2]! - 4, align: 'right' });
  doc.font('Helvetica').fontSize(11).moveDown(1);
  doc.text(
    'Nama, NIK dan rekening ahli waris tercantum dalam berkas lampiran. Mohon klaim diproses sesuai ketentuan dan hasilnya disampaikan kepada kami. ' +
      'Atas perhatian dan kerja samanya kami ucapkan terima kasih.',
    left,
    doc.y,
    { align: 'justify', width: right - left },
  );
  drawSignature(doc, letterhead);
  doc.end();
}
