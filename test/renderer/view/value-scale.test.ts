import { describe, expect, it } from 'vitest';
import {
  applyScale,
  forward,
  inverse,
  kthSmallest,
  pickScale,
  symlogTicks,
} from '../../../src/renderer/view/value-scale';

/** Merton's value on a geometric wealth grid: V = −A/x, A ≈ 437.4, x from 5e-5 to 10. */
const merton = Float64Array.from({ length: 200 }, (_, i) => -437.4 / (5e-5 * Math.pow(10 / 5e-5, i / 199)));

describe('value scale', () => {
  it('kthSmallest agrees with sorting, for every k, with ties, sorted and reversed input', () => {
    // A small LCG: fixed data, no dependence on Math.random.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cases: Float64Array[] = [Float64Array.of(7)];
    for (const n of [2, 3, 5, 16, 101, 1000]) {
      cases.push(Float64Array.from({ length: n }, () => rand()));
      cases.push(Float64Array.from({ length: n }, () => Math.floor(rand() * 4)));
      cases.push(Float64Array.from({ length: n }, (_, i) => i));
      cases.push(Float64Array.from({ length: n }, (_, i) => n - i));
    }
    for (const c of cases) {
      const sorted = c.slice().sort();
      for (let k = 0; k < c.length; k++) expect(kthSmallest(c.slice(), k)).toBe(sorted[k]);
    }
  });

  it('picks the median |v| as the linear width, as sorting would', () => {
    const z = Float64Array.from({ length: 999 }, (_, i) => (i % 2 ? -1 : 1) * 10 ** ((i * 7) % 9));
    const sorted = z.map(Math.abs).sort();
    expect(pickScale(z, 'symlog')).toEqual({ kind: 'symlog', c: sorted[499] });
  });

  it('over a 301² field takes the median of a strided sample and the largest |v| of all values', () => {
    const n = 301 * 301;
    // Values over six decades, sorted: the exact median is 10^3 (to one index step, a factor 1.00015).
    const z = Float64Array.from({ length: n }, (_, k) => -(10 ** ((6 * k) / (n - 1))));
    const s = pickScale(z, 'auto');
    expect(s.kind).toBe('symlog');
    // A sample of every 6th value: its median is at most a few strides from the exact one.
    if (s.kind === 'symlog') expect(Math.abs(Math.log10(s.c) - 3)).toBeLessThan((6 * 12) / n);
    // One large value off the sample's stride still counts for the largest |v|.
    const flat = new Float64Array(n).fill(1);
    flat[1] = 1e3;
    expect(pickScale(flat, 'auto').kind).toBe('symlog');
    flat[1] = 1;
    expect(pickScale(flat, 'auto').kind).toBe('linear');
  });

  it('auto picks symlog for values over many decades, linear for a bowl', () => {
    expect(pickScale(merton, 'auto').kind).toBe('symlog');
    const bowl = Float64Array.from({ length: 101 }, (_, i) => ((i - 50) / 50) ** 2 + 0.5);
    expect(pickScale(bowl, 'auto')).toEqual({ kind: 'linear' });
    expect(pickScale(bowl, 'symlog').kind).toBe('symlog');
    expect(pickScale(merton, 'linear')).toEqual({ kind: 'linear' });
  });

  it('forward and inverse are inverse; symlog is odd and monotone', () => {
    const s = pickScale(merton, 'auto');
    for (const v of [-8.7e6, -1234.5, -1, 0, 0.3, 42, 1e9]) {
      expect(inverse(forward(v, s), s)).toBeCloseTo(
        v,
        Math.max(0, 8 - Math.ceil(Math.log10(Math.abs(v) + 1))),
      );
      expect(forward(-v, s)).toBeCloseTo(-forward(v, s), 12);
    }
    const u = applyScale(merton, s);
    for (let i = 1; i < u.length; i++) expect(u[i]).toBeGreaterThan(u[i - 1]);
  });

  it('ticks are decades inside the range, in scaled units, at most six', () => {
    const s = pickScale(merton, 'auto');
    const u = applyScale(merton, s);
    const ticks = symlogTicks(u[0], u[u.length - 1], s);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const t of ticks) {
      const v = inverse(t.at, s);
      expect(Math.log10(-v) % 1).toBeCloseTo(0, 9);
      expect(t.at).toBeGreaterThanOrEqual(u[0]);
      expect(t.at).toBeLessThanOrEqual(u[u.length - 1]);
    }
    expect(ticks.map((t) => t.text)).toContain('−1e6');
  });
});
