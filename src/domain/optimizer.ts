/**
 * The coverage optimizer: who is funded by which source so that the most workers are protected.
 *
 * Input is aggregated: a group is a set of interchangeable candidates (same eligible sources, costs,
 * tiers, decile and continuity), so 1.5 million candidates become a few thousand groups.
 *
 * The objective is lexicographic (each level only breaks ties of the ones before it):
 *   1. the number of protected workers;
 *   2. poorer deciles: the most workers of decile 1, then of decile 2, … then of unknown decile;
 *   3. continuity: the most workers already protected before the plan starts;
 *   4. the sources' sector tiers: the most workers funded at tier 1 of their source, then tier 2, …
 *   5. the sources' order: the most workers on the first source, then the second, … — earmarked money
 *      (DBHCHT, listed first) is spent before flexible money (APBD) when either could pay.
 *
 * Two exact engines:
 *   - `flow`: when every source pays the same amount for each of its workers (the usual case: APBD and
 *     DBHCHT pay the full tariff), the problem is a transportation problem; a min-cost flow with
 *     lexicographic vector costs (primal–dual: Dijkstra with potentials + blocking flows) solves it
 *     exactly in milliseconds.
 *   - `milp`: when a source pays different amounts for different workers (a sector discount reaches
 *     donors but not the APBD), budgets become knapsack constraints; the aggregated integer programme
 *     is solved level by level with HiGHS, each level fixing the optimum of the ones before.
 */
import highsModule, { type Highs } from 'highs';

// The package ships an ES module build whose default export is the loader, but its types describe the
// CommonJS build, which TypeScript's NodeNext resolution then wraps once more.
const highsLoader = highsModule as unknown as () => Promise<Highs>;

export interface OptimizerSource {
  id: number;
  budget: number;
}

export interface OptimizerOption {
  /** Index into `sources`. */
  source: number;
  /** Rupiah per worker for the whole plan period. */
  cost: number;
  /** The sector's priority tier in this source (1 = first). */
  tier: number;
}

export interface OptimizerGroup {
  count: number;
  decile: number | null;
  continuing: boolean;
  options: OptimizerOption[];
}

export interface OptimizerInput {
  sources: OptimizerSource[];
  groups: OptimizerGroup[];
}

export interface Allocation {
  group: number;
  source: number;
  count: number;
}

export interface OptimizerResult {
  engine: 'flow' | 'milp';
  allocations: Allocation[];
  /** Workers and Rupiah per source, by index. */
  perSource: { workers: number; rupiah: number }[];
  protectedWorkers: number;
  /** Value of every objective level, in order (see `objectiveLevels`). */
  objective: number[];
  levels: string[];
  millis: number;
}

const DECILE_LEVELS = 11; // deciles 1..10, then unknown

/** Names of the objective levels for an input (tiers 1..max tier used). */
export function objectiveLevels(input: OptimizerInput): string[] {
  const maxTier = Math.max(1, ...input.groups.flatMap((g) => g.options.map((o) => o.tier)));
  const names = ['protected'];
  for (let d = 1; d <= 10; d++) names.push(`decile_${d}`);
  names.push('decile_unknown', 'continuing');
  for (let t = 1; t <= maxTier; t++) names.push(`tier_${t}`);
  for (let k = 1; k <= input.sources.length; k++) names.push(`source_${k}`);
  return names;
}

/** The level weights of funding one worker of `group` through `option`. */
function weights(group: OptimizerGroup, option: OptimizerOption, size: number, sources: number): number[] {
  const w = new Array<number>(size).fill(0);
  w[0] = 1;
  w[group.decile === null ? DECILE_LEVELS : group.decile] = 1;
  w[1 + DECILE_LEVELS] = group.continuing ? 1 : 0;
  w[1 + DECILE_LEVELS + option.tier] = 1;
  w[size - sources + option.source] = 1;
  return w;
}

