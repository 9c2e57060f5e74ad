import type { Queryable } from '../../db/db.js';
import { query, sql } from '../../db/sql.js';
import { csvLine } from '../../db/csv.js';
import type { CoverageInput } from './coverage.service.js';

export type InputRow = {
  code: string;
  name: string;
  level: string;
  as_of: string | null;
  potential: number | null;
  active_total: number | null;
  active_pu: number | null;
  active_bpu: number | null;
  active_jakon: number | null;
  active_pmi: number | null;
  reported_pct: string | null;
  potential_source: string | null;
  participants_source: string | null;
  prev_as_of: string | null;
  prev_active: number | null;
  prev_potential: number | null;
  target_value: string | null;
  target_source: string | null;
  target_year: number | null;
  /** Active in BPJS terms in the month of `asOf` (through the arrears window). */
  subsidised: number | null;
  /** Paid for the month of `asOf` itself. */
  subsidised_paid: number | null;
};

/** Which regions a dashboard reads: one region, the children of one, or the provinces. */
export type RegionSelector = { code: string } | { childrenOf: string } | { provinces: true };

/** Latest input on or before `asOf` per selected region, with the one before it, the year's target and the subsidised count. */
export function inputRows(db: Queryable, which: RegionSelector, asOf: string, year: number): Promise<InputRow[]> {
  const where = 'code' in which ? sql`r.code = ${which.code}` : 'childrenOf' in which ? sql`r.parent_code = ${which.childrenOf}` : sql`r.level = 'province'`;
  return query<InputRow>(
    db,
    sql`SELECT r.code, r.name, r.level, ci.as_of, ci.potential, ci.active_total, ci.active_pu, ci.active_bpu, ci.active_jakon, ci.active_pmi,
            ci.reported_pct::text AS reported_pct, ci.potential_source, ci.participants_source,
            pv.as_of AS prev_as_of, pv.active_total AS prev_active, pv.potential AS prev_potential,
            t.value::text AS target_value, t.source AS target_source, t.year AS target_year, s.active AS subsidised, s.participants AS subsidised_paid
       FROM regions r
       LEFT JOIN LATERAL (SELECT * FROM coverage_inputs c WHERE c.region_code = r.code AND c.as_of <= ${asOf}::date ORDER BY c.as_of DESC LIMIT 1) ci ON true
       LEFT JOIN LATERAL (SELECT * FROM coverage_inputs c WHERE c.region_code = r.code AND c.as_of < ci.as_of ORDER BY c.as_of DESC LIMIT 1) pv ON true
       -- The year's target; else the latest earlier one (a 2023 target still steers a 2026 dashboard); else the next one.
       LEFT JOIN LATERAL (SELECT * FROM coverage_targets t WHERE t.region_code = r.code AND t.indicator = 'coverage_pct'
                           ORDER BY (t.year <= ${year}) DESC, CASE WHEN t.year <= ${year} THEN -t.year ELSE t.year END LIMIT 1) t ON true
       LEFT JOIN LATERAL (SELECT sum(cs.active)::int AS active, sum(cs.participants)::int AS participants FROM coverage_subsidised cs
                           WHERE cs.region_code = r.code AND cs.month = date_trunc('month', ${asOf}::date)::date) s ON true
      WHERE ${where} ORDER BY r.code`,
  );
}

export function inputSeries(db: Queryable, code: string, asOf: string): Promise<{ as_of: string; active_total: number; potential: number }[]> {
  return db.query('SELECT as_of, active_total, potential FROM coverage_inputs WHERE region_code = $1 AND as_of <= $2::date ORDER BY as_of', [code, asOf]);
}

/**
 * Jaring's subsidised participants in a region ('' = the country) in the month of `asOf`, by funding
 * type or sector: active in BPJS terms, paid for the month, and the Rupiah paid for the month.
 */
export function subsidisedBy<K extends 'funding_type' | 'sector_code'>(
  db: Queryable,
  by: K,
  code: string,
  asOf: string,
): Promise<({ [k in K]: string } & { active: number; paid: number; rupiah: number })[]> {
  return db.query(
    `SELECT ${by}, sum(active)::int AS active, sum(participants)::int AS paid, sum(rupiah)::bigint AS rupiah FROM coverage_subsidised
      WHERE (region_code = $1 OR ($1 = '' AND length(region_code) = 2)) AND month = date_trunc('month', $2::date)::date GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1`,
    [code, asOf],
  );
}

