import { useI18n } from '../i18n/I18nProvider';
/**
 * Two small SVG charts, drawn by hand so the plan pages need no charting library: stacked horizontal
 * bars (used vs left per source) and a step curve (workers protected by extra money).
 */
export interface BarDatum {
  label: string;
  parts: { value: number; className: string; title: string }[];
}

export function StackedBars({ data, ariaLabel }: { data: BarDatum[]; ariaLabel: string }) {
  const max = Math.max(1, ...data.map((d) => d.parts.reduce((s, p) => s + p.value, 0)));
  const rowH = 28;
  const labelW = 230;
  const width = 640;
  return (
    <svg className="chart" role="img" aria-label={ariaLabel} viewBox={`0 0 ${width} ${data.length * rowH + 8}`} width="100%">
      {data.map((d, i) => {
        let x = labelW;
        return (
          <g key={d.label} transform={`translate(0 ${i * rowH + 4})`}>
            <text x={labelW - 8} y={rowH / 2 + 4} textAnchor="end" className="chart-label">
              {d.label.length > 32 ? d.label.slice(0, 31) + '…' : d.label}
            </text>
            {d.parts.map((p) => {
              const w = ((width - labelW - 10) * p.value) / max;
              const rect = (
                <rect key={p.className} x={x} y={4} width={Math.max(0, w)} height={rowH - 10} className={p.className}>
                  <title>{p.title}</title>
                </rect>
              );
              x += w;
              return rect;
            })}
          </g>
        );
      })}
    </svg>
  );
}

export function StepCurve({ points, xLabel, yLabel, target }: { points: { x: number; y: number }[]; xLabel: string; yLabel: string; target?: number }) {
  if (points.length === 0) return null;
  const W = 640;
  const H = 220;
  const pad = { l: 60, r: 16, t: 12, b: 36 };
  const maxX = Math.max(1, ...points.map((p) => p.x));
  const maxY = Math.max(1, target ?? 0, ...points.map((p) => p.y));
  // The y axis starts just below the lowest value so small gains stay visible.
  const minY = Math.max(0, Math.floor(Math.min(target ?? maxY, ...points.map((p) => p.y)) * 0.98) - 1);
  const sx = (x: number) => pad.l + ((W - pad.l - pad.r) * x) / maxX;
  const sy = (y: number) => H - pad.b - ((H - pad.t - pad.b) * (y - minY)) / Math.max(1, maxY - minY);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  return (
    <svg className="chart" role="img" aria-label={`${yLabel} / ${xLabel}`} viewBox={`0 0 ${W} ${H}`} width="100%">
      <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} className="axis" />
      <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} className="axis" />
      {target !== undefined && <line x1={pad.l} x2={W - pad.r} y1={sy(target)} y2={sy(target)} className="target" />}
      <path d={path} className="curve" fill="none" />
      {points.map((p) => (
        <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} className="dot">
          <title>{`${p.x.toLocaleString('id-ID')} → ${p.y.toLocaleString('id-ID')}`}</title>
        </circle>
      ))}
      <text x={pad.l} y={H - 8} className="chart-label">
        0
      </text>
      <text x={pad.l - 6} y={H - pad.b} textAnchor="end" className="chart-label">
        {minY.toLocaleString('id-ID')}
      </text>
      <text x={W - pad.r} y={H - 8} textAnchor="end" className="chart-label">
        {xLabel}: {maxX.toLocaleString('id-ID')}
      </text>
      <text x={pad.l - 6} y={pad.t + 10} textAnchor="end" className="chart-label">
        {maxY.toLocaleString('id-ID')}
      </text>
    </svg>
  );
}

/** A percentage over dates (coverage through time), with an optional target line. */
export function LineChart({ points, target, ariaLabel }: { points: { label: string; value: number }[]; target?: number | null; ariaLabel: string }) {
  const { formatPercent } = useI18n();
  if (points.length === 0) return null;
  const W = 640;
  const H = 200;
  const pad = { l: 48, r: 48, t: 12, b: 30 };
  const maxY = Math.max(10, target ?? 0, ...points.map((p) => p.value)) * 1.1;
  const sx = (i: number) => pad.l + (W - pad.l - pad.r) * (points.length === 1 ? 0.5 : i / (points.length - 1));
  const sy = (v: number) => H - pad.b - ((H - pad.t - pad.b) * v) / maxY;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(i).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
  return (
    <svg className="chart" role="img" aria-label={ariaLabel} viewBox={`0 0 ${W} ${H}`} width="100%">
      <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} className="axis" />
      <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} className="axis" />
      {target !== undefined && target !== null && <line x1={pad.l} x2={W - pad.r} y1={sy(target)} y2={sy(target)} className="target" />}
      <path d={path} className="curve" fill="none" />
      {points.map((p, i) => (
        <g key={p.label}>
          <circle cx={sx(i)} cy={sy(p.value)} r={3.5} className="dot">
            <title>{`${p.label}: ${formatPercent(p.value)}`}</title>
          </circle>
          <text x={sx(i)} y={H - 10} textAnchor="middle" className="chart-label">
            {p.label}
          </text>
          <text x={sx(i)} y={sy(p.value) - 8} textAnchor="middle" className="chart-label">
            {formatPercent(p.value)}
          </text>
        </g>
      ))}
      <text x={pad.l - 6} y={pad.t + 10} textAnchor="end" className="chart-label">
        {Math.round(maxY)} %
      </text>
    </svg>
  );
}
