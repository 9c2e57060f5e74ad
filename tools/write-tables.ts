/**
 * Writes src/db/tables.ts from a freshly migrated embedded database: every table's columns with
 * their PostgreSQL type and nullability. Run after adding a migration:
 *   npx tsx tools/write-tables.ts
 * test/db/tables.test.ts fails on both databases when the file and the migrations disagree.
 */
import { writeFileSync } from 'node:fs';
import { PgliteDb } from '../src/db/pglite.js';
import { migrate } from '../src/db/migrate.js';
import { schemaColumns } from '../src/db/columns.js';

const db = await PgliteDb.open({});
await migrate(db);
const tables = await schemaColumns(db);
await db.close();
const body = Object.entries(tables)
  .map(
    ([t, cols]) =>
      `  ${t}: {\n${Object.entries(cols)
        .map(([c, s]) => `    ${c}: '${s}',`)
        .join('\n')}\n  },`,
  )
  .join('\n');
writeFileSync(
  'src/db/tables.ts',
  `// Written by tools/write-tables.ts from the migrated schema; checked against it by test/db/tables.test.ts.
// Do not edit by hand: add a migration, then run \`npx tsx tools/write-tables.ts\`.

/** Every table's columns: the PostgreSQL type, with \`?\` when the column may be NULL. */
export const TABLES = {
${body}
} as const;

export type TableName = keyof typeof TABLES;

type Plain<T extends string> = T extends 'int8' | 'int4' | 'int2' | 'float8' | 'float4'
  ? number
  : T extends 'bool'
    ? boolean
    : T extends 'timestamptz' | 'timestamp'
      ? Date
      : T extends 'jsonb' | 'json'
        ? unknown
        : T extends \`_\${string}\`
          ? string[]
          : T extends 'bytea'
            ? Uint8Array
            : string;
type Column<S extends string> = S extends \`\${infer T}?\` ? Plain<T> | null : Plain<S>;

/** A row of a table as both drivers return it (int8 as an exact number, date as YYYY-MM-DD, jsonb parsed). */
export type Row<N extends TableName> = { -readonly [C in keyof (typeof TABLES)[N]]: Column<(typeof TABLES)[N][C] & string> };
`,
);
console.log(`src/db/tables.ts: ${Object.keys(tables).length} tables`);
