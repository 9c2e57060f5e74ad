import type { Queryable } from './db.js';

/** Column descriptions as `db/tables.ts` writes them: the PostgreSQL type, `?` when it may be NULL. */
export type ColumnSpec = string;

/** The public tables and their columns as the migrated database has them (both drivers). */
export async function schemaColumns(db: Queryable): Promise<Record<string, Record<string, ColumnSpec>>> {
  const rows = await db.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
    `SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.table_name <> 'migrations'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const out: Record<string, Record<string, ColumnSpec>> = {};
  for (const r of rows) (out[r.table_name] ??= {})[r.column_name] = `${r.udt_name}${r.is_nullable === 'YES' ? '?' : ''}`;
  return out;
}
