import type { Db, Queryable } from './db.js';
import { MIGRATIONS } from './migrations/index.js';

export interface Migration {
  id: string;
  up(tx: Queryable): Promise<void>;
}

async function ensureTable(db: Queryable): Promise<void> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
}

export async function pendingMigrations(db: Queryable, all: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  await ensureTable(db);
  const done = new Set((await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  return all.filter((m) => !done.has(m.id)).map((m) => m.id);
}

/**
 * Applies every pending migration in one transaction, under an advisory lock so that two instances
 * starting at once against one PostgreSQL do not both migrate. Returns the ids applied.
 */
export async function migrate(db: Db, all: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  await ensureTable(db);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7316001)');
    const pending = new Set(await pendingMigrations(tx, all));
    const applied: string[] = [];
    for (const m of all) {
      if (!pending.has(m.id)) continue;
      await m.up(tx);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
