/**
 * The relative value (src/core/solvers/q-learning/log-value.ts): log|G| by least squares
 * over a polynomial in each encoded state coordinate; exact on returns that are a signed
 * exponential of such a polynomial, and blind to the minority of the other sign.
 */
import { describe, expect, it } from 'vitest';
import { LogValue } from '../../../../src/core/solvers/q-learning/log-value';

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
});
