/**
 * Shared set-up of the benchmarks (not timed): a fresh bench database and synthetic active participants.
 */
import pg from 'pg';
import type { Db } from '../src/db/db.js';
import { PgliteDb } from '../src/db/pglite.js';
import { PostgresDb } from '../src/db/postgres.js';
import { SYSTEM_ACTOR } from '../src/actor.js';
import { createProgram, createSource } from '../src/modules/funding/funding.service.js';

export const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** A fresh database: in-memory PGlite, or `name` made anew on the PostgreSQL server (BENCH_DATABASE_URL). */
export async function openBenchDb(kind: string, name: string): Promise<Db> {
  if (kind === 'pglite') return PgliteDb.open();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return PostgresDb.open(u.toString());
}

/**
 * `rows` workers in Kabupaten Jember (worker i: NIK 3509000000000000 + i), each an active participant
 * with KPJ = its id on 11 digits and a Jul–Dec 2026 protection period: drivers paid by a CSR source,
 * everyone else by DBHCHT.
 */
export async function populate(db: Db, rows: number): Promise<{ programId: number }> {
  const p = await createProgram(db, SYSTEM_ACTOR, { regionCode: '35.09', name: 'Bench billing' });
  const dbhcht = await createSource(db, SYSTEM_ACTOR, p.id, { name: 'DBHCHT', kind: 'DBHCHT' });
  const csr = await createSource(db, SYSTEM_ACTOR, p.id, { name: 'CSR', kind: 'CSR', sectors: [{ sectorCode: 'driver_ojek', tier: 1 }] });
  await db.transaction(async (tx) => {
    await tx.query('SELECT setseed(0.2026)');
    await tx.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, is_synthetic)
       SELECT lpad((3509000000000000 + i)::text, 16, '0'), 'Pekerja ' || i, date '1960-01-01' + (i % 15000), 'L',
              v.codes[1 + (i % array_length(v.codes, 1))], CASE WHEN i % 5 = 0 THEN 'driver_ojek' ELSE 'tobacco_farm_labourer' END, 1 + i % 5, true
         FROM generate_series(1, $1::int) AS i, (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'village' AND code LIKE '35.09.%') v`,
      [rows],
    );
    await tx.query(
      `INSERT INTO participants (worker_id, program_id, region_code, kpj, status, status_since)
       SELECT w.id, $1, w.village_code, lpad(w.id::text, 11, '0'), 'active', date '2026-06-30' FROM workers w`,
      [p.id],
    );
    await tx.query(
      `INSERT INTO protection_periods (participant_id, source_id, fiscal_year, month_from, month_to, kind, created_by)
       SELECT p.id, CASE WHEN w.sector_code = 'driver_ojek' THEN $2::bigint ELSE $1::bigint END, 2026, date '2026-07-01', date '2026-12-01', 'plan', 'bench'
         FROM participants p JOIN workers w ON w.id = p.worker_id`,
      [dbhcht.id, csr.id],
    );
  });
  await db.exec('ANALYZE worker_rows; ANALYZE participants; ANALYZE protection_periods');
  return { programId: p.id };
}
