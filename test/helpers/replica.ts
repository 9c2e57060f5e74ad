import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from './test-db.js';

const SCRIPT = fileURLToPath(new URL('../../tools/pg-replica.sh', import.meta.url));

export interface Replica {
  /** The replica's server URL (database part replaced per test database). */
  url: string;
  stop: () => void;
}

/**
 * A real streaming replica of the test PostgreSQL server: JARING_TEST_READ_URL when CI started one
 * (tools/pg-replica.sh), otherwise one started here on port 5439 and stopped after the file.
 */
export function startReplica(): Replica {
  const given = process.env.JARING_TEST_READ_URL?.trim();
  if (given) return { url: given, stop: () => undefined };
  const port = '5439';
  const url = execFileSync('bash', [SCRIPT, 'start', port], { encoding: 'utf8' }).trim().split('\n').pop()!;
  return { url, stop: () => execFileSync('bash', [SCRIPT, 'stop', port]) };
}

/** Waits until the replica has replayed everything the primary has written so far (and the database exists there). */
export async function waitForReplay(primaryUrl: string, replicaUrl: string, database: string, timeoutMs = 20_000): Promise<void> {
  const p = new pg.Client({ connectionString: primaryUrl });
  await p.connect();
  const [{ lsn }] = (await p.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows as [{ lsn: string }];
  await p.end();
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = new pg.Client({ connectionString: withDatabase(replicaUrl, database) });
      await r.connect();
      const done = (await r.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0]!.ok;
      await r.end();
      if (done) return;
    } catch {
      // the database may not have reached the replica yet
    }
    if (Date.now() > until) throw new Error(`replica did not replay ${lsn} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Pauses or resumes WAL replay on the replica: the way a test makes it lag. */
export async function setReplay(replicaUrl: string, database: string, paused: boolean): Promise<void> {
  const r = new pg.Client({ connectionString: withDatabase(replicaUrl, database) });
  await r.connect();
  await r.query(paused ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()');
  await r.end();
}
