import * as repo from './demo.repository.js';
import type { Db } from '../../db/db.js';
import { SYSTEM_ACTOR } from '../../actor.js';
import type { Role } from '../../domain/roles.js';
import type { Queryable } from '../../db/db.js';
import { addBudget, createProgram, createSource } from '../funding/funding.service.js';
import { csvLine } from '../../db/csv.js';
import { AppError } from '../../errors.js';
import { hashPassword } from '../../access/password.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findRegion } from '../regions/regions.repository.js';
import { syntheticPopulation } from './population.js';

export const DEMO_PASSWORD = 'jaring-demo-2026';

export interface DemoLogin {
  username: string;
  role: Role;
  regionCode: string | null;
}

export interface SeedResult {
  regency: { code: string; name: string };
  usersCreated: number;
  workersCreated: number;
  logins: DemoLogin[];
  password: string;
}

/**
 * Demo accounts (one per role) and a synthetic population of one real regency — Kabupaten Jember
 * (35.09) by default. Idempotent: accounts that exist are kept; the population is added only once.
 */
export async function seedDemo(db: Db, opts: { regency?: string; workers?: number; seed?: number } = {}): Promise<SeedResult> {
  const regencyCode = opts.regency ?? '35.09';
  const regency = await findRegion(db, regencyCode);
  if (!regency || regency.level !== 'regency') {
    throw new AppError('validation', { id: `Kabupaten/kota ${regencyCode} tidak ada`, en: `Regency/city ${regencyCode} does not exist` });
  }
  const province = regencyCode.slice(0, 2);
  const villages = await repo.regionCodesUnder(db, 'village', regencyCode);
  const otherDistricts = await repo.regionCodesUnder(db, 'district', province, { notUnder: regencyCode, limit: 60 });
  const firstVillage = villages[0]!;

  const logins: DemoLogin[] = [
    { username: 'admin', role: 'super_admin', regionCode: null },
    { username: `provinsi.${province}`, role: 'province_admin', regionCode: province },
    { username: 'disnaker', role: 'regency_operator', regionCode: regencyCode },
    // The head of the social-security section: approves the plans Disnaker operators make (maker–checker).
    { username: 'kabid', role: 'regency_operator', regionCode: regencyCode },
    { username: 'desa', role: 'village_operator', regionCode: firstVillage },
    { username: 'bpjs', role: 'bpjs_officer', regionCode: regencyCode },
    { username: 'auditor', role: 'auditor', regionCode: regencyCode },
    // The regency's DBHCHT secretariat: signs verification rounds off as the checker.
    { username: 'sekretariat', role: 'dbhcht_secretariat', regionCode: regencyCode },
  ];
  // Full names as an office would see them in its user list, in Indonesian (issue 12.12), marked as demo accounts.
  const fullNames: Record<string, string> = {
    admin: 'Administrator Nasional (demo)',
    [`provinsi.${province}`]: 'Pemantau Provinsi (demo)',
    disnaker: 'Operator Disnaker (demo)',
    kabid: 'Kepala Bidang Jaminan Sosial (demo)',
    desa: 'Operator Desa (demo)',
    bpjs: 'Petugas Cabang BPJS Ketenagakerjaan (demo)',
    auditor: 'Auditor Inspektorat (demo)',
    sekretariat: 'Sekretariat DBHCHT (demo)',
  };
  // Where verification reminders reach the village (the outbox shows them when no SMTP server is set).
  const emails: Record<string, string> = { desa: 'operator.desa@contoh.id' };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    let usersCreated = 0;
    for (const l of logins) {
      if (
        await repo.insertDemoUser(tx, {
          username: l.username,
          fullName: fullNames[l.username]!,
          passwordHash,
          role: l.role,
          regionCode: l.regionCode,
          email: emails[l.username] ?? null,
        })
      )
        usersCreated++;
    }
    let workersCreated = 0;
    if ((await repo.countSyntheticWorkers(tx)) === 0) {
      const count = opts.workers ?? 20_000;
      const retiredDistrict = `${regencyCode}.99`;
      // In batches of 50,000 rows, so a population of millions never sits in memory as one string.
      let batch: string[] = [];
      for (const p of syntheticPopulation({ count, seed: opts.seed ?? 3509, villages, otherDistricts, retiredDistrict, referenceYear: 2025 })) {
        batch.push(
          csvLine([
            p.nik,
            p.needsVerification,
            p.fullName,
            p.birthDate,
            p.sex,
            p.address,
            p.villageCode,
            p.sectorCode,
            p.occupation,
            p.welfareDecile,
            p.monthlyIncome,
            p.phone,
            p.isWageEarner,
            true,
          ]),
        );
        if (batch.length === 50_000) {
          await repo.copySyntheticWorkers(tx, batch.join(''));
          batch = [];
        }
      }
      if (batch.length > 0) await repo.copySyntheticWorkers(tx, batch.join(''));
      workersCreated = count;
      await insertAudit(tx, SYSTEM_ACTOR, {
        action: 'demo.seed',
        entity: 'region',
        entityId: regencyCode,
        regionCode: regencyCode,
        after: { syntheticWorkers: count },
      });
    }
    if (workersCreated > 0) await seedDemoProgram(tx, regencyCode, villages[0]!);
    return { regency: { code: regency.code, name: regency.name }, usersCreated, workersCreated, logins, password: DEMO_PASSWORD };
  });
}

