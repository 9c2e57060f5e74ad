import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped, underRegion } from '../../access/access.js';
import { query, sql } from '../../db/sql.js';

export interface QualityRow {
  code: string;
  name: string | null;
  workers: number;
  verified: number;
  verified_recent: number;
  flagged_nik: number;
  no_phone: number;
  no_decile: number;
  duplicates: number;
  last_verified: string | null;
}

/**
 * Data quality per child of `parent` (its districts, villages …) over the actor's workers, in one grouped
 * scan: verified at all and within `recentFrom`, NIKs whose region code needs checking, missing phone or
 * decile, workers in an open likely-duplicate pair, and the day of the last verification.
 */
export function qualityByChild(db: Queryable, actor: Actor, parent: string, childLength: number, recentFrom: string): Promise<QualityRow[]> {
  return query<QualityRow>(
    db,
    sql`WITH q AS (
          SELECT left(w.village_code, ${childLength}) AS code, count(*)::int AS workers,
                 count(w.verified_on)::int AS verified,
                 count(*) FILTER (WHERE w.verified_on >= ${recentFrom}::date)::int AS verified_recent,
                 count(*) FILTER (WHERE w.nik_needs_verification)::int AS flagged_nik,
                 count(*) FILTER (WHERE w.phone IS NULL OR w.phone = '')::int AS no_phone,
                 count(*) FILTER (WHERE w.welfare_decile IS NULL)::int AS no_decile,
                 count(*) FILTER (WHERE d.worker IS NOT NULL)::int AS duplicates,
                 max(w.verified_on)::text AS last_verified
            FROM workers w
            LEFT JOIN (SELECT worker_a AS worker FROM duplicate_pairs WHERE status = 'open'
                       UNION SELECT worker_b FROM duplicate_pairs WHERE status = 'open') d ON d.worker = w.id
           WHERE ${underRegion('w.village_code', parent)} AND ${scoped(actor, 'worker', 'w')}
           GROUP BY 1)
        SELECT q.*, r.name FROM q LEFT JOIN regions r ON r.code = q.code ORDER BY q.code`,
  );
}
