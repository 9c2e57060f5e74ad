import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/db/db.js';
import type { Actor } from '../../src/actor.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import { createBatch, applyAnswer, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { runBilling } from '../../src/modules/billing/billing.service.js';
import { reconcileFile } from '../../src/modules/billing/reconcile.service.js';
import { createImport, runImport, startImport } from '../../src/modules/imports/imports.service.js';
import { actor, insertUser, makeNik } from './factories.js';
import { approvedPlan, answerRows } from './enrolment.js';
import { villageIn } from './funding.js';
import { reportIncident } from '../../src/modules/claims/claims.service.js';
import { addHeir } from '../../src/modules/claims/heirs.service.js';
import { insertClaim } from '../../src/modules/claims/claims.repository.js';
import { donorPlace } from './donors.js';
import { createRound } from '../../src/modules/verification/verification.service.js';
import { findDuplicates } from '../../src/modules/duplicates/duplicates.service.js';

/** An incident reported for a participant, an heir with identifiers, and a claim (placed directly: July is billed, not paid). */
async function incidentOf(db: Db, maker: Actor, participantId: number, village: string, district: string): Promise<{ incidentId: number; claimId: number }> {
  const incident = await reportIncident(db, maker, { participantId, kind: 'death', occurredOn: '2026-07-20' });
  await addHeir(db, maker, incident.id, {
    relation: 'spouse',
    fullName: `Ahli Waris ${district}`,
    nik: makeNik('1985-05-05', 'P', district.replaceAll('.', '')),
    bankAccount: '9876543210123',
  });
  const claimId = await insertClaim(db, {
    incidentId: incident.id,
    regionCode: village,
    benefit: 'jkm',
    dueOn: null,
    amount: 0,
    computation: { lines: [] },
    by: 'world',
  });
  return { incidentId: incident.id, claimId };
}

/** The ids of one region's chain of work: program → plan → batch → participants → invoices → reconciliation, and an import. */
export interface Place {
  regency: string;
  villages: [string, string];
  programId: number;
  sourceId: number;
  planId: number;
  batchId: number;
  participantId: number;
  invoiceId: number;
  reconciliationId: number;
  importId: number;
  /** The job that ran the import (queued by startImport, placed in the maker's region). */
  jobId: number;
  workerId: number;
  /** An account of the regency (a Disnaker operator), for the account routes. */
  userId: number;
  /** An incident of the participant (with an heir whose NIK and bank account must stay masked) and a claim of it. */
  incidentId: number;
  claimId: number;
  /** A donor of the regency with an account, their paid named sponsorship and its donation, and an open bank line. */
  donorId: number;
  donorEmail: string;
  sponsorshipId: number;
  donationId: number;
  statementLineId: number;
  /** A verification round over the plan's funded workers (both villages). */
  roundId: number;
  /** A previewed DTSEN update (issue 16.3). */
  updateId: number;
  /** A likely-duplicate pair: the place's worker and a copy of them under a NIK with two digits swapped. */
  pairId: number;
}