export function lastRefresh(db: Queryable): Promise<{ at: Date }[]> {
  return db.query('SELECT at FROM coverage_refreshes ORDER BY id DESC LIMIT 1');
}

/** Saves inputs set-based (COPY into a temporary table, one upsert); call inside a transaction. */
export async function upsertInputs(db: Queryable, values: Required<CoverageInput>[], createdBy: string): Promise<void> {
  await db.query('DROP TABLE IF EXISTS cov_in');
  await db.query(
    `CREATE TEMP TABLE cov_in (region_code text, as_of date, potential bigint, potential_source text, potential_date date, active_pu bigint, active_bpu bigint,
       active_jakon bigint, active_pmi bigint, active_total bigint, participants_source text, participants_date date, reported_pct numeric, created_by text) ON COMMIT DROP`,
  );
  await db.copyFrom(
    'COPY cov_in (region_code, as_of, potential, potential_source, potential_date, active_pu, active_bpu, active_jakon, active_pmi, active_total, participants_source, participants_date, reported_pct, created_by) FROM STDIN (FORMAT csv)',
    values
      .map((v) =>
        csvLine([
          v.regionCode,
          v.asOf,
          v.potential,
          v.potentialSource,
          v.potentialDate,
          v.activePu,
          v.activeBpu,
          v.activeJakon,
          v.activePmi,
          v.activeTotal,
          v.participantsSource,
          v.participantsDate,
          v.reportedPct,
          createdBy,
        ]),
      )
      .join(''),
  );
  await db.query(
    `INSERT INTO coverage_inputs (region_code, as_of, potential, potential_source, potential_date, active_pu, active_bpu, active_jakon, active_pmi, active_total,
                                  participants_source, participants_date, reported_pct, created_by)
     SELECT region_code, as_of, potential, potential_source, potential_date, active_pu, active_bpu, active_jakon, active_pmi, active_total,
            participants_source, participants_date, reported_pct, created_by FROM cov_in
     ON CONFLICT (region_code, as_of) DO UPDATE SET potential = EXCLUDED.potential, potential_source = EXCLUDED.potential_source,
       potential_date = EXCLUDED.potential_date, active_pu = EXCLUDED.active_pu, active_bpu = EXCLUDED.active_bpu, active_jakon = EXCLUDED.active_jakon,
       active_pmi = EXCLUDED.active_pmi, active_total = EXCLUDED.active_total, participants_source = EXCLUDED.participants_source,
       participants_date = EXCLUDED.participants_date, reported_pct = EXCLUDED.reported_pct, created_by = EXCLUDED.created_by, updated_at = now()`,
  );
}

export async function upsertTarget(db: Queryable, t: { regionCode: string; year: number; value: number; source: string; createdBy: string }): Promise<void> {
  await db.query(
    `INSERT INTO coverage_targets (region_code, year, indicator, value, source, created_by) VALUES ($1, $2, 'coverage_pct', $3, $4, $5)
     ON CONFLICT (region_code, year, indicator) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source, created_by = EXCLUDED.created_by, created_at = now()`,
    [t.regionCode, t.year, t.value, t.source, t.createdBy],
  );
}

/**
 * Rebuilds the subsidised aggregate from paid months for every region level in one INSERT … SELECT
 * (each village expands to its district, regency and province); one rebuild at a time. Two counts per
 * month: `participants` paid for that month, and `active` as BPJS reports them — a paid month no more
 * than the arrears limit in force then before it (reference value `arrears.max_months`), membership not
 * ended before the month began; each active participant counts under the source and sector of their
 * latest paid month. Call inside a transaction: readers see the old figures until it commits. Returns
 * the rows written.
 */
export async function rebuildSubsidised(db: Queryable): Promise<number> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('jaring.coverage_refresh'))`);
  await db.query('SET LOCAL jit = off');
  await db.query('DELETE FROM coverage_subsidised');
  const [r] = await db.query<{ n: number }>(
    `WITH ${subsidisedBase('TRUE')},
     ins AS (
       INSERT INTO coverage_subsidised (region_code, month, funding_type, sector_code, participants, rupiah, active)
       SELECT lv.code, b.month, b.funding_type, b.sector_code, sum(b.participants)::int, sum(b.rupiah)::bigint, sum(b.active)::int
         FROM base b CROSS JOIN LATERAL (VALUES (b.village), (left(b.village, 8)), (left(b.village, 5)), (left(b.village, 2))) AS lv(code)
        GROUP BY 1, 2, 3, 4 RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  return r!.n;
}

