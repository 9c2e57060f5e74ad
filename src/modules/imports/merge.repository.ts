import type { Db, Queryable } from '../../db/db.js';
import { WORKER_FIELD_NAMES } from '../workers/workers.repository.js';
import { stagedRowsWhere, type StagedRows } from './imports.repository.js';

export type ImportPolicy = 'insert_only' | 'upsert' | 'reject_conflicts' | 'dtsen_update';

export interface MergeCounts {
  invalid: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** New workers whose NIK district code is not in the current list: registered, flagged for verification. */
  nikUnverified: number;
}

/** Columns the file can set; a blank cell keeps what the registry has. */
const COLS = WORKER_FIELD_NAMES.filter((c) => c !== 'nik' && c !== 'nik_needs_verification');

/** Columns a new worker must have (an update file may leave them out): column, field, name in id/en. */
const REQUIRED_FOR_NEW: [string, string, string, string][] = [
  ['full_name', 'fullName', 'Nama', 'Name'],
  ['birth_date', 'birthDate', 'Tanggal lahir', 'Birth date'],
  ['sex', 'sex', 'Jenis kelamin', 'Sex'],
  ['village_code', 'villageCode', 'Kode desa', 'Village code'],
  ['sector_code', 'sectorCode', 'Sektor/pekerjaan', 'Sector/occupation'],
];

/** The row has no problem yet for this field (so 'required' is not said twice). */
const noError = (field: string) => `NOT coalesce(r.errors @> '[{"field": "${field}"}]'::jsonb, false)`;

const err = (cond: string, field: string, code: string, id: string, en: string, value = 'NULL') =>
  `CASE WHEN ${cond} THEN jsonb_build_object('field', '${field}', 'column', '', 'value', coalesce(${value}::text, ''), 'code', '${code}', 'id', ${id}, 'en', ${en}) END`;

/**
 * Validates the staged rows against the registry and reference data with set-based SQL and applies
 * the valid ones — all inside the caller's transaction, so the import lands whole or not at all.
 *  1. a plan: one row per staged row with its problems and its action (insert, update, unchanged, skip, invalid);
 *  2. problems found here are appended to the staged rows for the report;
 *  3. INSERT … SELECT for new workers; UPDATE … FROM for changed ones, with a before/after audit row each.
 * `$1` import id, `$2` scope (null = national), `$3` scope prefix, `$4` policy, `$5` actor id, `$6` actor username.
 */
/** A load of at least this many new workers, and at least as many as the registry holds, takes the bulk path. */
const BULK_LOAD_MIN_ROWS = 20_000;
/** The secondary indexes of `workers` the bulk path builds after the load (the unique NIK index stays: it guards). */
const BULK_LOAD_INDEXES = ['workers_village_idx', 'workers_name_order_idx', 'workers_name_trgm_idx'];

export interface MergeParams {
  importId: number;
  scope: string | null;
  policy: ImportPolicy;
  actorId: number | null;
  actorUsername: string;
  timings?: Record<string, number>;
}

/** Which staged rows a plan covers (`StagedRows`): all in one transaction, a chunk's range, or the deferred updates. */
export type PlanRows = StagedRows;

/** The planned actions of an import (temp table `import_plan`), counted. */
export interface MergePlan {
  counts: MergeCounts;
}

export async function validateAndMerge(tx: Queryable, p: MergeParams): Promise<MergeCounts> {
  const plan = await planMerge(tx, p);
  await applyMerge(tx, p, plan);
  return plan.counts;
}

const timer =
  (p: MergeParams) =>
  async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await fn();
    if (p.timings) p.timings[name] = (p.timings[name] ?? 0) + Math.round(performance.now() - start);
    return result;
  };

/**
 * Steps 1 and 2: the temp table `import_plan` (dropped at commit) and the problems written to the staged
 * rows (`writeErrors`; a DTSEN update planned again at apply time writes none, its preview did). A DTSEN
 * update may move a registered worker out of the operator's region (DTSEN says where they live now); a
 * new worker must still live inside it.
 */
