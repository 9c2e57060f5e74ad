import type { Queryable } from '../../db/db.js';

export type Geometry = { type: string; coordinates: unknown } | null;

/** Provinces, regencies and districts, to match boundary features by code or name. */
export function matchableRegions(db: Queryable): Promise<{ code: string; name: string; level: string }[]> {
  return db.query(`SELECT code, name, level FROM regions WHERE level IN ('province', 'regency', 'district')`);
}

export async function upsertBoundaries(db: Queryable, rows: { code: string; geometry: unknown }[], source: string): Promise<void> {
  await db.query(
    `INSERT INTO region_boundaries (region_code, geometry, source)
     SELECT code, geometry, $3 FROM unnest($1::text[], $2::jsonb[]) AS u(code, geometry)
     ON CONFLICT (region_code) DO UPDATE SET geometry = EXCLUDED.geometry, source = EXCLUDED.source, created_at = now()`,
    [rows.map((m) => m.code), rows.map((m) => JSON.stringify(m.geometry)), source],
  );
}

/** Boundaries of a region's children (of the provinces when `parent` is null). */
export function childBoundaryRows(db: Queryable, parent: string | null): Promise<{ code: string; name: string; geometry: Geometry }[]> {
  return db.query(
    `SELECT b.region_code AS code, r.name, b.geometry FROM region_boundaries b JOIN regions r ON r.code = b.region_code
      WHERE ${parent === null ? `r.level = 'province'` : 'r.parent_code = $1'} ORDER BY b.region_code`,
    parent === null ? [] : [parent],
  );
}
