import { describe, expect, it } from 'vitest';
import { applyScale, forward, inverse, pickScale, symlogTicks } from '../../../src/renderer/view/value-scale';

/** Merton's value on a geometric wealth grid: V = −A/x, A ≈ 437.4, x from 5e-5 to 10. */
const merton = Float64Array.from({ length: 200 }, (_, i) => -437.4 / (5e-5 * Math.pow(10 / 5e-5, i / 199)));

describe('value scale', () => {
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
