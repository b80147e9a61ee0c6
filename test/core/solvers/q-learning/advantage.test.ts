/**
 * The quadratic advantage rate (src/core/solvers/q-learning/advantage.ts): its value against
 * the matrix form −½ dᵀLLᵀd, and its backward pass against central finite differences.
 */
import { describe, expect, it } from 'vitest';
import {
  factorSize,
  quadraticBackward,
  quadraticForward,
} from '../../../../src/core/solvers/q-learning/advantage';

const m = 3;
const n = 2;
const f = factorSize(m);
// Arbitrary rows: d = ã − μ̃ and raw factor entries (diagonal ones through softplus/ln 2).
const d = Float64Array.from([0.3, -0.7, 0.2, -0.4, 0.1, 0.9]);
const l = Float64Array.from([0.5, -0.3, -1.2, 0.8, 0.2, 0.4, -0.6, 1.1, 0.3, -0.9, 0.7, -0.2]);

function q(dd: Float64Array, ll: Float64Array): Float64Array {
  const out = new Float64Array(n);
  quadraticForward(dd, ll, n, m, out, new Float64Array(n * m));
  return out;
}

describe('quadratic advantage', () => {
  it('is −½ dᵀ L Lᵀ d with a softplus/ln 2 diagonal, and 0 at d = 0', () => {
    expect(f).toBe(6);
    const got = q(d, l);
    for (let p = 0; p < n; p++) {
      const L = [0, 1, 2].map((i) =>
        [0, 1, 2].map((j) => {
          if (j > i) return 0;
          const raw = l[p * f + (i * (i + 1)) / 2 + j];
          return i === j ? Math.log1p(Math.exp(raw)) / Math.LN2 : raw;
        }),
      );
      let s = 0;
      for (let j = 0; j < m; j++) {
        let w = 0;
        for (let i = 0; i < m; i++) w += L[i][j] * d[p * m + i];
        s += w * w;
      }
      expect(got[p]).toBeCloseTo(-0.5 * s, 14);
    }
    expect(Array.from(q(new Float64Array(n * m), l))).toEqual([-0, -0]);
  });

  it('back-propagates to d and to the raw entries (central differences)', () => {
    const dq = Float64Array.from([0.7, -1.3]);
    const w = new Float64Array(n * m);
    quadraticForward(d, l, n, m, new Float64Array(n), w);
    const dd = new Float64Array(n * m);
    const dl = new Float64Array(n * f);
    quadraticBackward(d, l, w, dq, n, m, dd, dl);
    const loss = (dd2: Float64Array, ll: Float64Array) => {
      const v = q(dd2, ll);
      return dq[0] * v[0] + dq[1] * v[1];
    };
    const h = 1e-6;
    const check = (x: Float64Array, other: Float64Array, grad: Float64Array, first: boolean) => {
      for (let i = 0; i < x.length; i++) {
        const up = x.slice();
        const dn = x.slice();
        up[i] += h;
        dn[i] -= h;
        const fd = first
          ? (loss(up, other) - loss(dn, other)) / (2 * h)
          : (loss(other, up) - loss(other, dn)) / (2 * h);
        // Central differences of a smooth function of order one: error O(h²) plus
        // rounding 1e-16/h, far under 1e-8.
        expect(Math.abs(grad[i] - fd)).toBeLessThan(1e-8);
      }
    };
    check(d, l, dd, true);
    check(l, d, dl, false);
  });
});
