import GLPK from 'glpk.js/node';

/**
 * An independent check of the optimizer: GLPK solves the same problem at the level of single workers
 * (one binary variable per worker and source), with the lexicographic levels written out here again
 * rather than taken from the optimizer, one solve per level with the earlier optima fixed.
 */
export interface RefWorker {
  decile: number | null;
  continuing: boolean;
  /** Eligible sources with this worker's cost and tier in each. */
  options: { source: number; cost: number; tier: number }[];
}

let glpkPromise: ReturnType<typeof GLPK> | null = null;

export async function referenceOptimum(workers: RefWorker[], budgets: number[]): Promise<number[]> {
  glpkPromise ??= GLPK();
  const glpk = await glpkPromise;
  const vars = workers.flatMap((w, i) => w.options.map((o) => ({ name: `y${i}_${o.source}`, worker: w, option: o, i })));
  const maxTier = Math.max(1, ...workers.flatMap((w) => w.options.map((o) => o.tier)));
  const levelOf: ((v: (typeof vars)[number]) => number)[] = [() => 1];
  for (let d = 1; d <= 10; d++) levelOf.push((v) => (v.worker.decile === d ? 1 : 0));
  levelOf.push((v) => (v.worker.decile === null ? 1 : 0));
  levelOf.push((v) => (v.worker.continuing ? 1 : 0));
  for (let t = 1; t <= maxTier; t++) levelOf.push((v) => (v.option.tier === t ? 1 : 0));
  for (let s = 0; s < budgets.length; s++) levelOf.push((v) => (v.option.source === s ? 1 : 0));

  const base = [
    ...workers.map((_, i) => ({
      name: `w${i}`,
      vars: vars.filter((v) => v.i === i).map((v) => ({ name: v.name, coef: 1 })),
      bnds: { type: glpk.GLP_UP, ub: 1, lb: 0 },
    })),
    ...budgets.map((b, s) => ({
      name: `b${s}`,
      vars: vars.filter((v) => v.option.source === s).map((v) => ({ name: v.name, coef: v.option.cost })),
      bnds: { type: glpk.GLP_UP, ub: b, lb: 0 },
    })),
  ].filter((c) => c.vars.length > 0);
  const fixed: typeof base = [];
  const values: number[] = [];
  for (const [k, f] of levelOf.entries()) {
    const objVars = vars.map((v) => ({ name: v.name, coef: f(v) }));
    if (vars.length === 0) {
      values.push(0);
      continue;
    }
    const res = glpk.solve(
      {
        name: `level${k}`,
        objective: { direction: glpk.GLP_MAX, name: 'obj', vars: objVars },
        subjectTo: [...base, ...fixed],
        binaries: vars.map((v) => v.name),
      },
      { msglev: glpk.GLP_MSG_OFF, presol: true },
    );
    const value = Math.round(res.result.z);
    values.push(value);
    fixed.push({ name: `fix${k}`, vars: objVars.filter((v) => v.coef !== 0), bnds: { type: glpk.GLP_LO, ub: 0, lb: value } });
    if (fixed[fixed.length - 1]!.vars.length === 0) fixed.pop();
  }
  return values;
}
