import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { canSeeShared } from '../../access/access.js';
import { normalizeRegionCode, parentRegionCode, regionLevel } from '../../domain/region-code.js';
import { addMonthsToDay, todayJakarta } from '../../domain/calendar.js';
import { problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import * as repo from './quality.repository.js';

/**
 * Data quality per village (issue 16.5), and per district or regency higher up: where the list is verified,
 * where NIKs need checking, phones and deciles are missing, likely duplicates wait, and how old the last
 * verification is — so a regency knows which villages to visit first.
 */
const CHILD_LENGTH = { province: 5, regency: 8, district: 13 } as const;
/** "Verified recently" means within this many months (the same window a source's rule would use by default). */
const RECENT_MONTHS = 12;

export interface QualityRowView {
  code: string;
  name: string;
  workers: number;
  verifiedPct: number;
  verifiedRecentPct: number;
  flaggedNik: number;
  noPhone: number;
  noDecile: number;
  duplicates: number;
  lastVerified: string | null;
  daysSinceVerified: number | null;
}

export interface QualityView {
  region: string;
  asOf: string;
  recentMonths: number;
  rows: QualityRowView[];
  total: Omit<QualityRowView, 'code' | 'name' | 'lastVerified' | 'daysSinceVerified'>;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n * 10000) / d) / 100);

export async function dataQuality(db: Queryable, actor: Actor, q: { region?: string | null }): Promise<QualityView> {
  requirePermission(actor, 'workers.read');
  // A village operator sees their village as one row of its district.
  const own = actor.scope && regionLevel(actor.scope) === 'village' ? parentRegionCode(actor.scope) : actor.scope;
  const region = q.region ?? own ?? null;
  if (!region || normalizeRegionCode(region) !== region || regionLevel(region) === 'village')
    throw AppError.validation([problem('region', 'level', 'Pilih provinsi, kabupaten/kota atau kecamatan', 'Choose a province, regency or district')]);
  if (!canSeeShared(actor, region))
    throw new AppError('not_found', { id: `Wilayah ${region} tidak ditemukan di wilayah Anda`, en: `Region ${region} not found in your region` });
  const asOf = todayJakarta();
  const rows = await repo.qualityByChild(
    db,
    actor,
    region,
    CHILD_LENGTH[regionLevel(region) as keyof typeof CHILD_LENGTH],
    addMonthsToDay(asOf, -RECENT_MONTHS),
  );
  const view = rows.map((r) => ({
    code: r.code,
    name: r.name ?? r.code,
    workers: r.workers,
    verifiedPct: pct(r.verified, r.workers),
    verifiedRecentPct: pct(r.verified_recent, r.workers),
    flaggedNik: r.flagged_nik,
    noPhone: r.no_phone,
    noDecile: r.no_decile,
    duplicates: r.duplicates,
    lastVerified: r.last_verified,
    daysSinceVerified: r.last_verified === null ? null : Math.round((Date.parse(asOf) - Date.parse(r.last_verified)) / 86_400_000),
  }));
  const sum = (f: (r: repo.QualityRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const workers = sum((r) => r.workers);
  return {
    region,
    asOf,
    recentMonths: RECENT_MONTHS,
    rows: view,
    total: {
      workers,
      verifiedPct: pct(
        sum((r) => r.verified),
        workers,
      ),
      verifiedRecentPct: pct(
        sum((r) => r.verified_recent),
        workers,
      ),
      flaggedNik: sum((r) => r.flagged_nik),
      noPhone: sum((r) => r.no_phone),
      noDecile: sum((r) => r.no_decile),
      duplicates: sum((r) => r.duplicates),
    },
  };
}