/** Objective vector and per-source totals of an allocation; throws if it breaks a budget or a group size. */
export function evaluate(input: OptimizerInput, allocations: Allocation[]): Pick<OptimizerResult, 'objective' | 'perSource' | 'protectedWorkers'> {
  const size = objectiveLevels(input).length;
  const objective = new Array<number>(size).fill(0);
  const perSource = input.sources.map(() => ({ workers: 0, rupiah: 0 }));
  const used = new Array<number>(input.groups.length).fill(0);
  for (const a of allocations) {
    const group = input.groups[a.group]!;
    const option = group.options.find((o) => o.source === a.source);
    if (!option) throw new Error(`group ${a.group} is not eligible for source ${a.source}`);
    used[a.group]! += a.count;
    perSource[a.source]!.workers += a.count;
    perSource[a.source]!.rupiah += a.count * option.cost;
    weights(group, option, size, input.sources.length).forEach((w, i) => (objective[i]! += w * a.count));
  }
  used.forEach((u, g) => {
    if (u > input.groups[g]!.count) throw new Error(`group ${g} over-allocated`);
  });
  perSource.forEach((p, s) => {
    if (p.rupiah > input.sources[s]!.budget) throw new Error(`source ${s} over budget`);
  });
  return { objective, perSource, protectedWorkers: objective[0]! };
}

/** True when each source pays one amount for every worker it may fund. */
export function hasUniformCosts(input: OptimizerInput): boolean {
  const cost = new Map<number, number>();
  for (const g of input.groups) {
    for (const o of g.options) {
      const seen = cost.get(o.source);
      if (seen === undefined) cost.set(o.source, o.cost);
      else if (seen !== o.cost) return false;
    }
  }
  return true;
}

export async function optimize(input: OptimizerInput, engine: 'auto' | 'flow' | 'milp' = 'auto'): Promise<OptimizerResult> {
  const started = performance.now();
  const levels = objectiveLevels(input);
  const chosen = engine === 'auto' ? (hasUniformCosts(input) ? 'flow' : 'milp') : engine;
  if (chosen === 'flow' && !hasUniformCosts(input)) throw new Error('the flow engine needs one cost per source');
  const allocations = chosen === 'flow' ? solveByFlow(input, levels.length) : await solveByMilp(input, levels.length);
  return { engine: chosen, allocations, levels, ...evaluate(input, allocations), millis: performance.now() - started };
}

/**
 * Solves a two-group programme so that V8 compiles the solver's WebAssembly before the first real plan:
 * the first integer programme of a process took 1.3 s instead of 0.3 s (1.5 M candidates, 8 sources).
 */
export async function warmOptimizer(): Promise<void> {
  const option = (source: number, cost: number, tier: number) => ({ source, cost, tier });
  await optimize(
    {
      sources: [
        { id: 1, budget: 1000 },
        { id: 2, budget: 500 },
      ],
      groups: [
        { count: 10, decile: 1, continuing: false, options: [option(0, 100, 1), option(1, 50, 1)] },
        { count: 10, decile: 3, continuing: true, options: [option(0, 120, 2), option(1, 60, 1)] },
      ],
    },
    'milp',
  );
}

// ---------------------------------------------------------------------------------------------
// Min-cost flow with lexicographic vector costs.

