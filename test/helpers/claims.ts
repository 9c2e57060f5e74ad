import type { Db } from '../../src/db/db.js';
import type { Actor } from '../../src/actor.js';
import { answerRows, approvedPlan } from './enrolment.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { listInvoices, recordPayment, runBilling } from '../../src/modules/billing/billing.service.js';

/**
 * Participants of Jember's tobacco source enrolled in June 2026: those paid July–October (`paidFour`),
 * and one paid for July only (`paidJuly`) — the ground the claims tests stand on.
 */
export async function paidParticipants(db: Db, maker: Actor, checker: Actor): Promise<{ paidFour: number[]; paidJuly: number; programId: number }> {
  const ids = await approvedPlan(db, maker, checker);
  const batch = await createBatch(db, maker, ids.planId, { on: '2026-06-20' });
  await applyAnswer(db, maker, batch.id, parseAnswer(await answerRows(db, batch.id)).rows, { on: '2026-06-25' });
  const tobacco = (
    await db.query<{ id: number }>(
      `SELECT p.id FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1 AND w.sector_code = 'tobacco_farm_labourer' AND p.status = 'active' ORDER BY p.id`,
      [batch.id],
    )
  ).map((r) => r.id);
  const paidJuly = tobacco.at(-1)!;
  for (const month of ['2026-07', '2026-08', '2026-09', '2026-10']) {
    await runBilling(db, maker, { programId: ids.programId, month });
    if (month > '2026-07') await db.query(`DELETE FROM invoice_lines WHERE participant_id = $1 AND month = $2::date`, [paidJuly, `${month}-01`]);
    for (const inv of (await listInvoices(db, maker)).filter((i) => i.sourceName === 'DBHCHT' && i.periodFrom === month && i.outstanding > 0)) {
      await db.query(`UPDATE invoices SET total = (SELECT COALESCE(sum(amount), 0) FROM invoice_lines WHERE invoice_id = $1) WHERE id = $1`, [inv.id]);
      const fresh = (await listInvoices(db, maker)).find((i) => i.id === inv.id)!;
      await recordPayment(db, maker, inv.id, { paidOn: `${month}-05`, reference: `SP2D ${month}`, amount: fresh.total });
    }
  }
  return { paidFour: tobacco.slice(0, -1), paidJuly, programId: ids.programId };
}
