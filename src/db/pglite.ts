import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { scrubDbError } from './scrub.js';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DATE_OID, INT8_OID, parseInt8, type Db, type Queryable } from './db.js';
import { Mutex } from './mutex.js';

const parsers = { [INT8_OID]: parseInt8, [DATE_OID]: (v: string) => v };

function toBlobSql(copySql: string): string {
  const replaced = copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
  if (replaced === copySql) throw new Error('copyFrom expects a COPY … FROM STDIN statement');
  return replaced;
}

/**
 * COPY's input as what PGlite reads `/dev/blob` from: it only calls `arrayBuffer()`. Bytes that fill their own
 * ArrayBuffer (as `CopyBuffer.lend()` lends them) are handed over as they are — a Blob would copy them once and
 * its `arrayBuffer()` once more, and at 1.5 M staged rows those copies were ~15 MB of garbage per batch, which
 * the collector let pile up to ~200 MB before it ran (peak RSS 610–800 MB from run to run).
 */
function blobOf(data: string | Uint8Array): Blob {
  if (typeof data === 'string' || data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength)
    return new Blob([data as string | Uint8Array<ArrayBuffer>]);
  const bytes = data.buffer as ArrayBuffer;
  return { arrayBuffer: () => Promise.resolve(bytes) } as unknown as Blob;
}

class PgliteTx implements Queryable {
  constructor(private readonly tx: Transaction) {}
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.tx.query<T>(sql, [...params]).catch(scrubDbError)).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }
  async copyFrom(copySql: string, data: string | Uint8Array): Promise<void> {
    await this.tx.query(toBlobSql(copySql), [], { blob: blobOf(data) });
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/**
 * PGlite is a single backend: every top-level query and every transaction holds one mutex, so an
 * unrelated request can never run its statements inside someone else's open transaction.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly #mutex = new Mutex();
  private constructor(readonly pg: PGlite) {}

  static async open(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PgliteDb> {
    // pg_trgm backs the worker list's name search (migration 0021), as on a PostgreSQL server.
    const pg = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers, extensions: { pg_trgm } });
    await pg.waitReady;
    return new PgliteDb(pg);
  }

  query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.#mutex.run(async () => (await this.pg.query<T>(sql, [...params]).catch(scrubDbError)).rows);
  }
  exec(sql: string): Promise<void> {
    return this.#mutex.run(async () => void (await this.pg.exec(sql)));
  }
  copyFrom(copySql: string, data: string | Uint8Array): Promise<void> {
    return this.#mutex.run(async () => void (await this.pg.query(toBlobSql(copySql), [], { blob: blobOf(data) })));
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#mutex.run(() => this.pg.transaction((tx) => fn(new PgliteTx(tx))));
  }
  /** The whole data directory as a tarball (used to give each test file a migrated copy quickly). */
  dump(): Promise<Blob> {
    return this.#mutex.run(() => this.pg.dumpDataDir('none'));
  }
  close(): Promise<void> {
    return this.#mutex.run(() => this.pg.close());
  }
}
