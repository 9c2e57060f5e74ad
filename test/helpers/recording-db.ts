import type { Db } from '../../src/db/db.js';

/**
 * The same database behind a new object that records every statement sent through `query` (modules keep
 * per-database state in WeakMaps keyed by the object, so this one starts fresh). For tests that check what a
 * repository sends: one read for many checks, the plan of a list's own statement.
 */
export function recordingDb(db: Db): { db: Db; sent: { sql: string; params: readonly unknown[] }[] } {
  const sent: { sql: string; params: readonly unknown[] }[] = [];
  const recording = {
    kind: db.kind,
    query: <T>(sql: string, params?: readonly unknown[], opts?: object) => (sent.push({ sql, params: params ?? [] }), db.query<T>(sql, params, opts)),
    exec: (sql: string) => db.exec(sql),
    copyFrom: (sql: string, data: string) => db.copyFrom(sql, data),
    transaction: <T>(fn: (tx: never) => Promise<T>) => db.transaction(fn as never),
  };
  return { db: recording as unknown as Db, sent };
}
