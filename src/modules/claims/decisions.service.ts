import * as repo from './exchange.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem, type Problem } from '../../domain/problem.js';
import { isCalendarDate, todayJakarta } from '../../domain/calendar.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import type { FileFormat } from '../../files/readers.js';
import { findColumn, readTable } from '../../files/tabular.js';

/**
 * BPJS's decision file on submitted claims: paid with amount, day and reference, or rejected with a
 * reason — checked whole, then applied whole, each paid amount compared with Jaring's computation.
 */
export interface DecisionResult {
  paid: number;
  rejected: number;
  paidTotal: number;
  /** Paid amounts that differ from Jaring's computation: each is flagged on its claim too. */
  differences: { claimId: number; computed: number; paid: number; difference: number }[];
}

const DECISION_COLUMNS = {
  claimId: [/^ID_?KLAIM$/, /^NO(MOR)?_?KLAIM$/, /^CLAIM_?ID$/, /KLAIM/],
  decision: [/^KEPUTUSAN$/, /^STATUS$/, /^DECISION$/, /KEPUTUSAN/],
  amount: [/^JUMLAH(_DIBAYAR)?$/, /^NOMINAL$/, /^AMOUNT$/, /DIBAYAR/],
  paidOn: [/^TANGGAL(_BAYAR)?$/, /^TGL(_BAYAR)?$/, /^PAID_ON$/, /TANGGAL/],
  reference: [/^REFERENSI$/, /^NO_?REF(ERENSI)?$/, /^REFERENCE$/, /REF/],
  reason: [/^ALASAN$/, /^REASON$/, /^KETERANGAN$/],
};

/**
 * BPJS's decision file: one row per claim — ID_KLAIM, KEPUTUSAN (DIBAYAR/DITOLAK), JUMLAH, TANGGAL,
 * REFERENSI, ALASAN. Every row is checked first; any problem refuses the whole file with the row and
 * field named, nothing applied. Then all decisions are applied in one transaction, set-based.
 */