const dir = mkdtempSync(join(tmpdir(), 'jaring-world-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/**
 * One regency's whole chain, its funded workers split over two villages (so that a village operator
 * of the first must never see the second), enrolled, billed for July 2026, reconciled against a BPJS
 * statement with one extra NIK, and an import with rejected rows (full NIK, phone and birth date).
 */
export async function buildPlace(db: Db, regency: string, district: string, maker: Actor, checker: Actor): Promise<Place> {
  const ids = await approvedPlan(db, maker, checker, { regency, district, tobacco: 12, drivers: 4, funded: 8 });
  const second = await villageIn(db, district, 1);
  // Half of the plan's funded workers live in the second village.
  await db.query(
    `UPDATE workers SET village_code = $2 WHERE id IN (
       SELECT worker_id FROM plan_candidates WHERE plan_id = $1 AND outcome = 'funded' AND worker_id % 2 = 0)`,
    [ids.planId, second],
  );
  const batch = await createBatch(db, maker, ids.planId, { on: '2026-06-20' });
  await applyAnswer(db, maker, batch.id, parseAnswer(await answerRows(db, batch.id)).rows, { on: '2026-06-25' });
  const billed = await runBilling(db, maker, { programId: ids.programId, month: '2026-07' });
  const ours = await db.query<{ nik: string; kpj: string }>(
    `SELECT w.nik, p.kpj FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.program_id = $1 AND p.kpj IS NOT NULL ORDER BY p.id`,
    [ids.programId],
  );
  const stmt = [
    'NIK,KPJ,STATUS',
    ...ours.slice(1).map((o) => `${o.nik},${o.kpj},AKTIF`),
    `${makeNik('1980-01-01', 'L', district.replaceAll('.', ''))},12345678901,AKTIF`,
  ];
  const rec = await reconcileFile(db, maker, {
    programId: ids.programId,
    path: file(`stmt-${regency}.csv`, stmt.join('\n')),
    format: 'csv',
    fileName: 'stmt.csv',
  });
  const d = district.replaceAll('.', '');
  const rows = [
    'NIK;NAMA;TANGGAL LAHIR;JENIS KELAMIN;ALAMAT;KODE DESA;SEKTOR;NO HP',
    `${makeNik('1990-02-03', 'L', d)};Impor Sah ${regency};1990-02-03;L;Dusun Rahasia RT 1;${ids.villageCode};tobacco_farm_labourer;081299887766`,
    `${makeNik('1991-04-05', 'P', d)};Impor Salah ${regency};1991-13-45;P;Jalan Pribadi 9;${ids.villageCode};tobacco_farm_labourer;081311223344`,
    `${d}0101000000;Impor Rusak ${regency};1970-01-01;L;Gang Sempit 2;${ids.villageCode};tobacco_farm_labourer;085700001111`,
  ];
  const path = file(`import-${regency}.csv`, rows.join('\n'));
  const imp = await createImport(db, maker, { name: 'daftar.csv', path, bytes: 1000, owned: false });
  await startImport(db, maker, imp.id, {});
  await runImport(db, imp.id);
  const [job] = await db.query<{ id: number }>(`SELECT id FROM jobs WHERE dedupe_key = $1`, [`import:${imp.id}`]);
  const [p] = await db.query<{ id: number; worker_id: number }>(
    `SELECT id, worker_id FROM participants WHERE program_id = $1 AND region_code = $2 ORDER BY id LIMIT 1`,
    [ids.programId, ids.villageCode],
  );
  const round = await createRound(db, maker, { name: `Verifikasi ${regency}`, planId: ids.planId });
  // A DTSEN update previewed, not applied: the participant re-ranked to decile 4 and with a new phone.
  const [pw] = await db.query<{ nik: string }>(`SELECT nik FROM workers WHERE id = $1`, [p!.worker_id]);
  const upd = file(`dtsen-${regency}.csv`, ['NIK;DESIL;NO HP', `${pw!.nik};4;081377665544`].join('\n'));
  const update = await createImport(db, maker, { name: 'dtsen.csv', path: upd, bytes: 100, owned: false });
  await startImport(db, maker, update.id, { policy: 'dtsen_update', effectiveMonth: '2026-10' });
  await runImport(db, update.id);
  // The same person entered again with two neighbouring NIK digits swapped (a likely duplicate).
  const [orig] = await db.query<{ nik: string }>(`SELECT nik FROM workers WHERE id = $1`, [p!.worker_id]);
  const at = [...orig!.nik.slice(0, 12)].findIndex((c, i) => i < 11 && c !== orig!.nik[i + 1]);
  const swapped = orig!.nik.slice(0, at) + orig!.nik[at + 1] + orig!.nik[at] + orig!.nik.slice(at + 2);
  await db.query(
    `INSERT INTO workers (nik, full_name, birth_date, sex, address, village_code, sector_code, welfare_decile, phone)
     SELECT $2, full_name, birth_date, sex, address, village_code, sector_code, welfare_decile, phone FROM workers WHERE id = $1`,
    [p!.worker_id, swapped],
  );
  await findDuplicates(db, maker);
  const [pair] = await db.query<{ id: number }>(`SELECT id FROM duplicate_pairs WHERE worker_a = $1 OR worker_b = $1`, [p!.worker_id]);
  return {
    updateId: update.id,
    roundId: round.id,
    pairId: pair!.id,
    regency,
    villages: [ids.villageCode, second],
    programId: ids.programId,
    sourceId: ids.dbhcht,
    planId: ids.planId,
    batchId: batch.id,
    participantId: p!.id,
    invoiceId: billed.created[0]!.id,
    reconciliationId: rec.id,
    importId: imp.id,
    jobId: job!.id,
    workerId: p!.worker_id,
    userId: await insertUser(db, `akun.${regency.replace('.', '')}`, 'regency_operator', regency),
    ...(await incidentOf(db, maker, p!.id, ids.villageCode, district)),
    ...(await donorPlace(db, maker, regency, ids.villageCode, regency.replace('.', '')).then((d) => ({
      donorId: d.donorId,
      donorEmail: d.email,
      sponsorshipId: d.sponsorshipId,
      donationId: d.donationId,
      statementLineId: d.lineId,
    }))),
  };
}

export const WORLD_ROLES: Role[] = [...ROLES];

/**
 * Jember (the users' own regency, province 35) and Cilacap (province 33, nobody's but the super
 * admin's), and one user of every role: the village operator in Jember's first village.
 */
export async function buildWorld(db: Db): Promise<{ home: Place; away: Place; users: Record<Role, { username: string; scope: string | null }> }> {
  const makerId = await insertUser(db, 'kab.maker', 'regency_operator', '35.09');
  const checkerId = await insertUser(db, 'kab.checker', 'regency_operator', '35.09');
  const maker = actor('regency_operator', '35.09', makerId, 'kab.maker');
  const checker = actor('regency_operator', '35.09', checkerId, 'kab.checker');
  const home = await buildPlace(db, '35.09', '35.09.05', maker, checker);
  const awayMaker = actor('regency_operator', '33.01', await insertUser(db, 'away.maker', 'regency_operator', '33.01'), 'away.maker');
  const awayChecker = actor('regency_operator', '33.01', await insertUser(db, 'away.checker', 'regency_operator', '33.01'), 'away.checker');
  const away = await buildPlace(db, '33.01', '33.01.01', awayMaker, awayChecker);
  const users: Record<Role, { username: string; scope: string | null }> = {
    super_admin: { username: 'w.admin', scope: null },
    province_admin: { username: 'w.prov', scope: '35' },
    regency_operator: { username: 'kab.maker', scope: '35.09' },
    village_operator: { username: 'w.desa', scope: home.villages[0] },
    bpjs_officer: { username: 'w.bpjs', scope: '35.09' },
    auditor: { username: 'w.auditor', scope: '35.09' },
    dbhcht_secretariat: { username: 'w.dbhcht', scope: '35.09' },
    // The home regency's donor (their account opened by donorPlace): sees only their own rows.
    donor: { username: home.donorEmail, scope: null },
  };
  for (const role of WORLD_ROLES) if (role !== 'regency_operator' && role !== 'donor') await insertUser(db, users[role].username, role, users[role].scope);
  return { home, away, users };
}
