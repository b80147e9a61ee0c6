import { contours as d3Contours } from 'd3-contour';
import { describe, expect, it } from 'vitest';
import { contourSegments } from '../../../../src/renderer/view/layers/contour-segments';

import { paraboloid, uniform } from './fixtures';

describe('contour segments', () => {
  it('level sets of x² + y² are circles of radius √c (uniform grid)', () => {
    const data = paraboloid(uniform(-2, 2, 81), uniform(-1.5, 1.5, 61));
    const levels = [0.25, 0.5, 1];
    const { xy, level, levels: drawn } = contourSegments(data, levels);
    expect(drawn).toEqual(levels);
    const h = 4 / 80;
    const perLevel = [0, 0, 0];
    for (let s = 0; s < level.length; s++) {
      const r = Math.sqrt(levels[level[s]]);
      perLevel[level[s]]++;
      for (const e of [0, 2]) {
        // Linear interpolation of x² + y² along a cell edge errs by at most h²/4 in value.
        expect(Math.abs(Math.hypot(xy[4 * s + e], xy[4 * s + e + 1]) - r)).toBeLessThan(h * h);
      }
    }
    // Closed circles: about circumference / cell size segments each.
    for (let l = 0; l < 3; l++) expect(perLevel[l]).toBeGreaterThan((2 * Math.PI * Math.sqrt(levels[l])) / h);
  });

  it('maps back through non-uniform axes', () => {
    // Cubic spacing: dense near 0, sparse at the ends. A wrong index → data map breaks the circles.
    const cubic = (n: number) => Float64Array.from({ length: n }, (_, i) => 2 * ((2 * i) / (n - 1) - 1) ** 3);
    const data = paraboloid(cubic(121), cubic(101));
    const { xy, level } = contourSegments(data, [1]);
    expect(level.length).toBeGreaterThan(20);
    for (let s = 0; s < level.length; s++) {
      expect(Math.abs(Math.hypot(xy[4 * s], xy[4 * s + 1]) - 1)).toBeLessThan(0.01);
    }
  });

  it('drops the border segments d3 adds to close rings', () => {
    // A plane z = x: its level sets are straight lines x = c across the whole box.
    const xs = uniform(0, 1, 11);
    const ys = uniform(0, 1, 11);
    const z = new Float64Array(121);
    for (let i = 0; i < 11; i++) for (let j = 0; j < 11; j++) z[i * 11 + j] = xs[i];
    const { xy, level } = contourSegments({ xs, ys, z, labels: { x: 'x', y: 'y', z: 'z' } }, [0.35]);
    expect(level.length).toBe(10);
    for (let s = 0; s < level.length; s++) {
      expect(xy[4 * s]).toBeCloseTo(0.35, 12);
      expect(xy[4 * s + 2]).toBeCloseTo(0.35, 12);
    }
  });

  it('finds the same crossings as d3-contour', () => {
    // Index-valued axes, so that d3's pixel coordinates (index + ½) compare directly.
    const idx = (n: number) => Float64Array.from({ length: n }, (_, i) => i);
    const xs = idx(30);
    const ys = idx(25);
    const z = new Float64Array(30 * 25);
    for (let i = 0; i < 30; i++)
      for (let j = 0; j < 25; j++) z[i * 25 + j] = (i - 14.3) ** 2 + 2 * (j - 11.7) ** 2 + 0.1 * i * j;
    const data = { xs, ys, z, labels: { x: 'x', y: 'y', z: 'z' } };
    const levels = [20, 60, 150];
    const ours = contourSegments(data, levels);
    const keys = new Set<string>();
    const key = (x: number, y: number) => `${x.toFixed(6)},${y.toFixed(6)}`;
    for (let s = 0; s < ours.level.length; s++) {
      keys.add(key(ours.xy[4 * s], ours.xy[4 * s + 1]) + '@' + ours.levels[ours.level[s]]);
      keys.add(key(ours.xy[4 * s + 2], ours.xy[4 * s + 3]) + '@' + ours.levels[ours.level[s]]);
    }
    let compared = 0;
    for (const m of d3Contours().size([25, 30]).thresholds(levels)(Array.from(z))) {
      for (const polygon of m.coordinates)
        for (const ring of polygon)
          for (const [c0, c1] of ring) {
            // d3 closes rings along the outside of the image (coordinates 0 or n): not level lines.
            if (c0 === 0 || c0 === 25 || c1 === 0 || c1 === 30) continue;
            expect(keys.has(key(c1 - 0.5, c0 - 0.5) + '@' + m.value)).toBe(true);
            compared++;
          }
    }
    expect(compared).toBeGreaterThan(100);
    // And no extra crossings: d3 lists each crossing once per ring (plus the closing repeat).
    expect(keys.size).toBeLessThanOrEqual(compared);
  });
});