export async function planMerge(tx: Queryable, p: MergeParams, opts: { writeErrors: boolean; rows?: PlanRows } = { writeErrors: true }): Promise<MergePlan> {
  const rows = opts.rows ?? { kind: 'all' };
  const timed = timer(p);
  const params = [p.importId, p.scope, p.scope === null ? null : `${p.scope}.%`, p.policy];
  const inScope = (col: string) => `($2::text IS NULL OR ${col} = $2 OR ${col} LIKE $3)`;
  const provided = COLS.map((c) => `(r.${c} IS NOT NULL AND r.${c} IS DISTINCT FROM w.${c})`).join(' OR ');

  const checks: Parameters<typeof err>[] = [
    [
      'dup.nik IS NOT NULL',
      'nik',
      'nik_duplicate_in_file',
      `format('NIK sama dengan baris %s', dup.first_row)`,
      `format('Same NIK as row %s', dup.first_row)`,
      'r.nik',
    ],
    [
      'r.village_code IS NOT NULL AND v.code IS NULL',
      'villageCode',
      'village_unknown',
      `format('Desa/kelurahan %s tidak ada dalam daftar Kemendagri', r.village_code)`,
      `format('Village %s is not in the Kemendagri list', r.village_code)`,
      'r.village_code',
    ],
    [
      `r.village_code IS NOT NULL AND v.code IS NOT NULL AND NOT ${inScope('r.village_code')} AND (w.id IS NULL OR $4 <> 'dtsen_update')`,
      'villageCode',
      'out_of_scope',
      `format('Desa %s di luar wilayah Anda', r.village_code)`,
      `format('Village %s is outside your region', r.village_code)`,
      'r.village_code',
    ],
    [
      `w.id IS NOT NULL AND NOT ${inScope('w.village_code')}`,
      'nik',
      'nik_registered_elsewhere',
      `'NIK sudah terdaftar di wilayah lain'`,
      `'NIK is already registered in another region'`,
      'r.nik',
    ],
    [
      `w.id IS NOT NULL AND $4 = 'reject_conflicts' AND c.changed`,
      'row',
      'conflict',
      `'Berbeda dengan data di registri (kebijakan: tolak konflik)'`,
      `'Differs from the registry (policy: reject conflicts)'`,
    ],
    ...REQUIRED_FOR_NEW.map(([column, field, nameId, nameEn]): Parameters<typeof err> => [
      `w.id IS NULL AND r.${column} IS NULL AND ${noError(field)}`,
      field,
      'required',
      `'${nameId} wajib diisi untuk pekerja baru'`,
      `'${nameEn} is required for a new worker'`,
    ]),
  ];

  await tx.exec(`DROP TABLE IF EXISTS pg_temp.import_plan;`);
  if (rows.kind === 'all') await timed('dupesMs', () => findDupes(tx, p.importId, { part: 0, parts: 1 }));
  const which = stagedRowsWhere(rows, 'r');
  await timed('planMs', () =>
    tx.query(
      `CREATE TEMP TABLE import_plan ON COMMIT DROP AS
     SELECT r.row_no, r.nik, w.id AS existing_id, (d.code IS NULL) AS nik_unverified, e.problems,
            CASE WHEN r.errors IS NOT NULL OR e.problems IS NOT NULL THEN 'invalid'
                 WHEN w.id IS NULL THEN 'insert'
                 WHEN $4 = 'insert_only' THEN 'skip'
                 WHEN NOT c.changed THEN 'unchanged'
                 ELSE 'update' END AS action
       FROM import_rows r
       LEFT JOIN workers w ON w.nik = r.nik
       LEFT JOIN regions v ON v.code = r.village_code AND v.level = 'village'
       LEFT JOIN regions d ON d.code = substr(r.nik, 1, 2) || '.' || substr(r.nik, 3, 2) || '.' || substr(r.nik, 5, 2) AND d.level = 'district'
       ${dupesJoin(rows)}
       CROSS JOIN LATERAL (SELECT w.id IS NOT NULL AND (${provided}) AS changed) c
       CROSS JOIN LATERAL (
         -- Built only for rows with a problem: most rows have none, and jsonb is the costly part.
         SELECT CASE WHEN ${checks.map((c) => `(${c[0]})`).join(' OR ')}
                THEN jsonb_path_query_array(jsonb_build_array(${checks.map((c) => err(...c)).join(', ')}), '$[*] ? (@ != null)') END AS problems
       ) e
      WHERE r.import_id = $1 ${which}`,
      params,
    ),
  );
  if (opts.writeErrors)
    await timed('errorsMs', () =>
      tx.query(
        // The plan's own rows only (\`which\`): without it a chunk's update read the whole staging each time.
        `UPDATE import_rows r SET errors = coalesce(r.errors, '[]'::jsonb) || p.problems
       FROM import_plan p WHERE r.import_id = $1 AND r.row_no = p.row_no AND p.problems IS NOT NULL ${which}`,
        [p.importId],
      ),
    );
  // The plan is final here: its counts decide the bulk path and are the import's result.
  const counts = await tx.query<{ action: string; n: number; unverified: number }>(
    `SELECT action, count(*) AS n, count(*) FILTER (WHERE nik_unverified)::int AS unverified FROM import_plan GROUP BY action`,
  );
  const n = (a: string) => counts.find((c) => c.action === a)?.n ?? 0;
  return {
    counts: {
      invalid: n('invalid'),
      inserted: n('insert'),
      updated: n('update'),
      unchanged: n('unchanged'),
      skipped: n('skip'),
      nikUnverified: counts.find((c) => c.action === 'insert')?.unverified ?? 0,
    },
  };
}

