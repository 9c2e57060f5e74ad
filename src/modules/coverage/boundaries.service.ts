import { readFileSync, statSync } from 'node:fs';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { canSee } from '../../access/access.js';
import * as repo from './boundaries.repository.js';

/**
 * Official boundaries (GeoJSON) that a deployment loads itself — e.g. from the national geospatial
 * agency — matched to Kemendagri codes: by a code property when one holds a known region code,
 * otherwise by name within the region level. No boundary data ships with Jaring (see STACK.md).
 */
export interface Feature {
  type: 'Feature';
  properties: Record<string, unknown> | null;
  geometry: repo.Geometry;
}

const MAX_BYTES = 200 * 1024 * 1024;
const plain = (name: string) =>
  name
    .toLowerCase()
    .replace(/^(kabupaten|kab\.?|kota|kec\.?|kecamatan|desa|kelurahan|provinsi)\s+/, '')
    .replace(/[^a-z0-9]/g, '');
/** "Kota Jambi" and the province "Jambi" share a name: the kind, when written, tells them apart. */
const kinded = (name: string) => {
  const m = /^(kabupaten|kab\.?|kota|provinsi)\s+/i.exec(name.trim());
  if (!m) return null;
  const kind = m[1]!.toLowerCase().startsWith('kab') ? 'kab' : m[1]!.toLowerCase();
  return `${kind}:${plain(name)}`;
};

export async function importBoundaries(
  db: Queryable,
  actor: Actor,
  f: { path: string; name: string; codeProperty?: string; source?: string },
): Promise<{ features: number; matched: number; unmatched: string[] }> {
  requirePermission(actor, 'coverage.write');
  if (statSync(f.path).size > MAX_BYTES)
    throw AppError.validation([problem('file', 'size', 'Berkas GeoJSON lebih dari 200 MB', 'The GeoJSON file is larger than 200 MB')]);
  let doc: { type?: string; features?: Feature[] };
  try {
    doc = JSON.parse(readFileSync(f.path, 'utf8')) as typeof doc;
  } catch {
    throw AppError.validation([problem('file', 'json', 'Berkas bukan GeoJSON (JSON tidak valid)', 'The file is not GeoJSON (invalid JSON)')]);
  }
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    throw AppError.validation([problem('file', 'geojson', 'GeoJSON harus berupa FeatureCollection', 'The GeoJSON must be a FeatureCollection')]);
  const regions = await repo.matchableRegions(db);
  const byCode = new Set(regions.map((r) => r.code));
  const byName = new Map<string, string[]>();
  const addName = (key: string | null, code: string) => key && byName.set(key, [...(byName.get(key) ?? []), code]);
  for (const r of regions) {
    addName(plain(r.name), r.code);
    addName(r.level === 'province' ? `provinsi:${plain(r.name)}` : kinded(r.name), r.code);
  }
  const matched: { code: string; geometry: unknown }[] = [];
  const unmatched: string[] = [];
  for (const feat of doc.features) {
    if (!feat?.geometry || !['Polygon', 'MultiPolygon'].includes(feat.geometry.type)) continue;
    const props = feat.properties ?? {};
    let code: string | null = null;
    const candidates = f.codeProperty ? [props[f.codeProperty]] : Object.values(props);
    for (const v of candidates) {
      const c = typeof v === 'string' || typeof v === 'number' ? normalizeRegionCode(String(v)) : null;
      if (c && byCode.has(c)) {
        code = c;
        break;
      }
    }
    if (!code)
      for (const v of Object.values(props)) {
        const hits = typeof v === 'string' ? (byName.get(kinded(v) ?? '') ?? byName.get(plain(v))) : undefined;
        if (hits?.length === 1) {
          code = hits[0]!;
          break;
        }
      }
    if (code) matched.push({ code, geometry: feat.geometry });
    else unmatched.push(String(Object.values(props)[0] ?? '?'));
  }
  // Only regions inside the actor's own scope may be drawn by it (the map feeds the public page).
  const outside = matched.filter((m) => !canSee(actor, m.code));
  if (outside.length > 0)
    throw new AppError('forbidden', {
      id: `Batas wilayah di luar wilayah Anda tidak boleh diubah: ${outside
        .slice(0, 5)
        .map((m) => m.code)
        .join(', ')}`,
      en: `Boundaries outside your region may not be changed: ${outside
        .slice(0, 5)
        .map((m) => m.code)
        .join(', ')}`,
    });
  if (matched.length === 0)
    throw AppError.validation([
      problem('file', 'no_match', 'Tidak ada fitur yang cocok dengan kode atau nama wilayah Kemendagri', 'No feature matches a Kemendagri region code or name'),
    ]);
  await db.transaction(async (tx) => {
    await repo.upsertBoundaries(tx, matched, (f.source ?? f.name).slice(0, 200));
    await insertAudit(tx, actor, {
      action: 'coverage.boundaries',
      entity: 'region_boundaries',
      entityId: null,
      regionCode: actor.scope,
      after: { file: f.name, matched: matched.length, unmatched: unmatched.length },
    });
  });
  return { features: doc.features.length, matched: matched.length, unmatched: unmatched.slice(0, 50) };
}

/** The imported boundaries of a region's children, as a FeatureCollection with their codes. */
export async function childBoundaries(db: Queryable, parent: string | null): Promise<{ type: 'FeatureCollection'; features: Feature[] }> {
  const rows = await repo.childBoundaryRows(db, parent);
  return { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', properties: { code: r.code, name: r.name }, geometry: r.geometry })) };
}
