/**
 * The relative value (src/core/solvers/q-learning/log-value.ts): log|G| by least squares
 * over a polynomial in each encoded state coordinate; exact on returns that are a signed
 * exponential of such a polynomial, and blind to the minority of the other sign; on
 * log-normal returns its level is the returns' mean (the smearing factor), not their
 * geometric mean, unless the factor is too scattered to measure.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../../src/core/sim/random';
import { LogValue } from '../../../../src/core/solvers/q-learning/log-value';

/** Returns −e^{1 − 2z + s·ε}, ε standard normal, at n states z spread over [−1, 1]. */
function lognormal(s: number, n: number): { z: Float64Array; G: Float64Array } {
  const rng = new Random(11);
  const z = Float64Array.from({ length: n }, (_, p) => -1 + (2 * p) / (n - 1));
  const G = Float64Array.from(z, (x) => -Math.exp(1 - 2 * x + s * rng.normal()));
  return { z, G };
}

describe('relative value', () => {
  it('fits a signed exponential of a polynomial exactly, ignoring the other sign', () => {
    const n = 300;
    const zd = 2;
    const z = new Float64Array(n * zd);
    const G = new Float64Array(n);
    const f = (x: number, y: number) => 2 - 5 * x + 0.5 * x * x - 0.2 * x ** 4 + y - y ** 3;
    for (let p = 0; p < n; p++) {
      z[2 * p] = Math.cos(p * 1.7);
      z[2 * p + 1] = Math.sin(p * 0.37);
      G[p] = p % 10 === 0 ? 1e6 : -Math.exp(f(z[2 * p], z[2 * p + 1]));
    }
    const v = LogValue.fit(z, G, n, zd)!;
    const out = v.values(Float64Array.from([0.3, -0.4, -0.9, 0.8]), 2, new Float64Array(2));
    expect(out[0] / -Math.exp(f(0.3, -0.4)) - 1).toBeCloseTo(0, 9);
    expect(out[1] / -Math.exp(f(-0.9, 0.8)) - 1).toBeCloseTo(0, 9);
  });

  it('puts the level at the returns’ mean: e^{s²/2} above the mean of their logs', () => {
    // s = 0.5, 4000 returns: the smearing factor's relative standard error is
    // √(e^{s²} − 1)/√4000 = 0.008; the log fit's own level error is s/√4000 = 0.008.
    // Within 0.04 of e^{0.125}: about five of either.
    const { z, G } = lognormal(0.5, 4000);
    const v = LogValue.fit(z, G, z.length, 1)!;
    const at0 = v.values(new Float64Array([0]), 1, new Float64Array(1))[0];
    expect(Math.abs(at0 / -Math.exp(1 + 0.125) - 1)).toBeLessThan(0.04);
  });

  it('keeps the mean of the logs when the smearing factor is not measured', () => {
    // s = 3: the factor's relative standard error is √(e⁹ − 1)/√4000 ≈ 1.4, far above the
    // 0.05 at which it is applied; the level stays that of the logs (within 5 s/√4000).
    const { z, G } = lognormal(3, 4000);
    const v = LogValue.fit(z, G, z.length, 1)!;
    const at0 = v.values(new Float64Array([0]), 1, new Float64Array(1))[0];
    expect(Math.abs(Math.log(at0 / -Math.exp(1)))).toBeLessThan(0.25);
  });
});
