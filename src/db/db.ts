/**
 * The one database interface Jaring speaks, over PGlite (embedded) or a PostgreSQL server.
 * Repositories take a `Queryable` so the caller owns the transaction (kysely-style `db | trx`).
 */
export interface Queryable {
  /** One statement with $1…$n parameters; rows come back with int8 as exact JS numbers. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** `COPY … FROM STDIN …` fed with the given text (CSV or text format, as the statement says). */
  copyFrom(copySql: string, data: string | Uint8Array): Promise<void>;
  /** Runs `fn` in a transaction; inside a transaction this simply runs `fn` on the same one. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface QueryOptions {
  /**
   * A name under which a PostgreSQL server keeps the statement prepared on each connection, so a hot
   * query (the public status check) is planned once per connection instead of per call. One name, one text.
   */
  prepare?: string;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  close(): Promise<void>;
}

/**
 * int8 (bigint, count(*)) comes back as a JS number from both drivers. Rupiah fit easily below
 * 2^53 (Rp 9 quadrillion); anything larger is an error, never a silent rounding.
 */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the exact range of a JS number`);
  return n;
}

export const INT8_OID = 20;
export const DATE_OID = 1082;