/**
 * The repeated NIKs joined to the planned rows. A whole file joins them as a set. A chunk looks each of its rows
 * up by the primary key: as a join, the planner — no statistics on the scratch tables — compared every row of
 * the chunk with every repeated NIK of the file (10.9 M comparisons, 4.1 s for one chunk of 10,000 rows of a
 * 300,000-row file; 0.36 s this way). OFFSET 0 keeps the subquery from being flattened back into a join.
 */
function dupesJoin(rows: PlanRows): string {
  if (rows.kind === 'all') return `LEFT JOIN import_dupes dup ON dup.import_id = $1 AND dup.nik = r.nik AND dup.first_row <> r.row_no`;
  return `LEFT JOIN LATERAL (
         SELECT x.nik, x.first_row FROM import_dupes x WHERE x.import_id = $1 AND x.nik = r.nik AND x.first_row <> r.row_no OFFSET 0
       ) dup ON true`;
}

/**
 * The import's NIKs found on more than one row, with the first row of each (`import_dupes`, kept until the
 * import's staging is deleted). A chunked merge finds them in `parts` statements, each for the NIKs whose
 * hash falls in its part, so that no single statement holds PGlite for the whole file.
 */
export async function findDupes(tx: Queryable, importId: number, part: { part: number; parts: number }): Promise<void> {
  if (part.part === 0) await tx.query(`DELETE FROM import_dupes WHERE import_id = $1`, [importId]);
  const slice = part.parts > 1 ? `AND mod(hashtext(nik)::bigint + 2147483648, ${Number(part.parts)}) = ${Number(part.part)}` : '';
  await tx.query(
    `INSERT INTO import_dupes (import_id, nik, first_row)
     SELECT $1, nik, min(row_no) FROM import_rows WHERE import_id = $1 AND nik IS NOT NULL ${slice} GROUP BY nik HAVING count(*) > 1`,
    [importId],
  );
}

/**
 * The repeated NIKs among the candidate rows found while staging (`RepeatedNiks`): by row number, the
 * staging's primary key, instead of a scan of the whole staging. The candidates include every row of a
 * repeated NIK, so the result is what `findDupes` finds.
 */
export async function findDupesAmong(tx: Queryable, importId: number, rows: number[]): Promise<void> {
  await tx.query(`DELETE FROM import_dupes WHERE import_id = $1`, [importId]);
  await tx.query(
    `INSERT INTO import_dupes (import_id, nik, first_row)
     SELECT $1, nik, min(row_no) FROM import_rows WHERE import_id = $1 AND row_no = ANY($2::int[]) AND nik IS NOT NULL GROUP BY nik HAVING count(*) > 1`,
    [importId, rows],
  );
}

/** The planned updates, kept for a chunked merge's final transaction (`import_deferred`). */
export async function deferUpdates(tx: Queryable, importId: number): Promise<void> {
  await tx.query(`INSERT INTO import_deferred (import_id, row_no) SELECT $1, row_no FROM import_plan WHERE action = 'update'`, [importId]);
}

/** Step 3: the planned inserts and updates (each update with a before/after audit row). */
export async function applyMerge(tx: Queryable, p: MergeParams, plan: MergePlan): Promise<void> {
  await insertPlanned(tx, p, plan);
  await updatePlanned(tx, p);
}

/**
 * The planned new workers. In one transaction they take ids from the sequence; in a chunked merge
 * (`hiddenBase`) each takes id base + row number from the range reserved for the import, which keeps them
 * out of the `workers` view until the import is published, and no index is dropped (readers go on).
 */
