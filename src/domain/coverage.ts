/**
 * Coverage indicators (Universal Coverage Jamsostek, shared/DOMAIN.md §5): coverage = active
 * participants ÷ potential participants, always recomputed from the stored numerator and
 * denominator; the gap to a target in people and Rupiah; rankings that say why. Pure, no I/O.
 */

/** Percentage with two decimals, as published (39.52). */
export function coveragePct(active: number, potential: number): number {
  if (potential <= 0) return 0;
  return Math.round((active * 10000) / potential) / 100;
}

/** A published percentage that differs from the recomputed one by more than 0.5 point is flagged. */
export const FLAG_THRESHOLD_POINTS = 0.5;
export function inconsistent(reportedPct: number | null, active: number, potential: number): boolean {
  if (reportedPct === null) return false;
  return Math.abs(reportedPct - (active * 100) / potential) > FLAG_THRESHOLD_POINTS;
}

/**
 * People still needed to reach `targetPct` (two decimals): the smallest whole number of participants
 * whose share is at least the target, minus those active. Exact integer arithmetic in basis points.
 */
export function gapPeople(active: number, potential: number, targetPct: number): number {
  const bp = Math.round(targetPct * 100);
  const needed = Math.ceil((bp * potential) / 10000 - 1e-9);
  return Math.max(0, needed - active);
}

export interface RankInput {
  code: string;
  name: string;
  active: number;
  potential: number;
  previousPct?: number | null;
  subsidised?: number;
}
export interface Ranked extends RankInput {
  rank: number;
  pct: number;
  /** The figure ranked on; null when there is none (growth without an earlier figure, ranked last). */
  value: number | null;
  basis: string;
}

export type RankBy = 'coverage' | 'growth' | 'subsidised';

/**
 * Ranks regions, best first; ties go to the larger number of active participants, then the code, so a
 * ranking is reproducible. `basis` spells out the figure the rank rests on.
 */
export function rank(rows: RankInput[], by: RankBy): Ranked[] {
  const withValues = rows
    .map((r) => {
      const pct = coveragePct(r.active, r.potential);
      const value =
        by === 'coverage'
          ? (r.active * 100) / r.potential
          : by === 'growth'
            ? r.previousPct === null || r.previousPct === undefined
              ? Number.NEGATIVE_INFINITY
              : (r.active * 100) / r.potential - r.previousPct
            : (r.subsidised ?? 0);
      const fmt = (n: number) => n.toLocaleString('en-US');
      const basis =
        by === 'coverage'
          ? `${pct.toFixed(2)} % = ${fmt(r.active)} / ${fmt(r.potential)}`
          : by === 'growth'
            ? value === Number.NEGATIVE_INFINITY
              ? 'no earlier figure'
              : `${value >= 0 ? '+' : ''}${value.toFixed(2)} points (${(r.previousPct ?? 0).toFixed(2)} % → ${pct.toFixed(2)} %)`
            : `${fmt(r.subsidised ?? 0)} subsidised participants`;
      return { ...r, pct, value, basis };
    })
    .sort((a, b) => b.value - a.value || b.active - a.active || (a.code < b.code ? -1 : 1));
  return withValues.map((r, i) => ({ ...r, value: Number.isFinite(r.value) ? r.value : null, rank: i + 1 }));
}

/** Suppresses small counts on public pages: below `min`, only "<min" is shown. */
export function suppress(n: number, min: number): number | string {
  return n < min ? `<${min}` : n;
}
