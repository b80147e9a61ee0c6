import { describe, expect, it } from 'vitest';
import { chooseHead } from '../../../../src/core/solvers/neural-pi/head-choice';

/** n scaled inputs evenly over [−1, 1] (1-D). */
function grid(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, p) => -1 + (2 * p) / (n - 1));
}

describe("the critic's head chosen from the first returns", () => {
  it('is linear for a quadratic value even when one start lands near its smallest point', () => {
    // −(1 + 32u²) over u ∈ [0, 1]: |V| spans 1…33, plus one noisy start at −0.2 (max/min 165).
    const y = Float64Array.from({ length: 1000 }, (_, p) => -(1 + 32 * (p / 999) ** 2));
    y[0] = -0.2;
    const head = chooseHead(y, grid(1000), 1, 'auto');
    expect(head.mode).toBe('linear');
    expect(head.tilt).toEqual([0]);
  });

  it('is log for one-signed values that span decades (Merton-like e^{−z} over z ∈ [−10, 10])', () => {
    const y = Float64Array.from({ length: 1000 }, (_, p) => -Math.exp(-(-10 + (20 * p) / 999)));
    const head = chooseHead(y, grid(1000), 1, 'auto');
    expect(head.mode).toBe('log');
    expect(head.sign).toBe(-1);
    // log|y| = −10x̃ is the plane itself: shift 0, tilt −10, nothing left for the network.
    expect(head.shift).toBeCloseTo(0, 9);
    expect(head.tilt[0]).toBeCloseTo(-10, 6);
  });

  it('takes the plane of log|y| in every state and standardises only what is left', () => {
    // log|y| = 1 + 2x̃₀ − 3x̃₁ + 0.5·sin(3x̃₀) over a 2-D sample.
    const n = 4000;
    const X = new Float64Array(2 * n);
    let s = 12345;
    for (let i = 0; i < 2 * n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      X[i] = -1 + (2 * s) / 2 ** 32;
    }
    const bump = (p: number) => 0.5 * Math.sin(3 * X[2 * p]);
    const y = Float64Array.from({ length: n }, (_, p) =>
      Math.exp(1 + 2 * X[2 * p] - 3 * X[2 * p + 1] + bump(p)),
    );
    const head = chooseHead(y, X, 2, 'log');
    // The bump is odd in x̃₀, so it leans on the plane's slope there; along x̃₁ it has no part.
    expect(head.tilt[1]).toBeCloseTo(-3, 1);
    // What is left is the bump (std 0.5/√2 ≈ 0.35 less its part along x̃₀), not the plane.
    expect(head.scale).toBeLessThan(0.36);
    expect(head.scale).toBeGreaterThan(0.1);
  });

  it('is linear for values of both signs, and refuses log for them when asked', () => {
    const y = Float64Array.from({ length: 100 }, (_, p) => p - 50.5);
    expect(chooseHead(y, grid(100), 1, 'auto').mode).toBe('linear');
    expect(() => chooseHead(y, grid(100), 1, 'log')).toThrow(/one sign/);
  });
});
