import { spawn } from 'node:child_process';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../helpers/cli.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkersFile } from '../../src/modules/demo/generate.js';
import { PgliteDb } from '../../src/db/pglite.js';
import { PostgresDb } from '../../src/db/postgres.js';
import type { Db } from '../../src/db/db.js';
import { openTestDb, testDatabaseUrl, type TestDb } from '../helpers/test-db.js';
import { fixture } from '../helpers/imports.js';

/**
 * SIGKILL in the middle of a large import — once while rows are being staged, once around the final
 * merge — then the registry is exactly as it was, and running the import again succeeds.
 * On PGlite (a data directory) by default, on the PostgreSQL server with JARING_TEST_DATABASE_URL.
 */
const ROWS = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'jaring-kill-'));
const file = join(dir, 'workers.csv');
let server: TestDb | null = null;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const gen = await openTestDb();
  await generateWorkersFile(gen.db, { regency: '35.09', rows: ROWS, errorRate: 0.02, seed: 99, out: file });
  if (testDatabaseUrl()) {
    server = gen;
    const url = new URL(testDatabaseUrl()!);
    url.pathname = `/${(await gen.db.query<{ d: string }>('SELECT current_database() AS d'))[0]!.d}`;
    env = { ...process.env, DATABASE_URL: url.toString() };
  } else {
    await gen.cleanup();
    env = { ...process.env, DATABASE_URL: '', JARING_DATA_DIR: join(dir, 'data') };
  }
  // Setting up does not test the process: in-process, like the other CLI tests. Only the killed runs spawn.
  const seed = await jaring(['seed-demo', '--workers', '0']);
  expect(seed.status, seed.stderr).toBe(0);
  const first = await jaring(['import', 'workers', fixture('dirty-semicolon.csv'), '--as', 'disnaker']);
  expect(first.status, first.stderr).toBe(0);
});
afterAll(async () => {
  await server?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function jaring(args: string[]) {
  const io = captureIo();
  const status = await runCli(args, { io, env });
  return { status, stdout: io.stdout, stderr: io.stderr };
}

async function openRegistry(): Promise<Db> {
  return env.DATABASE_URL ? PostgresDb.open(env.DATABASE_URL, 2) : PgliteDb.open({ dataDir: join(env.JARING_DATA_DIR!, 'pgdata') });
}

async function registryDigest(): Promise<{ n: number; h: string }> {
  const db = await openRegistry();
  try {
    const [row] = await db.query<{ n: number; h: string }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(nik || full_name || version, ',' ORDER BY nik), '')) AS h FROM workers`,
    );
    return row!;
  } finally {
    await db.close();
  }
}

/** Starts an import and kills it with SIGKILL once `when` is true of its progress output. */
function killDuring(when: (percent: number) => boolean, delayMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', 'workers', file, '--as', 'disnaker'], { env });
    let seen = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const pcts = [...seen.matchAll(/progress\s+(\d+)%/g)].map((m) => Number(m[1]));
      if (!killed && pcts.length > 0 && when(pcts[pcts.length - 1]!)) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (_code, signal) => resolve(`${signal ?? 'exited'} after: ${seen.trim().split('\n').pop() ?? ''}`));
  });
}

describe(`kill -9 during an import (${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'})`, () => {
  // Spawns and kills child processes that import 200k rows: on 2 busy cores it has taken 35–77 s.
  it('leaves the registry unchanged when killed while staging, and around the merge; a re-run succeeds', { timeout: 180_000 }, async () => {
    const before = await registryDigest();
    expect(before.n).toBe(5);
    expect(await killDuring((p) => p >= 30, 0)).toMatch(/^SIGKILL/);
    expect(await registryDigest()).toEqual(before);
    expect(await killDuring((p) => p >= 99, 150)).toMatch(/^SIGKILL/);
    expect(await registryDigest()).toEqual(before);
    const rerun = await jaring(['import', 'workers', file, '--as', 'disnaker', '--json']);
    expect(rerun.status, rerun.stderr).toBe(0);
    const view = JSON.parse(rerun.stdout) as { status: string; counts: { total: number; inserted: number; invalid: number } };
    expect(view.status).toBe('completed');
    expect(view.counts.total).toBe(ROWS);
    expect((await registryDigest()).n).toBe(5 + view.counts.inserted);
    // On PGlite the file merged in chunks, its rows hidden until published: none of the killed run's are left.
    const db = await openRegistry();
    try {
      const [left] = await db.query<{ stored: number; held: number | null }>(
        `SELECT (SELECT count(*) FROM worker_rows)::int AS stored, (SELECT import_id FROM worker_publication)::int AS held`,
      );
      expect(left).toEqual({ stored: 5 + view.counts.inserted, held: null });
    } finally {
      await db.close();
    }
  });
});
