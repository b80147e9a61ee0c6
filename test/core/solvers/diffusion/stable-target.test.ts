import { describe, expect, it } from 'vitest';
import { StableTarget } from '../../../../src/core/solvers/diffusion/stable-target';
import { Random } from '../../../../src/core/sim/random';

/** ε* of one row by the definition: a softmax over the reference set, in plain loops. */
function direct(y: Float64Array[], R: number, x: number[], a: number, sd: number): number[] {
  const d = x.length;
  const l = Array.from({ length: R }, (_, j) => {
    let q = 0;
    for (let i = 0; i < d; i++) q += (x[i] - a * y[i][j]) ** 2;
    return -q / (2 * sd * sd);
  });
  const top = Math.max(...l);
  const w = l.map((v) => Math.exp(v - top));
  const z = w.reduce((s, v) => s + v, 0);
  return x.map((xi, i) => (xi - (a * w.reduce((s, v, j) => s + v * y[i][j], 0)) / z) / sd);
}

describe('the stable DSM target', () => {
  // Sizes off the kernels' multiples of four, and more rows than one block holds for R = 70 000.
  for (const [d, n, R] of [
    [1, 13, 37],
    [2, 64, 200],
    [3, 9, 70_000],
  ])
    it(`equals the softmax posterior mean of z (d = ${d}, ${n} rows, R = ${R})`, () => {
      const rng = new Random(d);
      const y = Array.from({ length: d }, () => Float64Array.from({ length: R }, () => 3 * rng.normal()));
      const x = new Float64Array(n * d);
      const alpha = new Float64Array(n);
      const std = new Float64Array(n);
      for (let p = 0; p < n; p++) {
        // Forward times from nearly data (v = 1e-4: one point dominates) to nearly noise.
        const v = 10 ** (-4 + (4 * p) / (n - 1));
        alpha[p] = Math.sqrt(1 - v);
        std[p] = Math.sqrt(v);
        const j = p % R;
        for (let i = 0; i < d; i++) x[p * d + i] = alpha[p] * y[i][j] + std[p] * rng.normal();
      }
      const out = new Float64Array(n * d);
      new StableTarget(d, n, R).compute(y, x, alpha, std, n, out);
      let worst = 0;
      for (let p = 0; p < n; p++) {
        const want = direct(y, R, Array.from(x.subarray(p * d, (p + 1) * d)), alpha[p], std[p]);
        for (let i = 0; i < d; i++) worst = Math.max(worst, Math.abs(out[p * d + i] - want[i]));
      }
      // The expanded square a·x·y + b·|y|² loses digits to cancellation: ~1e-16 of |x|²/v.
      expect(worst).toBeLessThan(1e-8);
    });

  it('rows not noised from their own reference point still get the softmax (shift redone with the maximum)', () => {
    // Row p is shifted by reference p's log-weight; here row 0 sits on reference 2, 2·10⁶
    // nats above reference 0 (beyond the exponential's range), and row 1 far from all.
    const y = [Float64Array.of(0, 10, 20)];
    const a = 0.99;
    const sd = 0.01;
    const x = Float64Array.of(a * 20 + 0.003, 55);
    const out = new Float64Array(2);
    new StableTarget(1, 2, 3).compute(y, x, Float64Array.of(a, a), Float64Array.of(sd, sd), 2, out);
    for (let p = 0; p < 2; p++) expect(out[p]).toBeCloseTo(direct(y, 3, [x[p]], a, sd)[0], 8);
  });

  it('with one reference point the target is z itself (plain DSM)', () => {
    const y = [Float64Array.of(0.7), Float64Array.of(-1.2)];
    const a = 0.6;
    const sd = 0.8;
    const z = [0.3, -2.1];
    const x = Float64Array.of(a * 0.7 + sd * z[0], a * -1.2 + sd * z[1]);
    const out = new Float64Array(2);
    new StableTarget(2, 1, 1).compute(y, x, Float64Array.of(a), Float64Array.of(sd), 1, out);
    expect(out[0]).toBeCloseTo(z[0], 12);
    expect(out[1]).toBeCloseTo(z[1], 12);
  });

  it('refuses more rows than it was made for', () => {
    const t = new StableTarget(1, 2, 4);
    const y = [new Float64Array(4)];
    expect(() =>
      t.compute(y, new Float64Array(3), new Float64Array(3), new Float64Array(3), 3, new Float64Array(3)),
    ).toThrow(/3 rows, room for 2/);
  });
});
