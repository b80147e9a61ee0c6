import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import {
  concatOutputs,
  partitionStarts,
  rolloutPaths,
  type RolloutJob,
} from '../../../../src/core/solvers/neural-pi';
import { fitMse } from '../../../../src/core/nn';
import { bootstrapEstimates } from '../../../../src/core/solvers/neural-pi/rollout';
import { parseSettings } from '../../../../src/core/solvers/neural-pi/settings';
import { initialModel } from '../../../../src/core/solvers/neural-pi/initial-model';

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

  it('with the control variate keep their mean and lose most of their variance', () => {
    // dx = −0.5x dt + 0.4 dW, reward −x², ρ = 0.3: V(x) = −(x² + b²/ρ)/(ρ − 2a).
    const ou = compile(`
import { problem } from 'hjb-lab';
export default problem({
  states: { x: [-6, 6] },
  controls: { u: [-1, 1] },
  maximize: ({ x }, { u }) => -x * x + 0 * u,
  discount: 0.3,
  drift: ({ x }, { u }) => ({ x: -0.5 * x + 0 * u }),
  noise: { x: 0.4 },
});`);
    const exactV = (x: number) => -(x * x + 0.16 / 0.3) / 1.3;
    // A critic fitted to the exact V (its fit error only moves the control variate's
    // efficiency, never its mean).
    const model = initialModel(ou, parseSettings(ou, {}));
    const n = 512;
    const X = Float64Array.from({ length: n }, (_, p) => -1 + (2 * (p + 0.5)) / n);
    model.head = { mode: 'linear', shift: -5, scale: 5, sign: 1, tilt: [0] };
    const Y = Float64Array.from(X, (v) => (exactV(6 * v) + 5) / 5);
    fitMse(model.critic, X, Y, n, {
      steps: 3000,
      batchSize: 128,
      lrMax: 3e-3,
      lrMin: 1e-4,
      seed: 1,
      solveOutputEvery: 50,
    });
    const S = 256;
    const x0 = 1;
    for (const table of [0, 257]) {
      const base = { ...job(ou, new Array(S).fill(x0), 2, 2, 0.005), model, table };
      const estimate = (controlVariate: boolean) =>
        bootstrapEstimates(model, rolloutPaths(ou, { ...base, controlVariate }, 0, S), 2);
      const plain = estimate(false);
      const cv = estimate(true);
      const stats = (y: ArrayLike<number>) => {
        let m = 0;
        for (let s = 0; s < S; s++) m += y[s] / S;
        let v = 0;
        for (let s = 0; s < S; s++) v += (y[s] - m) ** 2 / (S - 1);
        return { m, v };
      };
      // Same paths, so the difference is the martingale itself: its mean is 0 within 4 SE.
      const diff = stats(Array.from(plain, (v, s) => v - cv[s]));
      expect(Math.abs(diff.m)).toBeLessThan(4 * Math.sqrt(diff.v / S));
      // Its variance is what the critic explains: with a critic this close, most of it.
      expect(stats(cv).v).toBeLessThan(0.1 * stats(plain).v);
    }
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
