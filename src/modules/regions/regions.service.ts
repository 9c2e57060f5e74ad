import type { Queryable } from '../../db/db.js';
import { normalizeRegionCode, regionAncestry, type RegionLevel } from '../../domain/region-code.js';
import { problem } from '../../domain/problem.js';
import { AppError } from '../../errors.js';
import * as repo from './regions.repository.js';

export interface RegionView {
  code: string;
  level: RegionLevel;
  name: string;
  parentCode: string | null;
}

export interface RegionDetail extends RegionView {
  ancestors: RegionView[];
  children: (RegionView & { childCount: number })[];
}

const present = (r: repo.RegionRow): RegionView => ({ code: r.code, level: r.level, name: r.name, parentCode: r.parent_code });

export function parseRegionCode(field: string, raw: string): string {
  const code = normalizeRegionCode(raw);
  if (!code) {
    throw AppError.validation([
      problem(field, 'region_code_format', `Kode wilayah "${raw}" tidak sesuai format PP.KK.CC.DDDD`, `Region code "${raw}" does not follow PP.KK.CC.DDDD`),
    ]);
  }
  return code;
}

/** Regions are public reference data: any signed-in user may browse the whole country. */
export async function getRegion(db: Queryable, rawCode: string): Promise<RegionDetail> {
  const code = parseRegionCode('code', rawCode);
  const chain = await repo.findRegions(db, regionAncestry(code));
  const self = chain.find((r) => r.code === code);
  if (!self) throw new AppError('not_found', { id: `Wilayah ${code} tidak ada`, en: `Region ${code} does not exist` });
  const children = await repo.childRegions(db, code);
  return {
    ...present(self),
    ancestors: chain.filter((r) => r.code !== code).map(present),
    children: children.map((c) => ({ ...present(c), childCount: c.children })),
  };
}

export async function listProvinces(db: Queryable): Promise<(RegionView & { childCount: number })[]> {
  return (await repo.childRegions(db, null)).map((c) => ({ ...present(c), childCount: c.children }));
}

export async function searchRegions(
  db: Queryable,
  q: { text: string; within?: string | null; level?: RegionLevel | null; limit?: number },
): Promise<(RegionView & { path: string })[]> {
  const within = q.within ? parseRegionCode('within', q.within) : null;
  const rows = await repo.searchRegions(db, { text: q.text.trim(), within, level: q.level ?? null, limit: q.limit ?? 20 });
  const ancestorCodes = [...new Set(rows.flatMap((r) => regionAncestry(r.code).slice(0, -1)))];
  const names = new Map((await repo.findRegions(db, ancestorCodes)).map((r) => [r.code, r.name]));
  return rows.map((r) => ({
    ...present(r),
    path: [
      ...regionAncestry(r.code)
        .slice(0, -1)
        .map((c) => names.get(c) ?? c),
      r.name,
    ].join(' › '),
  }));
}
