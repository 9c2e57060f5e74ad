import { useMemo } from 'react';
import { useI18n } from '../../../i18n/I18nProvider';

/**
 * Coverage by region as a map that always works offline. With boundaries a deployment imported
 * (GeoJSON) it is a true choropleth; without them, a schematic tile grid — one tile per region in
 * Kemendagri code order, labelled as a schematic so nobody reads it as geography.
 */
export interface MapRegion {
  code: string;
  name: string;
  pct: number | null;
}
interface Geometry {
  type: string;
  coordinates: unknown;
}
export interface BoundaryCollection {
  features: { properties: { code: string; name: string }; geometry: Geometry }[];
}

const BUCKETS = [
  { min: 50, cls: 'c5' },
  { min: 40, cls: 'c4' },
  { min: 30, cls: 'c3' },
  { min: 20, cls: 'c2' },
  { min: 0, cls: 'c1' },
];
/** Work done (a verification round's progress): nothing yet, under a quarter, under half, under all, all. */
const PROGRESS = [
  { min: 100, cls: 'c5' },
  { min: 50, cls: 'c4' },
  { min: 25, cls: 'c3' },
  { min: 0.001, cls: 'c2' },
  { min: 0, cls: 'c1' },
];
export type MapScale = 'coverage' | 'progress';
export const bucketOf = (pct: number | null, scale: MapScale = 'coverage') =>
  pct === null ? 'c0' : (scale === 'progress' ? PROGRESS : BUCKETS).find((b) => pct >= b.min)!.cls;

function rings(g: Geometry): number[][][] {
  if (g.type === 'Polygon') return g.coordinates as number[][][];
  if (g.type === 'MultiPolygon') return (g.coordinates as number[][][][]).flat();
  return [];
}

export function CoverageMap({
  regions,
  boundaries,
  onSelect,
  labels,
  palette = 'coverage',
}: {
  regions: MapRegion[];
  boundaries: BoundaryCollection | null;
  onSelect: (code: string) => void;
  labels: { schematic: string; choropleth: string; noData: string };
  palette?: MapScale;
}) {
  const { formatPercent } = useI18n();
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);
  const features = (boundaries?.features ?? []).filter((f) => byCode.has(f.properties.code));
  if (features.length > 0) {
    const pts = features.flatMap((f) => rings(f.geometry).flat());
    const xs = pts.map((p) => p[0]!);
    const ys = pts.map((p) => p[1]!);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const W = 640;
    const scale = (W - 20) / Math.max(1e-9, maxX - minX);
    const H = Math.max(120, (maxY - minY) * scale + 20);
    const px = (p: number[]) => `${(10 + (p[0]! - minX) * scale).toFixed(1)},${(10 + (maxY - p[1]!) * scale).toFixed(1)}`;
    return (
      <figure className="map" data-testid="map" data-kind="choropleth">
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={labels.choropleth}>
          {features.map((f) => {
            const r = byCode.get(f.properties.code)!;
            const d = rings(f.geometry)
              .map((ring) => `M${ring.map(px).join('L')}Z`)
              .join(' ');
            return (
              <path key={f.properties.code} d={d} className={`region ${bucketOf(r.pct, palette)}`} onClick={() => onSelect(r.code)} data-code={r.code}>
                <title>{`${r.name}: ${r.pct === null ? labels.noData : formatPercent(r.pct)}`}</title>
              </path>
            );
          })}
        </svg>
        <figcaption>{labels.choropleth}</figcaption>
      </figure>
    );
  }
  const cols = Math.min(6, Math.max(3, Math.ceil(Math.sqrt(regions.length))));
  return (
    <figure className="map" data-testid="map" data-kind="schematic">
      <div className="tiles" style={{ gridTemplateColumns: `repeat(${cols}, minmax(4.5rem, 1fr))` }}>
        {regions.map((r) => (
          <button key={r.code} className={`tile ${bucketOf(r.pct, palette)}`} onClick={() => onSelect(r.code)} title={r.name} data-code={r.code}>
            <small>{r.code}</small>
            <span>{r.name.replace(/^(Kabupaten|Provinsi) /, '')}</span>
            <b>{r.pct === null ? '—' : formatPercent(r.pct)}</b>
          </button>
        ))}
      </div>
      <figcaption>{labels.schematic}</figcaption>
    </figure>
  );
}

export function MapLegend({ noData, palette = 'coverage' }: { noData: string; palette?: MapScale }) {
  const steps =
    palette === 'progress'
      ? [
          ['c1', '0 %'],
          ['c2', '< 25 %'],
          ['c3', '25–50 %'],
          ['c4', '50–100 %'],
          ['c5', '100 %'],
        ]
      : [
          ['c1', '< 20 %'],
          ['c2', '20–30 %'],
          ['c3', '30–40 %'],
          ['c4', '40–50 %'],
          ['c5', '≥ 50 %'],
        ];
  return (
    <p className="legend">
      {[...steps, ['c0', noData]].map(([c, l]) => (
        <span key={c}>
          <i className={`swatch ${c}`} />
          {l}
        </span>
      ))}
    </p>
  );
}