/**
 * A program like Jember's "Lingkaran Cinta" (DOMAIN §8): DBHCHT with tobacco workers first, the APBD
 * for other vulnerable workers, a village's own budget and a company's CSR. Budgets are illustrative.
 */
async function seedDemoProgram(tx: Queryable, regencyCode: string, village: string): Promise<void> {
  const program = await createProgram(tx, SYSTEM_ACTOR, {
    regionCode: regencyCode,
    name: 'Lingkaran Cinta (demo)',
    description: 'Program contoh dengan anggaran ilustratif / example program with illustrative budgets',
  });
  const others = ['religious_social_worker', 'food_farmer', 'fisher', 'itinerant_trader', 'village_vulnerable_worker'];
  const dbhcht = await createSource(tx, SYSTEM_ACTOR, program.id, {
    name: 'DBHCHT',
    kind: 'DBHCHT',
    maxDecile: 5,
    sectors: [
      { sectorCode: 'tobacco_farm_labourer', tier: 1 },
      { sectorCode: 'cigarette_factory_worker', tier: 1 },
      ...others.map((sectorCode) => ({ sectorCode, tier: 2 })),
    ],
  });
  const apbd = await createSource(tx, SYSTEM_ACTOR, program.id, { name: 'APBD Kabupaten', kind: 'APBD', maxDecile: 6 });
  const desa = await createSource(tx, SYSTEM_ACTOR, program.id, {
    name: 'APBDes desa contoh',
    kind: 'APBDES',
    domicileCode: village,
    sectors: [
      { sectorCode: 'village_apparatus', tier: 1 },
      { sectorCode: 'village_vulnerable_worker', tier: 1 },
    ],
  });
  const csr = await createSource(tx, SYSTEM_ACTOR, program.id, { name: 'CSR ojek (donatur)', kind: 'CSR', sectors: [{ sectorCode: 'driver_ojek', tier: 1 }] });
  const budgets: [number, number, number, string][] = [
    [dbhcht.id, 2026, 1_400_000_000, 'DPA 2026 (ilustrasi)'],
    [dbhcht.id, 2026, 1_612_800_000, 'PAK 2026 (ilustrasi)'],
    [apbd.id, 2026, 604_800_000, 'DPA 2026 (ilustrasi)'],
    [dbhcht.id, 2027, 1_612_800_000, 'DPA 2027 (ilustrasi)'],
    [apbd.id, 2027, 806_400_000, 'DPA 2027 (ilustrasi)'],
    [desa.id, 2027, 20_160_000, 'APBDes 2027 (ilustrasi)'],
    [csr.id, 2027, 60_480_000, 'Perjanjian CSR (ilustrasi)'],
  ];
  for (const [sourceId, fiscalYear, amount, reference] of budgets) await addBudget(tx, SYSTEM_ACTOR, sourceId, { fiscalYear, amount, reference });
}
