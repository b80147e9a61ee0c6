import { describe, expect, it } from 'vitest';
import { dataSource } from '../../../../src/core/solvers/diffusion/data';
import { exactReference } from '../../../../src/core/solvers/diffusion/exact';
import { forwardProcess } from '../../../../src/core/solvers/diffusion/forward';
import { mmd2, scoreError, slicedW2, w2SquaredSorted } from '../../../../src/core/solvers/diffusion/metrics';
import { Random } from '../../../../src/core/sim/random';
import type { BatchField } from '../../../../src/core/solvers/solver';
import { RING, diffusionProblem, soa } from './fixtures';

function gaussianSet(n: number, mean: number[], seed: number) {
  const rng = new Random(seed);
  const xs = soa(mean.length, n);
  for (let i = 0; i < mean.length; i++) for (let p = 0; p < n; p++) xs[i][p] = mean[i] + rng.normal();
  return { dim: mean.length, n, xs };
}

describe('diffusion metrics', () => {
  it('1-D W2² of empirical distributions of different sizes (by hand)', () => {
    expect(w2SquaredSorted(Float64Array.of(0, 1), Float64Array.of(0, 0.5, 1))).toBeCloseTo(1 / 12, 14);
    const a = Float64Array.of(-1, 0.3, 2, 5);
    const b = Float64Array.of(0, 1, 1.5, 4);
    const direct = a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / 4;
    expect(w2SquaredSorted(a, b)).toBeCloseTo(direct, 14);
  });

  it('sliced W2 of N(0, I) and N(m, I) is |m|/√2 in 2-D and |m|/√d in 3-D', () => {
    // Sampling noise of the estimate is O(n^{-1/2}) ≈ 0.01 here; the tolerance is 0.05.
    const a = gaussianSet(20000, [0, 0], 1);
    const b = gaussianSet(20000, [3, 0], 2);
    expect(Math.abs(slicedW2(a, b) - 3 / Math.SQRT2)).toBeLessThan(0.05);
    const c = gaussianSet(20000, [0, 0, 0], 3);
    const e = gaussianSet(20000, [0, 2, 0], 4);
    // Random directions: E(θ·m)² = |m|²/3 up to the 256-direction average (±~10 %).
    expect(Math.abs(slicedW2(c, e) - 2 / Math.sqrt(3))).toBeLessThan(0.15);
  });

  it('MMD² matches a direct evaluation and separates shifted sets', () => {
    const a = gaussianSet(60, [0, 0], 5);
    const b = gaussianSet(50, [0.5, 0], 6);
    let v = 0;
    for (const x of b.xs) {
      const m = x.reduce((s, y) => s + y, 0) / b.n;
      v += x.reduce((s, y) => s + (y - m) ** 2, 0);
    }
    const ell = Math.sqrt(v / (b.n * 2));
    const k = (p: typeof a, i: number, q: typeof a, j: number) => {
      const r2 = (p.xs[0][i] - q.xs[0][j]) ** 2 + (p.xs[1][i] - q.xs[1][j]) ** 2;
      return [1, 2, 4, 8].reduce((s, f) => s + Math.exp((-r2 * f * f) / (2 * ell * ell)), 0);
    };
    let aa = 0;
    let bb = 0;
    let ab = 0;
    for (let i = 0; i < a.n; i++) for (let j = 0; j < a.n; j++) if (i !== j) aa += k(a, i, a, j);
    for (let i = 0; i < b.n; i++) for (let j = 0; j < b.n; j++) if (i !== j) bb += k(b, i, b, j);
    for (let i = 0; i < a.n; i++) for (let j = 0; j < b.n; j++) ab += k(a, i, b, j);
    const direct = aa / (a.n * (a.n - 1)) + bb / (b.n * (b.n - 1)) - (2 * ab) / (a.n * b.n);
    expect(mmd2(a, b)).toBeCloseTo(direct, 12);
    const same = mmd2(gaussianSet(2000, [0, 0], 7), gaussianSet(2000, [0, 0], 8));
    const shifted = mmd2(gaussianSet(2000, [0, 0], 7), gaussianSet(2000, [0.5, 0], 8));
    expect(shifted).toBeGreaterThan(20 * Math.abs(same));
  });

  it('score error of a scaled exact control is |c − 1| at every time', () => {
    const p = diffusionProblem(RING);
    const ref = exactReference(p, forwardProcess(p));
    if (!ref) throw new Error('exact reference expected');
    const scaled: BatchField = (xs, t, out, n) => {
      ref.control(xs, t, out, n);
      for (const o of out) for (let q = 0; q < n; q++) o[q] *= 1.2;
    };
    for (const e of scoreError(ref, scaled, [0.01, 0.1, 1], 500, 3)) expect(e.error).toBeCloseTo(0.2, 12);
    for (const e of scoreError(ref, ref.control, [0.01, 0.5], 500, 3)) expect(e.error).toBeLessThan(1e-14);
  });

  it('ring data: moments of the mixture, held-out sets of the asked size', () => {
    const src = dataSource(diffusionProblem(RING));
    const a = src.heldOut(4000, 1);
    const b = src.heldOut(4000, 2);
    if (!a || !b) throw new Error('held-out data expected');
    // Per-coordinate mean 0 and variance 8 + 0.25 of the ring (4 SE ≈ 0.18 on the mean, 0.8 on the variance).
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(src.mean[i])).toBeLessThan(0.1);
      expect(Math.abs(src.variance[i] - 8.25)).toBeLessThan(0.3);
    }
    expect([a.n, b.n, a.dim]).toEqual([4000, 4000, 2]);
    expect(a.xs[0][0]).not.toBe(b.xs[0][0]);
  });
});
