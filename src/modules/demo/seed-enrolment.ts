import * as repo from './demo.repository.js';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { runPlan } from '../plans/plans.service.js';
import { reviewPlan, submitPlan } from '../plans/review.service.js';
import { applyAnswer, createBatch } from '../enrolment/enrolment.service.js';
import { listInvoices, recordPayment, runBilling } from '../billing/billing.service.js';
import { seedDemoCoverage } from './seed-coverage.js';
import { seedDemoClaims } from './seed-claims.js';
import { seedDemoDonors } from './seed-donors.js';

/**
 * The demo's enrolment history, so every screen has something to show on first start: the demo
 * program's 2026 plan (July–December, DBHCHT and APBD) made by `disnaker` and approved by `kabid`,
 * submitted to BPJS, answered (two NIKs rejected), billed July–November; DBHCHT paid throughout, the APBD
 * up to September — so its October and November are in arrears and no cohort is renewed into 2027 yet. Fixed
 * dates, deterministic; the people are the synthetic demo population. Then coverage figures (seed-coverage.ts) and donors (seed-donors.ts).
 * Runs once (skips when a plan exists).
 */
export async function seedDemoEnrolment(db: Db): Promise<{ planId: number; participants: number; invoices: number } | null> {
  const programId = await repo.demoProgramWithoutPlans(db);
  if (programId === null) return null;
  const program = { id: programId };
  const user = async (username: string): Promise<Actor> => {
    const u = await repo.demoUser(db, username);
    return { id: u.id, username, role: u.role, scope: u.region_code };
  };
  const [disnaker, kabid, bpjs, admin] = [await user('disnaker'), await user('kabid'), await user('bpjs'), await user('admin')];
  const plan = await runPlan(db, disnaker, {
    programId: program.id,
    fiscalYear: 2026,
    monthFrom: '2026-07',
    monthTo: '2026-12',
    name: 'Lingkaran Cinta 2026 (demo)',
  });
  await submitPlan(db, disnaker, plan.id);
  await reviewPlan(db, kabid, plan.id, 'approve', 'Sesuai DPA dan PAK 2026 (demo)');
  const batch = await createBatch(db, disnaker, plan.id, { on: '2026-06-20' });
  const rows = await repo.batchNiks(db, batch.id);

  await applyAnswer(
    db,
    bpjs,
    batch.id,
    rows.map((r, i) => ({
      rowNo: i + 2,
      nik: r.nik,
      // Synthetic KPJ numbers (11 digits, starting 99) — never a real participant's.
      kpj: `99${String(r.id).padStart(9, '0')}`,
      accepted: i % 500 !== 7,
      reason: i % 500 === 7 ? 'NIK tidak padan dengan data Dukcapil (demo)' : '',
    })),
    { on: '2026-06-30' },
  );
  for (const month of ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) await runBilling(db, disnaker, { programId: program.id, month });
  const invoices = await listInvoices(db, disnaker, { programId: program.id });
  // DBHCHT paid up to November; the APBD's October and November are in arrears (alerts have something to show).
  for (const inv of invoices.filter((i) => i.periodFrom <= '2026-09' || i.sourceName === 'DBHCHT'))
    await recordPayment(db, disnaker, inv.id, { paidOn: `${inv.periodFrom}-05`, reference: `SP2D/${inv.periodFrom}/${inv.id} (demo)`, amount: inv.total });
  await seedDemoClaims(db, { disnaker, bpjs }, batch.id);
  await seedDemoCoverage(db, admin);
  await seedDemoDonors(db, disnaker);
  return { planId: plan.id, participants: rows.length, invoices: invoices.length };
}
