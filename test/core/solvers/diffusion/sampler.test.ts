import { describe, expect, it } from 'vitest';
import { controlGap } from '../../../../src/core/solvers/diffusion/control-gap';
import { dataSource } from '../../../../src/core/solvers/diffusion/data';
import { exactReference } from '../../../../src/core/solvers/diffusion/exact';
import { forwardProcess } from '../../../../src/core/solvers/diffusion/forward';
import { slicedW2 } from '../../../../src/core/solvers/diffusion/metrics';
import { sampleReverse } from '../../../../src/core/solvers/diffusion/sampler';
import { Random } from '../../../../src/core/sim/random';
import type { BatchField } from '../../../../src/core/solvers/solver';
import { FIVE_3D, RING, diffusionProblem, soa } from './fixtures';

const problem = diffusionProblem(RING);
const fwd = forwardProcess(problem);
const ref = exactReference(problem, fwd)!;
const source = dataSource(problem);

function scaled(c: number): BatchField {
  return (xs, t, out, n) => {
    ref.control(xs, t, out, n);
    for (const o of out) for (let p = 0; p < n; p++) o[p] *= c;
  };
}

function meanSd(v: number[]): [number, number] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1))];
}

describe('reverse-time samplers', () => {
  // R independent repetitions at n = 2048: generated-vs-held-out against data-vs-held-out.
  const n = 2048;
  const R = 5;
  const floor = meanSd(
    Array.from({ length: R }, (_, r) => slicedW2(source.heldOut(n, 10 + r)!, source.heldOut(n, 50 + r)!)),
  );
  const generated = (control: BatchField, method: 'sde' | 'ode') =>
    meanSd(
      Array.from({ length: R }, (_, r) => {
        const rng = new Random(100 + r);
        const xs = soa(2, n);
        ref.sample(problem.horizon, rng, xs, n);
        sampleReverse(fwd, control, xs, n, { method, steps: 500, sEnd: 1e-3, rng });
        return slicedW2({ dim: 2, n, xs }, source.heldOut(n, 50 + r)!);
      }),
    );

  it.each(['sde', 'ode'] as const)(
    'exact control (%s): sliced W2 within the sampling noise of the data floor',
    (method) => {
      const [m, sd] = generated(ref.control, method);
      // One-sided: no worse than the floor by 3 standard errors of the difference of means.
      expect(m - floor[0]).toBeLessThan(3 * Math.sqrt((sd * sd + floor[1] * floor[1]) / R));
    },
  );

  it('a wrong control (0.7 × exact) is detected', () => {
    const [m, sd] = generated(scaled(0.7), 'sde');
    expect(m - floor[0]).toBeGreaterThan(3 * Math.sqrt((sd * sd + floor[1] * floor[1]) / R));
  });
});

describe('verification identity J(u) − V = ½E∫|u − u*|²', () => {
  // Each figure is the Richardson combination of 500 and 1000 Euler–Maruyama steps on shared
  // Brownian paths (second-order bias). A single 500-step run read 0.06 for the exact
  // control at a standard error of 0.011 on 2000 paths (5 SE); the combination read within
  // 0.8 SE for 0.5, 1 and 1.5 × u* (three seeds each).
  it.each([0.5, 1.5])('holds within Monte-Carlo error for the control %s × u*', (c) => {
    const g = controlGap(ref, scaled(c), 4000, 500, 7);
    expect(g.gap).toBeGreaterThan(10 * g.gapSE);
    expect(Math.abs(g.residual)).toBeLessThan(4 * g.residualSE);
    expect(g.gapRate.length).toBe(500);
  });

  it('the exact control has zero gap and J = V within Monte-Carlo error', () => {
    const g = controlGap(ref, ref.control, 4000, 500, 9);
    expect(g.gap).toBe(0);
    expect(Math.abs(g.cost)).toBeLessThan(4 * g.costSE);
  });
});

describe('in three dimensions (five Gaussians of unequal weights and stds)', () => {
  const p3 = diffusionProblem(FIVE_3D);
  const f3 = forwardProcess(p3);
  const r3 = exactReference(p3, f3)!;
  const s3 = dataSource(p3);

  it('the exact reverse SDE lands within the sampling noise of the data floor', () => {
    const n = 2048;
    const R = 5;
    const floor = meanSd(
      Array.from({ length: R }, (_, r) => slicedW2(s3.heldOut(n, 10 + r)!, s3.heldOut(n, 50 + r)!)),
    );
    const got = meanSd(
      Array.from({ length: R }, (_, r) => {
        const rng = new Random(200 + r);
        const xs = soa(3, n);
        r3.sample(p3.horizon, rng, xs, n);
        sampleReverse(f3, r3.control, xs, n, { method: 'sde', steps: 500, sEnd: 1e-3, rng });
        return slicedW2({ dim: 3, n, xs }, s3.heldOut(n, 50 + r)!);
      }),
    );
    expect(got[0] - floor[0]).toBeLessThan(3 * Math.sqrt((got[1] ** 2 + floor[1] ** 2) / R));
  });

  it('the verification identity holds within Monte-Carlo error for 1.5 × u*', () => {
    const scaled3: BatchField = (xs, t, out, n) => {
      r3.control(xs, t, out, n);
      for (const o of out) for (let p = 0; p < n; p++) o[p] *= 1.5;
    };
    const g = controlGap(r3, scaled3, 2000, 500, 11, 1e-3);
    expect(g.gap).toBeGreaterThan(10 * g.gapSE);
    expect(Math.abs(g.residual)).toBeLessThan(4 * g.residualSE);
  });
});