export async function importDecisions(db: Queryable, actor: Actor, file: { path: string; format: FileFormat }): Promise<DecisionResult> {
  requirePermission(actor, 'claims.write');
  const t = await readTable(file.path, file.format);
  const col = Object.fromEntries(Object.entries(DECISION_COLUMNS).map(([k, pats]) => [k, findColumn(t.headers, pats)])) as Record<
    keyof typeof DECISION_COLUMNS,
    number
  >;
  const problems: Problem[] = [];
  for (const k of ['claimId', 'decision'] as const)
    if (col[k] < 0)
      problems.push(
        problem(
          'file',
          'column',
          `Kolom ${k === 'claimId' ? 'ID_KLAIM' : 'KEPUTUSAN'} tidak ada`,
          `Column ${k === 'claimId' ? 'ID_KLAIM' : 'KEPUTUSAN'} is missing`,
        ),
      );
  if (problems.length > 0) throw AppError.validation(problems);
  if (t.rows.length === 0) throw AppError.validation([problem('file', 'empty', 'Berkas tidak berisi baris keputusan', 'The file holds no decision rows')]);
  const get = (cells: string[], k: keyof typeof DECISION_COLUMNS) => (col[k] >= 0 ? (cells[col[k]] ?? '').trim() : '');
  const decisions: { id: number; to: 'paid' | 'rejected'; amount: number | null; paidOn: string | null; reference: string | null; reason: string | null }[] =
    [];
  for (const r of t.rows) {
    const at = (field: string) => `baris ${r.rowNo}: ${field}`;
    const id = Number(get(r.cells, 'claimId').replace(/^#/, ''));
    const word = get(r.cells, 'decision').toUpperCase();
    const to = /^(DIBAYAR|BAYAR|PAID|DISETUJUI)$/.test(word) ? 'paid' : /^(DITOLAK|TOLAK|REJECTED)$/.test(word) ? 'rejected' : null;
    if (!Number.isSafeInteger(id) || id <= 0) problems.push(problem(at('ID_KLAIM'), 'invalid', 'Nomor klaim tidak valid', 'Not a claim number'));
    if (!to) problems.push(problem(at('KEPUTUSAN'), 'invalid', 'Keputusan harus DIBAYAR atau DITOLAK', 'The decision must be DIBAYAR or DITOLAK'));
    const amountText = get(r.cells, 'amount')
      .replace(/^Rp\s*/i, '')
      .replace(/\./g, '');
    const amount = amountText === '' ? null : Number(amountText);
    const paidOn = get(r.cells, 'paidOn');
    const reference = get(r.cells, 'reference').slice(0, 100);
    const reason = get(r.cells, 'reason').slice(0, 500);
    if (to === 'paid') {
      if (amount === null || !Number.isSafeInteger(amount) || amount < 0)
        problems.push(problem(at('JUMLAH'), 'invalid', 'Jumlah dibayar harus bilangan bulat Rupiah', 'The amount paid must be whole Rupiah'));
      if (!isCalendarDate(paidOn)) problems.push(problem(at('TANGGAL'), 'invalid', 'Tanggal bayar harus TTTT-BB-HH', 'The payment date must be YYYY-MM-DD'));
      else if (paidOn > todayJakarta()) problems.push(problem(at('TANGGAL'), 'future', 'Tanggal bayar di masa depan', 'The payment date is in the future'));
      if (!reference) problems.push(problem(at('REFERENSI'), 'required', 'Nomor referensi pembayaran wajib', 'A payment reference is required'));
    }
    if (to === 'rejected' && !reason) problems.push(problem(at('ALASAN'), 'required', 'Alasan penolakan wajib', 'The reason for the rejection is required'));
    if (decisions.some((d) => d.id === id)) problems.push(problem(at('ID_KLAIM'), 'duplicate', `Klaim #${id} muncul dua kali`, `Claim #${id} appears twice`));
    if (to)
      decisions.push({
        id,
        to,
        amount: to === 'paid' ? amount : null,
        paidOn: to === 'paid' ? paidOn : null,
        reference: reference || null,
        reason: to === 'rejected' ? reason : null,
      });
  }
  if (problems.length > 0) throw AppError.validation(problems.slice(0, 200));
  return db.transaction(async (tx) => {
    const found = new Map(
      (
        await repo.submittedClaims(
          tx,
          actor,
          decisions.map((d) => d.id),
        )
      ).map((c) => [c.id, c]),
    );
    for (const d of decisions) {
      const c = found.get(d.id);
      if (!c)
        problems.push(problem(`ID_KLAIM ${d.id}`, 'not_found', `Klaim #${d.id} tidak ditemukan di wilayah Anda`, `Claim #${d.id} not found in your region`));
      else if (c.status !== 'submitted')
        problems.push(
          problem(`ID_KLAIM ${d.id}`, 'status', `Klaim #${d.id} berstatus ${c.status}, bukan diajukan`, `Claim #${d.id} is ${c.status}, not submitted`),
        );
    }
    if (problems.length > 0) throw AppError.validation(problems.slice(0, 200));
    await repo.applyDecisions(tx, decisions, actor.username);
    const differences = decisions
      .filter((d) => d.to === 'paid' && d.amount !== found.get(d.id)!.computed_amount)
      .map((d) => ({ claimId: d.id, computed: found.get(d.id)!.computed_amount, paid: d.amount!, difference: d.amount! - found.get(d.id)!.computed_amount }));
    const paid = decisions.filter((d) => d.to === 'paid');
    const result = { paid: paid.length, rejected: decisions.length - paid.length, paidTotal: paid.reduce((a, d) => a + d.amount!, 0), differences };
    for (const regionCode of new Set([...found.values()].map((c) => c.region_code)))
      await insertAudit(tx, actor, {
        action: 'claim.decisions_import',
        entity: 'claim',
        entityId: decisions
          .filter((d) => found.get(d.id)!.region_code === regionCode)
          .map((d) => d.id)
          .join(','),
        regionCode,
        after: { paid: result.paid, rejected: result.rejected, differences: differences.length },
      });
    return result;
  });
}