function solveByFlow(input: OptimizerInput, L: number): Allocation[] {
  const G = input.groups.length;
  const K = input.sources.length;
  const S = 0;
  const T = G + K + 1;
  const N = G + K + 2;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = []; // flat, L per edge
  const head = new Array<number>(N).fill(-1);
  const next: number[] = [];
  const addEdge = (u: number, v: number, c: number, w: number[] | null): number => {
    const e = to.length;
    for (const [a, b, cc, sign] of [
      [u, v, c, 1],
      [v, u, 0, -1],
    ] as const) {
      to.push(b);
      cap.push(cc);
      for (let j = 0; j < L; j++) cost.push(w ? sign * w[j]! : 0);
      next.push(head[a]!);
      head[a] = to.length - 1;
    }
    return e;
  };
  const groupSourceEdges: { edge: number; group: number; source: number }[] = [];
  const sourceCost = new Array<number>(K).fill(-1);
  input.groups.forEach((g, gi) => {
    if (g.count <= 0 || g.options.length === 0) return;
    addEdge(S, 1 + gi, g.count, null);
    for (const o of g.options) {
      sourceCost[o.source] = o.cost;
      const w = weights(g, o, L, K).map((x) => -x); // maximise the levels = minimise their negation
      groupSourceEdges.push({ edge: addEdge(1 + gi, 1 + G + o.source, g.count, w), group: gi, source: o.source });
    }
  });
  const totalCandidates = input.groups.reduce((s, g) => s + Math.max(0, g.count), 0);
  input.sources.forEach((src, si) => {
    const c = sourceCost[si]!;
    if (c < 0) return;
    const capacity = c === 0 ? totalCandidates : Math.floor(src.budget / c);
    if (capacity > 0) addEdge(1 + G + si, T, Math.min(capacity, totalCandidates), null);
  });

  // Potentials: shortest distances in the initial DAG S → groups → sources → T.
  const pot = new Float64Array(N * L);
  const INF = Number.POSITIVE_INFINITY;
  const cmp = (a: Float64Array, ai: number, b: Float64Array, bi: number): number => {
    for (let j = 0; j < L; j++) {
      const d = a[ai + j]! - b[bi + j]!;
      if (d !== 0) return d;
    }
    return 0;
  };
  {
    const known = new Array<boolean>(N).fill(false);
    for (let v = 0; v <= G; v++) known[v] = true; // S and groups at 0
    for (let v = 1; v <= G; v++) {
      for (let e = head[v]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const w = to[e]!;
        const cand = Float64Array.from(cost.slice(e * L, e * L + L));
        if (!known[w] || cmp(cand, 0, pot, w * L) < 0) {
          pot.set(cand, w * L);
          known[w] = true;
        }
      }
    }
    // T: the minimum over sources (sources never reached keep 0, which is ≥ any reached one).
    let first = true;
    for (let si = 0; si < K; si++) {
      const v = 1 + G + si;
      if (first || cmp(pot, v * L, pot, T * L) < 0) {
        pot.copyWithin(T * L, v * L, v * L + L);
        first = false;
      }
    }
  }

  const dist = new Float64Array(N * L);
  const reached = new Uint8Array(N);
  const done = new Uint8Array(N);
  const tmp = new Float64Array(L);
  const level = new Int32Array(N);
  const iter = new Int32Array(N);

  // Reduced cost of edge e (u → v) into tmp; returns its sign.
  const reduced = (e: number, u: number, v: number): number => {
    let sign = 0;
    for (let j = 0; j < L; j++) {
      const x = cost[e * L + j]! + pot[u * L + j]! - pot[v * L + j]!;
      tmp[j] = x;
      if (sign === 0 && x !== 0) sign = x > 0 ? 1 : -1;
    }
    return sign;
  };

  for (;;) {
    // Dijkstra on reduced costs (all ≥ 0) with a binary heap keyed by vector distance.
    reached.fill(0);
    done.fill(0);
    // Entries carry a copy of their key: a node's distance may improve while an older entry is queued.
    const heap: { v: number; key: Float64Array }[] = [];
    const less = (a: { key: Float64Array }, b: { key: Float64Array }) => cmp(a.key, 0, b.key, 0) < 0;
    const push = (v: number) => {
      heap.push({ v, key: dist.slice(v * L, v * L + L) });
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    };
    const pop = (): number => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
      return top.v;
    };
    dist.fill(0, S * L, S * L + L);
    reached[S] = 1;
    push(S);
    while (heap.length > 0) {
      const u = pop();
      if (done[u]) continue;
      done[u] = 1;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const v = to[e]!;
        if (done[v]) continue;
        reduced(e, u, v);
        for (let j = 0; j < L; j++) tmp[j] = tmp[j]! + dist[u * L + j]!;
        if (!reached[v] || cmp(tmp, 0, dist, v * L) < 0) {
          dist.set(tmp, v * L);
          reached[v] = 1;
          push(v);
        }
      }
    }
    if (!reached[T]) break;
    // New potentials; nodes farther than T (or unreached) move by T's distance.
    for (let v = 0; v < N; v++) {
      const useOwn = reached[v] && cmp(dist, v * L, dist, T * L) < 0;
      const src = useOwn ? v : T;
      for (let j = 0; j < L; j++) pot[v * L + j] = pot[v * L + j]! + dist[src * L + j]!;
    }
    // Blocking flow on the admissible graph (residual edges of reduced cost 0), Dinic style.
    let pushedAny = false;
    for (;;) {
      level.fill(-1);
      level[S] = 0;
      const queue = [S];
      for (let qi = 0; qi < queue.length; qi++) {
        const u = queue[qi]!;
        for (let e = head[u]!; e !== -1; e = next[e]!) {
          const v = to[e]!;
          if (cap[e]! > 0 && level[v] === -1 && reduced(e, u, v) === 0) {
            level[v] = level[u]! + 1;
            queue.push(v);
          }
        }
      }
      if (level[T] === -1) break;
      for (let v = 0; v < N; v++) iter[v] = head[v]!;
      const dfs = (u: number, f: number): number => {
        if (u === T) return f;
        for (; iter[u] !== -1; iter[u] = next[iter[u]!]!) {
          const e = iter[u]!;
          const v = to[e]!;
          if (cap[e]! > 0 && level[v] === level[u]! + 1 && reduced(e, u, v) === 0) {
            const got = dfs(v, Math.min(f, cap[e]!));
            if (got > 0) {
              cap[e]! -= got;
              cap[e ^ 1]! += got;
              return got;
            }
          }
        }
        return 0;
      };
      while (dfs(S, INF) > 0) pushedAny = true;
    }
    if (!pushedAny) break;
  }

  const allocations: Allocation[] = [];
  for (const { edge, group, source } of groupSourceEdges) {
    const flow = cap[edge ^ 1]!;
    if (flow > 0) allocations.push({ group, source, count: flow });
  }
  return allocations;
}

