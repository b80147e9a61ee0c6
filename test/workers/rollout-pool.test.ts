import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/core/problem/compile';
import type { CompiledProblem } from '../../src/core/problem/types';
import { rolloutPaths, type RolloutJob } from '../../src/core/solvers/neural-pi';
import { parseSettings } from '../../src/core/solvers/neural-pi/settings';
import { initialModel } from '../../src/core/solvers/neural-pi/initial-model';
import { rolloutPool } from '../../src/workers/rollout-pool';
import { useRolloutThreads } from './rollout-threads';

// The 2-D double integrator without a table: the actor network runs in the workers.
const source = readFileSync('resources/examples/double-integrator-lqr.ts', 'utf8');
const problem = compileProblem(source).problem as CompiledProblem;

function job(): RolloutJob {
  const cfg = parseSettings(problem, { seed: 3 });
  const model = initialModel(problem, cfg);
  // A non-trivial actor: perturb the zeroed output layer.
  const L = model.actor.layers[model.actor.layers.length - 1];
  for (let i = 0; i < L.nin; i++) model.actor.params[L.w + i] = 0.05 * Math.sin(i);
  const n = 13;
  const starts = new Float64Array(n * 2);
  for (let p = 0; p < n; p++) {
    starts[2 * p] = -2 + 0.3 * p;
    starts[2 * p + 1] = 1.5 - 0.2 * p;
  }
  return { model, seed: 3, iteration: 2, starts, paths: 4, horizon: 0.5, dt: 0.01, table: 0 };
}

describe('rollout worker pool over real worker threads', () => {
  const threads = useRolloutThreads(3);

  it('gives the same numbers with 1 and 3 workers as in this thread', async () => {
    const j = job();
    const local = rolloutPaths(problem, j, 0, 13);
    const one = await rolloutPool(threads().slice(0, 1), source).run(j);
    const three = await rolloutPool(threads(), source).run(j);
    for (const out of [one, three]) {
      expect(Array.from(out.returns)).toEqual(Array.from(local.returns));
      expect(Array.from(out.terminal)).toEqual(Array.from(local.terminal));
      expect(Array.from(out.weight)).toEqual(Array.from(local.weight));
    }
  });

  it('fails with a message for a source that is not a control problem', async () => {
    const bad = rolloutPool(threads().slice(0, 1), 'export default 1');
    await expect(bad.run(job())).rejects.toThrow(/could not compile/);
  });
});
