import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import {
  concatOutputs,
  partitionStarts,
  rolloutPaths,
  type RolloutJob,
} from '../../../../src/core/solvers/neural-pi';
import { parseSettings } from '../../../../src/core/solvers/neural-pi/settings';
import { initialModel } from '../../../../src/core/solvers/neural-pi/solve';

function compile(source: string): CompiledProblem {
  const r = compileProblem(source);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

// dx = a x dt + b dW, uncontrolled (the control does not enter), a box so wide that the
// reflecting faces are never reached (|x| would need 60 standard deviations).
const a = -0.5;
const b = 0.4;
const linear = compile(`
import { problem } from 'hjb-lab';
export default problem({
  states: { x: [-30, 30] },
  controls: { u: [-1, 1] },
  maximize: ({ x }, { u }) => 1 + 0 * x * u,
  discount: 0.3,
  drift: ({ x }, { u }) => ({ x: ${a} * x + 0 * u }),
  noise: { x: ${b} },
});`);

function job(
  problem: CompiledProblem,
  starts: number[],
  paths: number,
  horizon: number,
  dt: number,
): RolloutJob {
  const cfg = parseSettings(problem, {});
  return {
    model: initialModel(problem, cfg),
    seed: 7,
    iteration: 3,
    starts: Float64Array.from(starts),
    paths,
    horizon,
    dt,
    // A tabulated actor keeps the test fast (the control does not enter anyway).
    table: 65,
  };
}

describe('rollouts', () => {
  it('reproduce the mean and variance of a linear SDE and the discounted reward integral', () => {
    const T = 2;
    const dt = 0.002;
    const starts = 64;
    const M = 128;
    const x0 = 1.5;
    const out = rolloutPaths(linear, job(linear, new Array(starts).fill(x0), M, T, dt), 0, starts);
    const N = starts * M;
    let mean = 0;
    for (let p = 0; p < N; p++) mean += out.terminal[p] / N;
    let v = 0;
    for (let p = 0; p < N; p++) v += (out.terminal[p] - mean) ** 2 / (N - 1);
    const exactMean = Math.exp(a * T) * x0;
    const exactVar = (b * b * (Math.exp(2 * a * T) - 1)) / (2 * a);
    // Antithetic pairs make the sample mean of a linear SDE exact up to the Euler bias
    // (1 + aΔt)^n vs e^{aT}: 5e-4 relative here.
    expect(Math.abs(mean - exactMean) / exactMean).toBeLessThan(1e-3);
    // Sample variance of N normal draws: standard error √(2/N) ≈ 1.6 %; allow 4 of them.
    expect(Math.abs(v / exactVar - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    // Constant reward 1: Σ e^{−ρ t_n} w = (1 − e^{−ρT})/ρ exactly, with the exact step weights.
    const rho = 0.3;
    for (const r of out.returns) expect(r).toBeCloseTo((1 - Math.exp(-rho * T)) / rho, 12);
    for (const w of out.weight) expect(w).toBeCloseTo(Math.exp(-rho * T), 15);
  });

  it('give the same numbers for any partition of the start states', () => {
    const starts = Array.from({ length: 11 }, (_, i) => -2 + 0.4 * i);
    const j = job(linear, starts, 6, 0.5, 0.01);
    const whole = rolloutPaths(linear, j, 0, starts.length);
    for (const parts of [2, 3, 5]) {
      const split = concatOutputs(
        partitionStarts(starts.length, parts).map(([f, c]) => rolloutPaths(linear, j, f, c)),
      );
      expect(Array.from(split.terminal)).toEqual(Array.from(whole.terminal));
      expect(Array.from(split.returns)).toEqual(Array.from(whole.returns));
    }
    expect(partitionStarts(11, 3)).toEqual([
      [0, 4],
      [4, 4],
      [8, 3],
    ]);
  });

  it('stop paths at an exit face and collect the discounted exit reward', () => {
    // Deterministic drift 1 from x = 0 to the exit face at 1: stopped at t = 1 (to the step).
    const exit = compile(`
import { problem } from 'hjb-lab';
export default problem({
  states: { x: { min: -1, max: 1, boundary: 'exit' } },
  controls: { u: [-1, 1] },
  maximize: ({ x }, { u }) => 0 * x * u,
  discount: 0.2,
  drift: ({ x }, { u }) => ({ x: 1 + 0 * x * u }),
  noise: { x: 0 },
  exit: ({ x }) => 5 + 0 * x,
});`);
    const out = rolloutPaths(exit, job(exit, [0], 2, 3, 0.001), 0, 1);
    expect(out.returns[0]).toBeCloseTo(5 * Math.exp(-0.2), 3);
    expect(Array.from(out.weight)).toEqual([0, 0]);
  });
});
