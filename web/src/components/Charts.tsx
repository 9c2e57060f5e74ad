import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
/**
 * Small charts drawn by hand (no charting library: these three cover every chart in the app for a few
 * kilobytes; docs/performance.md has the bundle figures). Bars are HTML, so their labels wrap and stay
 * legible on a phone; the two line charts are SVG drawn at the width they are shown at, so text is
 * always 12 px. Each chart says what its marks mean: a legend, values on the bars, a labelled target.
 */
export interface BarDatum {
  label: string;
  parts: { value: number; className: string; title: string }[];
  /** Written after the bar; the first part's value when absent. */
  valueText?: string;
}

/** What the colours of a chart mean. */
export function Legend({ items }: { items: { className: string; label: string }[] }) {
  return (
    <div className="legend" role="list">
      {items.map((i) => (
        <span key={i.className} role="listitem">
          <i className={`swatch ${i.className}`} aria-hidden />
          {i.label}
        </span>
      ))}
    </div>
  );
}

export function StackedBars({ data, ariaLabel, legend }: { data: BarDatum[]; ariaLabel: string; legend?: { className: string; label: string }[] }) {
  const { fmt } = useI18n();
  const max = Math.max(1, ...data.map((d) => d.parts.reduce((s, p) => s + p.value, 0)));
  return (
    <figure className="bars" aria-label={ariaLabel}>
      {legend && <Legend items={legend} />}
      {data.map((d) => {
        const total = d.parts.reduce((s, p) => s + p.value, 0);
        return (
          <div className="bar-row" key={d.label}>
            <span className="bar-label">{d.label}</span>
            <span className="bar-track" title={d.parts.map((p) => p.title).join(' · ')}>
              {d.parts.map((p) => (
                <span key={p.className} className={`bar ${p.className}`} style={{ width: `${(100 * Math.max(0, p.value)) / max}%` }} title={p.title} />
              ))}
              <span className="bar-value">{d.valueText ?? fmt.number(d.parts[0]?.value ?? total)}</span>
            </span>
          </div>
        );
      })}
    </figure>
  );
}

/** The width a chart is shown at, so an SVG can be drawn 1:1 and its text stays 12 px. */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [w, setW] = useState(640);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setW(Math.max(280, Math.min(720, Math.round(el.clientWidth))));
    measure();
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);
  return [ref, w];
}

function Frame({ children, width, height, label }: { children: ReactNode; width: number; height: number; label: string }) {
  return (
    <svg className="chart" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {children}
    </svg>
  );
}

export function StepCurve({ points, xLabel, yLabel, target }: { points: { x: number; y: number }[]; xLabel: string; yLabel: string; target?: number }) {
  const { t, fmt } = useI18n();
  const [ref, W] = useWidth();
  if (points.length === 0) return null;
  const H = 220;
  const pad = { l: 64, r: 16, t: 16, b: 36 };
  const maxX = Math.max(1, ...points.map((p) => p.x));
  const maxY = Math.max(1, target ?? 0, ...points.map((p) => p.y));
  // The y axis starts just below the lowest value so small gains stay visible.
  const minY = Math.max(0, Math.floor(Math.min(target ?? maxY, ...points.map((p) => p.y)) * 0.98) - 1);
  const sx = (x: number) => pad.l + ((W - pad.l - pad.r) * x) / maxX;
  const sy = (y: number) => H - pad.b - ((H - pad.t - pad.b) * (y - minY)) / Math.max(1, maxY - minY);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  return (
    <div ref={ref} className="chart-box">
      <Legend
        items={[
          { className: 'curve', label: `${yLabel} / ${xLabel}` },
          ...(target !== undefined ? [{ className: 'target', label: `${t('target')}: ${fmt.number(target)}` }] : []),
        ]}
      />
      <Frame width={W} height={H} label={`${yLabel} / ${xLabel}`}>
        <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} className="axis" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} className="axis" />
        {target !== undefined && <line x1={pad.l} x2={W - pad.r} y1={sy(target)} y2={sy(target)} className="target" />}
        <path d={path} className="curve" fill="none" />
        {points.map((p) => (
          <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} className="dot">
            <title>{`${fmt.rupiah(p.x)} → ${fmt.number(p.y)}`}</title>
          </circle>
        ))}
        <text x={pad.l} y={H - 10} className="chart-label">
          0
        </text>
        <text x={pad.l - 6} y={H - pad.b} textAnchor="end" className="chart-label">
          {fmt.number(minY)}
        </text>
        <text x={W - pad.r} y={H - 10} textAnchor="end" className="chart-label">
          {xLabel} {fmt.number(maxX)}
        </text>
        <text x={pad.l - 6} y={pad.t + 10} textAnchor="end" className="chart-label">
          {fmt.number(maxY)}
        </text>
      </Frame>
    </div>
  );
}

/** A percentage over dates (coverage through time), with an optional labelled target line. */
export function LineChart({ points, target, ariaLabel }: { points: { label: string; value: number }[]; target?: number | null; ariaLabel: string }) {
  const { t, formatPercent } = useI18n();
  const [ref, W] = useWidth();
  if (points.length === 0) return null;
  const H = 210;
  const pad = { l: 48, r: 24, t: 20, b: 30 };
  const maxY = Math.max(10, target ?? 0, ...points.map((p) => p.value)) * 1.1;
  const sx = (i: number) => pad.l + (W - pad.l - pad.r) * (points.length === 1 ? 0.5 : i / (points.length - 1));
  const sy = (v: number) => H - pad.b - ((H - pad.t - pad.b) * v) / maxY;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(i).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
  // On a narrow screen only every n-th date is written under the axis, so labels never overlap.
  const every = Math.max(1, Math.ceil((points.length * 96) / (W - pad.l - pad.r)));
  return (
    <div ref={ref} className="chart-box">
      <Legend
        items={[
          { className: 'curve', label: ariaLabel },
          ...(target !== undefined && target !== null ? [{ className: 'target', label: `${t('target')} ${formatPercent(target)}` }] : []),
        ]}
      />
      <Frame width={W} height={H} label={ariaLabel}>
        <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} className="axis" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} className="axis" />
        {target !== undefined && target !== null && <line x1={pad.l} x2={W - pad.r} y1={sy(target)} y2={sy(target)} className="target" />}
        <path d={path} className="curve" fill="none" />
        {points.map((p, i) => (
          <g key={p.label}>
            <circle cx={sx(i)} cy={sy(p.value)} r={3.5} className="dot">
              <title>{`${p.label}: ${formatPercent(p.value)}`}</title>
            </circle>
            {(i % every === 0 || i === points.length - 1) && (
              <text
                x={sx(i)}
                y={H - 10}
                textAnchor={i === 0 && points.length > 1 ? 'start' : i === points.length - 1 && points.length > 1 ? 'end' : 'middle'}
                className="chart-label"
              >
                {p.label}
              </text>
            )}
            <text x={sx(i)} y={sy(p.value) - 8} textAnchor="middle" className="chart-label">
              {formatPercent(p.value)}
            </text>
          </g>
        ))}
        <text x={pad.l - 6} y={pad.t + 10} textAnchor="end" className="chart-label">
          {Math.round(maxY)} %
        </text>
      </Frame>
    </div>
  );
}