/**
 * The aggregate's rows contributed by some participants (`only`: a condition on l.participant_id), as the CTEs arrears … base (village, month, funding_type, sector_code,
 * participants, rupiah, active). Shared by the full rebuild and the incremental change, so both count alike.
 */
function subsidisedBase(only: string): string {
  return `arrears AS (
       SELECT m.month, coalesce((SELECT rv.value FROM reference_values rv WHERE rv.key = 'arrears.max_months' AND rv.valid_from <= m.month
                                   AND (rv.valid_to IS NULL OR rv.valid_to >= m.month) ORDER BY rv.valid_from DESC LIMIT 1), 0)::int AS months
         FROM (SELECT DISTINCT month FROM invoice_lines l WHERE l.paid AND ${only}) m),
     paid AS (
       SELECT l.participant_id, p.region_code AS village, l.month, s.funding_type, w.sector_code, l.amount, a.months AS arrears,
              CASE WHEN p.status = 'ended' THEN p.status_since END AS ended_on
         FROM invoice_lines l JOIN participants p ON p.id = l.participant_id JOIN workers w ON w.id = p.worker_id
         JOIN invoices i ON i.id = l.invoice_id JOIN funding_sources s ON s.id = i.source_id JOIN arrears a ON a.month = l.month
        WHERE l.paid AND ${only}),
     active AS (
       SELECT DISTINCT ON (pd.participant_id, x.month) pd.village, x.month::date AS month, pd.funding_type, pd.sector_code
         FROM paid pd CROSS JOIN LATERAL generate_series(pd.month, pd.month + make_interval(months => pd.arrears), interval '1 month') AS x(month)
        WHERE pd.ended_on IS NULL OR pd.ended_on >= x.month
        ORDER BY pd.participant_id, x.month, pd.month DESC),
     base AS (
       SELECT village, month, funding_type, sector_code, sum(n_paid)::int AS participants, sum(rupiah)::bigint AS rupiah, sum(n_active)::int AS active
         FROM (SELECT village, month, funding_type, sector_code, 1 AS n_paid, amount AS rupiah, 0 AS n_active FROM paid
               UNION ALL
               SELECT village, month, funding_type, sector_code, 0, 0, 1 FROM active) u
        GROUP BY 1, 2, 3, 4)`;
}

/**
 * Opens a change of the subsidised aggregate in this transaction: the rebuild's advisory lock, shared (a
 * running rebuild and a change never interleave), and no JIT — the change's statement crosses the JIT
 * cost threshold at a few thousand participants, and compiling it took 0.4 s of a 0.6 s change
 * (measured at 5 M participants, 10,000 paid lines).
 */
export async function beginSubsidisedChange(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock_shared(hashtext('jaring.coverage_refresh'))`);
  await db.query('SET LOCAL jit = off');
}

/**
 * Adds (`sign` 1) or takes out (−1) these participants' contribution to the subsidised aggregate at every
 * region level, as they stand now in this transaction. Costs index reads of these participants' lines
 * only, whatever the size of the registry.
 */
export async function changeSubsidised(db: Queryable, participantIds: number[], sign: 1 | -1): Promise<void> {
  await db.query(
    `WITH ${subsidisedBase('l.participant_id = ANY($1::bigint[])')},
     delta AS (
       SELECT lv.code, b.month, b.funding_type, b.sector_code, $2 * sum(b.participants)::int AS participants,
              $2 * sum(b.rupiah)::bigint AS rupiah, $2 * sum(b.active)::int AS active
         FROM base b CROSS JOIN LATERAL (VALUES (b.village), (left(b.village, 8)), (left(b.village, 5)), (left(b.village, 2))) AS lv(code)
        GROUP BY 1, 2, 3, 4)
     INSERT INTO coverage_subsidised AS c (region_code, month, funding_type, sector_code, participants, rupiah, active)
       SELECT * FROM delta ORDER BY 1, 2, 3, 4
       ON CONFLICT (region_code, month, funding_type, sector_code) DO UPDATE
          SET participants = c.participants + excluded.participants, rupiah = c.rupiah + excluded.rupiah, active = c.active + excluded.active`,
    [participantIds, sign],
  );
}

/** Rows a change left at zero: a rebuild writes none (a small table, scanned once per change). */
export async function dropEmptySubsidised(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM coverage_subsidised WHERE participants = 0 AND active = 0 AND rupiah = 0`);
}

export async function recordRefresh(db: Queryable, rows: number, millis: number): Promise<void> {
  await db.query('INSERT INTO coverage_refreshes (rows, millis) VALUES ($1, $2)', [rows, millis]);
}
