/**
 * Q-learning (src/core/solvers/q-learning) with its default settings: seconds until the
 * learned LQR gain is within 10 % of K = 2.659751 and until Merton's risky share is within
 * 0.05 of π* = 0.625 at every node of the middle 60 % of the box, read from the live snapshots
 * after each block; transitions simulated per second. Reports only; never fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchSuite } from './suite';
import { compileProblem } from '../src/core/problem/compile';
import type { CompiledProblem } from '../src/core/problem/types';
import { qLearningSolver } from '../src/core/solvers/q-learning';
import type { DisplaySnapshot } from '../src/core/solvers/solver';

function example(name: string): CompiledProblem {
  const r = compileProblem(readFileSync(join(__dirname, `../resources/examples/${name}.ts`), 'utf8'));
  if (r.problem?.kind !== 'control') throw new Error(`${name} does not compile`);
  return r.problem;
}

/** Nodes of a 1-D display grid in the middle 60 % of the box. */
function middle(s: DisplaySnapshot): number[] {
  const x = s.grid.axes[0];
  const [lo, hi] = s.grid.bounds[0];
  const c = 0.5 * (lo + hi);
  const h = 0.3 * (hi - lo);
  return Array.from(x.keys()).filter((i) => Math.abs(x[i] - c) <= h);
}

const K = 2.659751;
const PI_STAR = 0.625;

async function timeTo(
  problem: CompiledProblem,
  reached: (s: DisplaySnapshot) => { ok: boolean; figure: number },
): Promise<Record<string, unknown>> {
  let first: number | null = null;
  let figure = Number.NaN;
  let transitions = 0;
  let elapsed = 0;
  await qLearningSolver.solve(
    problem,
    { seed: 1 },
    {
      snapshotEvery: 1,
      onProgress(p) {
        transitions = p.metrics.transitions;
        elapsed = p.elapsed;
        if (!p.snapshot) return;
        const r = reached(p.snapshot);
        figure = r.figure;
        if (r.ok && first === null) first = p.elapsed;
      },
    },
  );
  return {
    secondsToTarget: first,
    finalFigure: figure,
    seconds: elapsed,
    transitions,
    transitionsPerSecond: Math.round(transitions / elapsed),
  };
}

export const qLearningSuite: BenchSuite = {
  name: 'q-learning',
  async run(emit) {
    const lqr = await timeTo(example('lqr-1d'), (s) => {
      let ax = 0;
      let xx = 0;
      for (const i of middle(s)) {
        const x = s.grid.axes[0][i];
        ax += s.policy![0][i] * x;
        xx += x * x;
      }
      const gain = -ax / xx;
      return { ok: Math.abs(gain / K - 1) < 0.1, figure: gain };
    });
    emit({ case: 'lqr-1d gain within 10 %', target: K, ...lqr });
    // Every node of the middle, not the mean: a share that sweeps from 0 to 1.5 across the
    // box has a mean near π* without being near it anywhere.
    const merton = await timeTo(example('merton'), (s) => {
      const worst = Math.max(...middle(s).map((i) => Math.abs(s.policy![0][i] - PI_STAR)));
      return { ok: worst < 0.05, figure: worst };
    });
    emit({ case: 'merton max |pi - pi*| on the middle within 0.05', target: 0.05, ...merton });
  },
};
