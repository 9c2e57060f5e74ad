import type { Queryable } from '../../db/db.js';
import type { RegionLevel } from '../../domain/region-code.js';

export interface RegionRow {
  code: string;
  level: RegionLevel;
  parent_code: string | null;
  name: string;
}

const COLUMNS = 'code, level, parent_code, name';

export async function findRegion(db: Queryable, code: string): Promise<RegionRow | null> {
  return (await db.query<RegionRow>(`SELECT ${COLUMNS} FROM regions WHERE code = $1`, [code]))[0] ?? null;
}

export async function findRegions(db: Queryable, codes: readonly string[]): Promise<RegionRow[]> {
  if (codes.length === 0) return [];
  return db.query<RegionRow>(`SELECT ${COLUMNS} FROM regions WHERE code = ANY($1::text[]) ORDER BY code`, [codes]);
}

export async function childRegions(db: Queryable, code: string | null): Promise<(RegionRow & { children: number })[]> {
  return db.query(
    `SELECT r.code, r.level, r.parent_code, r.name,
            (SELECT count(*) FROM regions c WHERE c.parent_code = r.code) AS children
       FROM regions r WHERE r.parent_code IS NOT DISTINCT FROM $1 ORDER BY r.code`,
    [code],
  );
}

/** Name search, optionally inside a region and at one level; shortest names (closest matches) first. */
export async function searchRegions(db: Queryable, q: { text: string; within: string | null; level: RegionLevel | null; limit: number }): Promise<RegionRow[]> {
  return db.query<RegionRow>(
    `SELECT ${COLUMNS} FROM regions
      WHERE name ILIKE $1
        AND ($2::text IS NULL OR code = $2 OR code LIKE $2 || '.%')
        AND ($3::text IS NULL OR level = $3)
      ORDER BY (lower(name) = lower($4)) DESC, length(name), code
      LIMIT $5`,
    [`%${q.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`, q.within, q.level, q.text, q.limit],
  );
}

/** Whether a district code (PP.KK.CC) exists — used to flag NIKs issued by districts no longer listed. */
export async function knownDistricts(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(`SELECT code FROM regions WHERE level = 'district' AND code = ANY($1::text[])`, [codes]);
  return new Set(rows.map((r) => r.code));
}