export async function insertPlanned(tx: Queryable, p: MergeParams, plan: MergePlan, hiddenBase?: number): Promise<void> {
  const timed = timer(p);
  // A load large relative to the registry (a first DTSEN extract into an empty one) inserts without the
  // secondary indexes and builds them once afterwards: cheaper than maintaining them row by row. The
  // definitions are read from the catalogue, so they stay those of the migrations. Inside the import's
  // transaction: a failure restores them with everything else. DROP INDEX locks `workers` against readers
  // until the import commits; the path is taken only when the registry is smaller than the load.
  const inserts = plan.counts.inserted;
  const bulk = hiddenBase === undefined && inserts >= BULK_LOAD_MIN_ROWS && inserts >= (await registrySizeEstimate(tx));
  const rebuilt = bulk
    ? await tx.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'worker_rows' AND indexname = ANY($1)`,
        [BULK_LOAD_INDEXES],
      )
    : [];
  for (const ix of rebuilt) await tx.exec(`DROP INDEX ${ix.name}`);
  if (p.timings) p.timings.bulkLoad = bulk ? 1 : 0;
  const id =
    hiddenBase === undefined
      ? { col: '', override: '', value: '' }
      : { col: 'id, ', override: 'OVERRIDING SYSTEM VALUE', value: `${Number(hiddenBase)} + r.row_no, ` };
  await timed('insertMs', () =>
    tx.query(
      `INSERT INTO worker_rows (${id.col}nik, nik_needs_verification, full_name, birth_date, sex, address, village_code, sector_code, occupation,
                          welfare_decile, monthly_income, phone, is_wage_earner, source_import_id) ${id.override}
     SELECT ${id.value}r.nik, p.nik_unverified, r.full_name, r.birth_date, r.sex, coalesce(r.address, ''), r.village_code, r.sector_code,
            coalesce(r.occupation, ''), r.welfare_decile, r.monthly_income, r.phone, coalesce(r.is_wage_earner, false), $1
       FROM import_plan p JOIN import_rows r ON r.import_id = $1 AND r.row_no = p.row_no
      WHERE p.action = 'insert'
        ORDER BY r.nik`,
      [p.importId],
    ),
  );
  await timed('indexRebuildMs', async () => {
    for (const ix of rebuilt) await tx.exec(ix.def);
  });
}

/** The planned updates of registered workers, each with a before/after audit row. */
export async function updatePlanned(tx: Queryable, p: MergeParams): Promise<void> {
  const timed = timer(p);
  // The audit row holds the changed fields only, before and after: compared column by column (measured 24.3 s
  // → 3.2 s for 292 k changed rows against building both whole rows as jsonb and diffing their keys).
  const diff = (side: string, other: string) =>
    `NULLIF(${['nik', ...COLS]
      .map((c) => `CASE WHEN ${side}.${c} IS DISTINCT FROM ${other}.${c} THEN jsonb_build_object('${c}', ${side}.${c}) ELSE '{}'::jsonb END`)
      .join(' || ')}, '{}'::jsonb)`;
  await timed('updateMs', () =>
    tx.query(
      `WITH changes AS (
       SELECT p.existing_id AS id, r.* FROM import_plan p JOIN import_rows r ON r.import_id = $1 AND r.row_no = p.row_no WHERE p.action = 'update'
     ), before AS (
       SELECT w.* FROM workers w JOIN changes c ON c.id = w.id
     ), updated AS (
       UPDATE workers w SET ${COLS.map((c) => `${c} = coalesce(c.${c}, w.${c})`).join(', ')}, version = w.version + 1, updated_at = now()
         FROM changes c WHERE w.id = c.id
       RETURNING w.*
     )
     INSERT INTO audit_log (actor_id, actor_username, action, entity, entity_id, region_code, before, after)
     SELECT $2, $3, 'worker.update', 'worker', a.id::text, a.village_code,
            ${diff('b', 'a')}, ${diff('a', 'b')}
       FROM updated a JOIN before b ON b.id = a.id`,
      [p.importId, p.actorId, p.actorUsername],
    ),
  );
}

/** The planner's estimate of the registry's size (no count over it); 0 before its first ANALYZE. */
async function registrySizeEstimate(tx: Queryable): Promise<number> {
  const [r] = await tx.query<{ n: number }>(`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'worker_rows'::regclass`);
  return Number(r?.n ?? 0);
}

/**
 * After a large merge (outside its transaction): fresh planner statistics at once (the first list queries after
 * a large import ran 1.7–87 × slower on the statistics of the empty registry). On PGlite, which has no
 * autovacuum, also the visibility map for the new rows, so a walk of the name order answers from the index
 * alone (issue 15.3); a server's autovacuum does that soon after a large insert, and a VACUUM in the import
 * would cost a populated regency ~2.5 s per import.
 */
export async function analyzeRegistry(db: Db): Promise<void> {
  if (db.kind === 'pglite') {
    // Two statements with a turn of the event loop between: each holds PGlite under a second at 1.5 M rows.
    await db.exec('VACUUM worker_rows');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await db.exec('ANALYZE worker_rows');
}
