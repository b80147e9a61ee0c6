import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { ProjectError } from '../../../../src/core/project/errors';
import { neuralPi } from '../../../../src/core/solvers/neural-pi';
import { SolverError } from '../../../../src/core/solvers/problem';

const example = (name: string) =>
  compileProblem(readFileSync(`resources/examples/${name}.ts`, 'utf8')).problem!;
const lqr = example('lqr-1d') as CompiledProblem;
/** A short run: enough to exercise every phase, not to converge. */
const tiny = {
  iterations: 2,
  starts: 32,
  paths: 2,
  criticSteps: 20,
  policySteps: 8,
  collocation: 64,
  sweeps: 1,
};

describe('the neural-pi solver definition', () => {
  it('accepts control problems and says why not for the others', () => {
    expect(neuralPi.accepts(lqr)).toBeNull();
    expect(neuralPi.accepts(example('eight-gaussians'))).toMatch(/diffusion/);
    expect(neuralPi.accepts({ ...lqr, horizon: 1 })).toMatch(/finite horizon/);
  });

  it('rejects bad settings with a message naming the setting', async () => {
    await expect(neuralPi.solve(lqr, { paths: 3 }, {})).rejects.toThrow(SolverError);
    await expect(neuralPi.solve(lqr, { paths: 3 }, {})).rejects.toThrow(/paths must be even/);
    await expect(neuralPi.solve(lqr, { widht: 3 }, {})).rejects.toThrow(/no setting 'widht'/);
    await expect(neuralPi.solve(lqr, { valueScale: 'cubic' }, {})).rejects.toThrow(/valueScale/);
  });

  it('is deterministic per seed and reports every metric each iteration', async () => {
    const a = await neuralPi.solve(lqr, { ...tiny, seed: 4 }, {});
    const b = await neuralPi.solve(lqr, { ...tiny, seed: 4 }, {});
    expect(Array.from(b.display.value)).toEqual(Array.from(a.display.value));
    expect(a.history.iteration).toEqual([1, 2]);
    for (const name of ['valueLoss', 'policyObjective', 'residual', 'valueError', 'policyError'])
      expect(a.history.metrics[name]).toHaveLength(2);
    const c = await neuralPi.solve(lqr, { ...tiny, seed: 5 }, {});
    expect(Array.from(c.display.value)).not.toEqual(Array.from(a.display.value));
  });

  it('stops when V and the policy moved less than the tolerance two iterations in a row', async () => {
    // Every change is below 1: the changes of iterations 2 and 3 stop the run at 3 of 10.
    const still = await neuralPi.solve(lqr, { ...tiny, iterations: 10, tolerance: 1 }, {});
    expect(still.status).toBe('done');
    expect(still.history.iteration).toEqual([1, 2, 3]);
    // The changes start at iteration 2 (NaN, a gap, at the first), aligned with the rest.
    const dv = still.history.metrics.valueChange;
    expect(dv).toHaveLength(3);
    expect(Number.isNaN(dv[0])).toBe(true);
    expect(dv[1]).toBeLessThan(1);
    expect(dv[2]).toBeLessThan(1);
    // Tolerance 0: all iterations.
    const all = await neuralPi.solve(lqr, { ...tiny, iterations: 4, tolerance: 0 }, {});
    expect(all.history.iteration).toEqual([1, 2, 3, 4]);
  });

  it('blends the critic with the previous one only from the second evaluation on (criticMemory)', async () => {
    const plain = await neuralPi.solve(lqr, { ...tiny, seed: 2, iterations: 3 }, {});
    const kept = await neuralPi.solve(lqr, { ...tiny, seed: 2, iterations: 3, criticMemory: 0.5 }, {});
    // The first iteration has no previous critic: the same numbers.
    expect(kept.history.metrics.valueError[0]).toBe(plain.history.metrics.valueError[0]);
    expect(kept.history.metrics.valueError[1]).not.toBe(plain.history.metrics.valueError[1]);
  });

  it('pauses at checkpoints, steps one iteration at a time and stops when cancelled', async () => {
    let calls = 0;
    const signal = { cancelled: false };
    const result = await neuralPi.solve(
      lqr,
      { ...tiny, iterations: 5 },
      {
        signal,
        checkpoint: async () => {
          calls++;
          if (calls === 3) signal.cancelled = true;
          await Promise.resolve();
        },
      },
    );
    expect(result.status).toBe('cancelled');
    expect(result.iterations).toBe(2);
  });

  it('reopens from a project file without training, with the same networks', async () => {
    const result = await neuralPi.solve(lqr, tiny, {});
    const stored = structuredClone(neuralPi.toRun(result));
    const back = neuralPi.fromRun(stored);
    expect(Array.from(back.display.value)).toEqual(Array.from(result.display.value));
    expect(back.display.exact?.policy[0]).toEqual(result.display.exact?.policy[0]);
    expect(back.display.grid).toEqual(result.display.grid);
    expect(back.history).toEqual(result.history);
    const xs = [Float64Array.of(-1, 0.5)];
    const a1 = [new Float64Array(2)];
    const a2 = [new Float64Array(2)];
    neuralPi.policy(lqr, result)(xs, 0, a1, 2);
    neuralPi.policy(lqr, back)(xs, 0, a2, 2);
    expect(Array.from(a2[0])).toEqual(Array.from(a1[0]));
    const broken = structuredClone(stored);
    broken.arrays.actor = { dtype: 'float64', shape: [3], data: new Float64Array(3) };
    expect(() => neuralPi.fromRun(broken)).toThrow(ProjectError);
    expect(() => neuralPi.fromRun({ ...stored, summary: { ...stored.summary, head: null } })).toThrow(/head/);
  });

  it('draws a 2-D slice through the first two states for d > 3', async () => {
    const six = example('lqr-6d') as CompiledProblem;
    const result = await neuralPi.solve(six, { ...tiny, starts: 16, collocation: 32, dt: 0.05 }, {});
    expect(result.display.slice).toEqual({ axes: [0, 1], at: [0, 0, 0, 0, 0, 0] });
    expect(result.display.grid.shape).toEqual([61, 61]);
    expect(result.display.policy).toHaveLength(3);
    expect(result.display.exact?.value).toHaveLength(61 * 61);
  }, 300_000);
});