// ---------------------------------------------------------------------------------------------
// Lexicographic integer programme with HiGHS.

let highsPromise: Promise<Highs> | null = null;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

async function solveByMilp(input: OptimizerInput, L: number): Promise<Allocation[]> {
  highsPromise ??= highsLoader();
  const highs = await highsPromise;
  const vars: { name: string; group: number; source: number; cost: number; w: number[] }[] = [];
  const rows: string[] = [];
  const bySource = input.sources.map(() => [] as (typeof vars)[number][]);
  input.groups.forEach((g, gi) => {
    if (g.count <= 0) return;
    const mine = g.options.map((o) => ({ name: `x${gi}_${o.source}`, group: gi, source: o.source, cost: o.cost, w: weights(g, o, L, input.sources.length) }));
    vars.push(...mine);
    mine.forEach((v) => bySource[v.source]!.push(v));
    if (mine.length > 1) rows.push(` g${gi}: ${mine.map((v) => v.name).join(' + ')} <= ${g.count}`);
  });
  if (vars.length === 0) return [];
  input.sources.forEach((src, si) => {
    const terms = bySource[si]!;
    if (terms.every((t) => t.cost === 0)) return;
    const div = terms.reduce((d, t) => gcd(d, t.cost), 0); // smaller coefficients, same integer constraint
    rows.push(` b${si}: ${terms.map((t) => `${t.cost / div} ${t.name}`).join(' + ')} <= ${Math.floor(src.budget / div)}`);
  });
  const bounds = vars.map((v) => ` 0 <= ${v.name} <= ${input.groups[v.group]!.count}`);
  const fixed: string[] = [];
  let solution: Map<string, number> | null = null;
  for (let level = 0; level < L; level++) {
    const terms = vars.filter((v) => v.w[level] !== 0).map((v) => v.name);
    if (terms.length === 0) continue;
    const lp = [
      'Maximize',
      ` obj: ${terms.join(' + ')}`,
      'Subject To',
      ...rows,
      ...fixed,
      'Bounds',
      ...bounds,
      'General',
      ` ${vars.map((v) => v.name).join(' ')}`,
      'End',
    ].join('\n');
    const res = highs.solve(lp, { mip_rel_gap: 0, mip_abs_gap: 0.5, presolve: 'on' });
    if (res.Status !== 'Optimal') throw new Error(`HiGHS: ${res.Status}`);
    solution = new Map(vars.map((v) => [v.name, Math.round(res.Columns[v.name]?.Primal ?? 0)]));
    const value = terms.reduce((s, t) => s + solution!.get(t)!, 0);
    fixed.push(` l${level}: ${terms.join(' + ')} >= ${value}`);
  }
  return vars.map((v) => ({ group: v.group, source: v.source, count: solution?.get(v.name) ?? 0 })).filter((a) => a.count > 0);
}
