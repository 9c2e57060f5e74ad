import { scrubDbError } from './scrub.js';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DATE_OID, INT8_OID, parseInt8, type Db, type Queryable, type QueryOptions } from './db.js';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    if (oid === DATE_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

type Client = pg.Pool | pg.PoolClient;

async function copyInto(client: pg.PoolClient, copySql: string, data: string | Uint8Array): Promise<void> {
  await pipeline(Readable.from([data]), client.query(copyFromStream(copySql)));
}

function statement(text: string, params: readonly unknown[], opts: QueryOptions | undefined): pg.QueryConfig {
  return opts?.prepare ? { name: opts.prepare, text, values: [...params] } : { text, values: [...params] };
}

class PostgresTx implements Queryable {
  constructor(private readonly client: pg.PoolClient) {}
  async query<T>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<T[]> {
    return (await this.client.query(statement(sql, params, opts)).catch(scrubDbError)).rows as T[];
  }
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
  copyFrom(copySql: string, data: string | Uint8Array): Promise<void> {
    return copyInto(this.client, copySql, data);
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string, max = 10): Promise<PostgresDb> {
    const pool = new pg.Pool({ connectionString, max, types });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => undefined);
    const client = await pool.connect();
    client.release();
    return new PostgresDb(pool);
  }

  async query<T>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<T[]> {
    return (await (this.pool as Client).query(statement(sql, params, opts)).catch(scrubDbError)).rows as T[];
  }
  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }
  async copyFrom(copySql: string, data: string | Uint8Array): Promise<void> {
    const client = await this.pool.connect();
    try {
      await copyInto(client, copySql, data);
    } finally {
      client.release();
    }
  }
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresTx(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  close(): Promise<void> {
    return this.pool.end();
  }
}
