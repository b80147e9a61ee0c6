/**
 * The pooled fit of held-window advantages (src/core/solvers/q-learning/window-fit.ts): on
 * noise-free samples of a relative advantage that is quadratic in each action and the same
 * at every state, plus a state-dependent baseline, the fit recovers the maximiser exactly;
 * a maximiser outside the box lands on its face; an interaction between the actions gives
 * the maximiser of each action's advantage averaged over the other's uniform draws.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../../src/core/sim/random';
import { WindowAdvantage } from '../../../../src/core/solvers/q-learning/window-fit';
import type { WindowSamples } from '../../../../src/core/solvers/q-learning/windows';

/** Samples of Â = |V|·(baseline(z) + q(ã)) at uniform z ∈ [−1, 1], ã ∈ [−1, 1]², V = −e^{−3z}. */
function samples(q: (a0: number, a1: number) => number, n = 400): WindowSamples {
  const rng = new Random(5);
  const z = new Float64Array(n);
  const a = new Float64Array(2 * n);
  const adv = new Float64Array(n);
  const v = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  for (let p = 0; p < n; p++) {
    z[p] = 2 * rng.uniform() - 1;
    a[2 * p] = 2 * rng.uniform() - 1;
    a[2 * p + 1] = 2 * rng.uniform() - 1;
    v[p] = -Math.exp(-3 * z[p]);
    adv[p] = Math.abs(v[p]) * (0.3 - 0.2 * z[p] + 0.1 * z[p] ** 2 + q(a[2 * p], a[2 * p + 1]));
  }
  return { z, a, adv, v, w, n };
}

describe('pooled window advantage', () => {
  it('recovers the maximiser of a concave quadratic in each action', () => {
    const q = (a0: number, a1: number) => -((a0 - 0.3) ** 2) - 2 * (a1 + 0.2) ** 2;
    const best = WindowAdvantage.fit(samples(q), 1, 2)!.argmax();
    // The coordinate search runs on a grid of spacing 2/800.
    expect(best[0]).toBeCloseTo(0.3, 2);
    expect(best[1]).toBeCloseTo(-0.2, 2);
  });

  it('puts a maximiser beyond the box on its face', () => {
    const q = (a0: number, a1: number) => 2 * a0 - 0.5 * a0 * a0 - (a1 - 0.5) ** 2;
    const best = WindowAdvantage.fit(samples(q), 1, 2)!.argmax();
    expect(best[0]).toBe(1);
    expect(best[1]).toBeCloseTo(0.5, 2);
  });

  it('averages an interaction over the other action', () => {
    // q = −(a0 − 0.3)² − (a1 + 0.2)² − 0.5 (a0 − 0.3)(a1 + 0.2); each action uniform on
    // [−1, 1] with mean 0: averaged over a1 the maximiser in a0 is 0.3 − 0.25·0.2 = 0.25,
    // averaged over a0 that in a1 is −0.2 + 0.25·0.3 = −0.125 (the samples' means are 0
    // within 0.02, which moves each by under 0.005).
    const q = (a0: number, a1: number) =>
      -((a0 - 0.3) ** 2) - (a1 + 0.2) ** 2 - 0.5 * (a0 - 0.3) * (a1 + 0.2);
    const d = samples(q, 4000);
    const best = WindowAdvantage.fit(d, 1, 2)!.argmax();
    expect(best[0]).toBeCloseTo(0.25, 1);
    expect(best[1]).toBeCloseTo(-0.125, 1);
  });

  it('gives no fit without samples', () => {
    const d = samples(() => 0, 10);
    d.w.fill(0);
    expect(WindowAdvantage.fit(d, 1, 2)).toBeNull();
  });
});
