import { describe, expect, it } from 'vitest';
import { chooseHead } from '../../../../src/core/solvers/neural-pi/solve';

describe("the critic's head chosen from the first returns", () => {
  it('is linear for a quadratic value even when one start lands near its smallest point', () => {
    // −(1 + 32u²) over u ∈ [0, 1]: |V| spans 1…33, plus one noisy start at −0.2 (max/min 165).
    const y = Float64Array.from({ length: 1000 }, (_, p) => -(1 + 32 * (p / 999) ** 2));
    y[0] = -0.2;
    expect(chooseHead(y, 'auto').mode).toBe('linear');
  });

  it('is log for one-signed values that span decades (Merton-like e^{−z} over z ∈ [−10, 10])', () => {
    const y = Float64Array.from({ length: 1000 }, (_, p) => -Math.exp(-(-10 + (20 * p) / 999)));
    const head = chooseHead(y, 'auto');
    expect(head.mode).toBe('log');
    expect(head.sign).toBe(-1);
  });

  it('is linear for values of both signs, and refuses log for them when asked', () => {
    const y = Float64Array.from({ length: 100 }, (_, p) => p - 50.5);
    expect(chooseHead(y, 'auto').mode).toBe('linear');
    expect(() => chooseHead(y, 'log')).toThrow(/one sign/);
  });
});
