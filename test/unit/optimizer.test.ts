import { describe, expect, it } from 'vitest';
import { evaluate, optimize, type OptimizerGroup, type OptimizerInput } from '../../src/domain/optimizer.js';
import { referenceOptimum, type RefWorker } from '../helpers/reference-solver.js';

/** A small seeded generator so every failing instance can be replayed by its number. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

interface Instance {
  workers: RefWorker[];
  budgets: number[];
}

/** Random workers and sources; with `uniform` each source pays one amount, otherwise sector classes pay different amounts. */
function instance(seed: number, uniform: boolean): Instance {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const nSources = int(1, 4);
  const nWorkers = int(2, 22);
  const fullCost = [16800 * 12, 16800 * 7, 16800 * 6][int(0, 2)]!;
  // Per source, the cost of class 0 (e.g. transport) and class 1 (others).
  const costs = Array.from({ length: nSources }, () =>
    uniform || r() < 0.15
      ? [fullCost, fullCost]
      : [
          [100800, 126000],
          [8400 * 7, 16800 * 7],
          [33600, 50400],
        ][int(0, 2)]!,
  );
  const workers: RefWorker[] = Array.from({ length: nWorkers }, () => {
    const cls = r() < 0.3 ? 0 : 1;
    const options = [];
    for (let s = 0; s < nSources; s++) if (r() < 0.6) options.push({ source: s, cost: costs[s]![cls]!, tier: int(1, 3) });
    return { decile: r() < 0.15 ? null : int(1, 10), continuing: r() < 0.3, options };
  });
  const budgets = Array.from({ length: nSources }, (_, s) => {
    const eligible = workers.filter((w) => w.options.some((o) => o.source === s)).length;
    return Math.floor(r() * (eligible + 1) * costs[s]![1]! * 0.8) + int(0, 50000);
  });
  return { workers, budgets };
}

/** Workers with identical attributes become one group, as the database aggregation does. */
function aggregate({ workers, budgets }: Instance): OptimizerInput {
  const groups = new Map<string, OptimizerGroup>();
  for (const w of workers) {
    const key = JSON.stringify(w);
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { count: 1, decile: w.decile, continuing: w.continuing, options: w.options.map((o) => ({ ...o })) });
  }
  return { sources: budgets.map((budget, id) => ({ id, budget })), groups: [...groups.values()] };
}

describe('optimizer is exact (checked against GLPK on single workers)', () => {
  it('flow engine on 200 random instances with one cost per source', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const inst = instance(seed, true);
      const input = aggregate(inst);
      const result = await optimize(input);
      expect(result.engine).toBe('flow');
      const expected = await referenceOptimum(inst.workers, inst.budgets);
      expect({ seed, objective: result.objective }).toEqual({ seed, objective: expected });
    }
  }, 120_000);

  it('integer-programme engine on 150 random instances with sector discounts', async () => {
    let mixed = 0;
    for (let seed = 1001; seed <= 1150; seed++) {
      const inst = instance(seed, false);
      const input = aggregate(inst);
      const result = await optimize(input);
      if (result.engine === 'milp') mixed++;
      const expected = await referenceOptimum(inst.workers, inst.budgets);
      expect({ seed, objective: result.objective }).toEqual({ seed, objective: expected });
    }
    expect(mixed).toBeGreaterThan(100);
  }, 120_000);

  it('both engines agree where both apply', async () => {
    for (let seed = 5001; seed <= 5060; seed++) {
      const input = aggregate(instance(seed, true));
      const flow = await optimize(input, 'flow');
      const milp = await optimize(input, 'milp');
      expect({ seed, o: flow.objective }).toEqual({ seed, o: milp.objective });
    }
  }, 60_000);
});

describe('optimizer on hand-made cases', () => {
  it('funds the poorer worker when only one fits, and the continuing one among equals', async () => {
    const input: OptimizerInput = {
      sources: [{ id: 1, budget: 201600 }],
      groups: [
        { count: 1, decile: 4, continuing: true, options: [{ source: 0, cost: 201600, tier: 1 }] },
        { count: 1, decile: 2, continuing: false, options: [{ source: 0, cost: 201600, tier: 1 }] },
      ],
    };
    const r = await optimize(input);
    expect(r.allocations).toEqual([{ group: 1, source: 0, count: 1 }]);
    const tie = await optimize({ ...input, groups: input.groups.map((g) => ({ ...g, decile: 3 })) });
    expect(tie.allocations).toEqual([{ group: 0, source: 0, count: 1 }]);
  });

  it('routes the worker only one source accepts to that source so both are protected', async () => {
    // Greedy by decile would give the single APBD slot to the decile-1 worker and leave the other out.
    const input: OptimizerInput = {
      sources: [
        { id: 1, budget: 201600 },
        { id: 2, budget: 201600 },
      ],
      groups: [
        {
          count: 1,
          decile: 1,
          continuing: false,
          options: [
            { source: 0, cost: 201600, tier: 1 },
            { source: 1, cost: 201600, tier: 1 },
          ],
        },
        { count: 1, decile: 5, continuing: false, options: [{ source: 0, cost: 201600, tier: 1 }] },
      ],
    };
    const r = await optimize(input);
    expect(r.protectedWorkers).toBe(2);
    expect(r.allocations).toContainEqual({ group: 1, source: 0, count: 1 });
  });

  it('Probolinggo 2025: Rp 3,628,800,000 buys exactly 18,000 workers for 12 months', async () => {
    const input: OptimizerInput = {
      sources: [{ id: 1, budget: 3_628_800_000 }],
      groups: [{ count: 30_000, decile: 1, continuing: false, options: [{ source: 0, cost: 12 * 16_800, tier: 1 }] }],
    };
    const r = await optimize(input);
    expect(r.protectedWorkers).toBe(18_000);
    expect(r.perSource[0]).toEqual({ workers: 18_000, rupiah: 3_628_800_000 });
  });

  it('evaluate rejects an allocation over budget', () => {
    const input: OptimizerInput = {
      sources: [{ id: 1, budget: 100 }],
      groups: [{ count: 2, decile: 1, continuing: false, options: [{ source: 0, cost: 60, tier: 1 }] }],
    };
    expect(() => evaluate(input, [{ group: 0, source: 0, count: 2 }])).toThrow(/over budget/);
  });
});
