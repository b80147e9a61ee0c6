/**
 * The rule that switches the learner to relative terms (src/core/solvers/q-learning/
 * relative.ts): returns that span three decades, nine in ten of one sign. The 1-D LQR's
 * quadratic returns over its box do not; Merton's exponential ones in log wealth do.
 */
import { describe, expect, it } from 'vitest';
import { spansDecades } from '../../../../src/core/solvers/q-learning/relative';

const grid = (n: number, f: (x: number) => number) =>
  Float64Array.from({ length: n }, (_, i) => f(-1 + (2 * i) / (n - 1)));

describe('relative terms', () => {
  it('switch on for values that span decades, off for a quadratic', () => {
    expect(spansDecades(grid(200, (x) => -Math.exp(-10 * x)))).toBe(true);
    expect(spansDecades(grid(200, (x) => Math.exp(8 * x)))).toBe(true);
    expect(spansDecades(grid(200, (x) => Math.exp(4 * x)))).toBe(false); // e^{6.4} = 600
    // A quadratic with no constant: its 90th centile is 81 times its 10th.
    expect(spansDecades(grid(200, (x) => -9 * x * x - 1e-9))).toBe(false);
  });

  it('tolerate a tenth of the other sign, not more; refuse zeros and non-finite returns', () => {
    const G = grid(200, (x) => -Math.exp(-10 * x));
    for (let i = 0; i < 19; i++) G[i * 10] = 5;
    expect(spansDecades(G)).toBe(true);
    G[5] = 5;
    G[15] = 5;
    expect(spansDecades(G)).toBe(false);
    const Z = grid(200, (x) => -Math.exp(-10 * x));
    for (let i = 0; i < 30; i++) Z[i] = 0;
    expect(spansDecades(Z)).toBe(false);
    const N = grid(200, (x) => -Math.exp(-10 * x));
    N[3] = Number.NaN;
    expect(spansDecades(N)).toBe(false);
  });
});
