import type { Queryable } from '../../src/db/db.js';
import type { Actor } from '../../src/actor.js';
import { addBudget, createProgram, createSource } from '../../src/modules/funding/funding.service.js';
import { runPlan } from '../../src/modules/plans/plans.service.js';
import { reviewPlan, submitPlan } from '../../src/modules/plans/review.service.js';
import { insertWorkers, villageIn } from './funding.js';

/**
 * A Jember program with an approved plan for Jul–Dec 2026: DBHCHT (SG, monthly billing) funds 20 of
 * 30 tobacco farm labourers at Rp 16,800; a CSR donor (SC, quarterly billing) funds all 10 drivers at
 * Rp 8,400 (PP 50/2025 halves JKK+JKM for transport workers whose contributions a donor pays).
 */
export async function approvedPlan(
  db: Queryable,
  maker: Actor,
  checker: Actor,
  o: { regency?: string; district?: string; tobacco?: number; drivers?: number; funded?: number } = {},
): Promise<{ programId: number; dbhcht: number; csr: number; planId: number; villageCode: string }> {
  const villageCode = await villageIn(db, o.district ?? '35.09.05');
  await insertWorkers(db, { count: o.tobacco ?? 30, villageCode, sector: 'tobacco_farm_labourer', decile: 1 });
  await insertWorkers(db, { count: o.drivers ?? 10, villageCode, sector: 'driver_ojek', decile: 3 });
  const program = await createProgram(db, maker, { regionCode: o.regency ?? '35.09', name: `Lingkaran Cinta uji ${Math.random().toString(36).slice(2, 8)}` });
  const dbhcht = (await createSource(db, maker, program.id, { name: 'DBHCHT', kind: 'DBHCHT', sectors: [{ sectorCode: 'tobacco_farm_labourer', tier: 1 }] }))
    .id;
  const csr = (await createSource(db, maker, program.id, { name: 'CSR Ojek', kind: 'CSR', sectors: [{ sectorCode: 'driver_ojek', tier: 1 }] })).id;
  await db.query(`UPDATE funding_sources SET billing_cycle = 'quarterly' WHERE id = $1`, [csr]);
  await addBudget(db, maker, dbhcht, { fiscalYear: 2026, amount: (o.funded ?? 20) * 6 * 16_800, reference: 'DPA 2026' });
  await addBudget(db, maker, csr, { fiscalYear: 2026, amount: (o.drivers ?? 10) * 6 * 8_400, reference: 'PKS CSR 2026' });
  const plan = await runPlan(db, maker, { programId: program.id, fiscalYear: 2026, monthFrom: '2026-07', monthTo: '2026-12' });
  await submitPlan(db, maker, plan.id);
  await reviewPlan(db, checker, plan.id, 'approve', 'uji');
  return { programId: program.id, dbhcht, csr, planId: plan.id, villageCode };
}

/** A BPJS answer file: every NIK of the batch accepted with a KPJ (11 digits), except those in `reject`. */
export async function answerCsv(db: Queryable, batchId: number, reject: string[] = []): Promise<string> {
  const rows = await db.query<{ nik: string; id: number }>(
    `SELECT w.nik, p.id FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1 ORDER BY p.id`,
    [batchId],
  );
  const lines = ['NIK;NO_KPJ;STATUS;ALASAN'];
  for (const r of rows) lines.push(reject.includes(r.nik) ? `${r.nik};;DITOLAK;NIK tidak padan Dukcapil` : `${r.nik};${String(90000000000 + r.id)};DITERIMA;`);
  return lines.join('\r\n') + '\r\n';
}

/** The same answer, already read back into rows as the answer-file reader yields them. */
export async function answerRows(db: Queryable, batchId: number): Promise<{ rowNo: number; nik: string; kpj: string; status: string; reason: string }[]> {
  return (await answerCsv(db, batchId))
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l, i) => {
      const [nik, kpj, status, reason] = l.split(';');
      return { rowNo: i + 2, nik: nik!, kpj: kpj!, status: status!, reason: reason ?? '' };
    });
}
