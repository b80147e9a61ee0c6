import { beforeAll, describe, expect, it } from 'vitest';
import type { DiffusionResult } from '../../../../src/core/solvers/diffusion';
import {
  canCompare,
  compareMaps,
  panelPixels,
  scaleTop,
} from '../../../../src/renderer/view/diffusion/compare-maps';
import { colormapTable } from '../../../../src/renderer/view/colormap';
import { smallSolutions } from './small-solutions';

describe('exact | solution | error side by side', () => {
  let two: DiffusionResult;
  let one: DiffusionResult;
  beforeAll(async () => {
    ({ two, one } = await smallSolutions());
  });

  it('is offered for a 2-D solution other than the exact one, never in 1-D', () => {
    expect(canCompare(two, 'grid')).toBe(true);
    expect(canCompare(two, 'exact')).toBe(false);
    expect(canCompare(two, 'trained')).toBe(false);
    expect(canCompare(one, 'grid')).toBe(false);
    expect(compareMaps(one, 'grid', 0.5)).toBeNull();
  });

  it('slices both controls and their difference at the display time nearest the slider', () => {
    const d = two.display;
    const N = d.grid.shape[0] * d.grid.shape[1];
    const k = 6;
    const m = compareMaps(two, 'grid', d.times![k] + 1e-9)!;
    expect(m.t).toBe(d.times![k]);
    const [ex, own, err] = m.panels;
    const eu = two.lab!.fields.exact!.control;
    const gu = two.lab!.fields.grid!.control;
    for (let i = 0; i < N; i += 97) {
      expect(ex.values[i]).toBeCloseTo(Math.hypot(eu[0][k * N + i], eu[1][k * N + i]), 12);
      expect(own.arrows!.fy[i]).toBe(gu[1][k * N + i]);
      expect(err.values[i]).toBeCloseTo(
        Math.hypot(gu[0][k * N + i] - eu[0][k * N + i], gu[1][k * N + i] - eu[1][k * N + i]),
        12,
      );
    }
    // One colour scale from 0 for both controls, topped at the 95th percentile of both maps;
    // the error's own.
    expect([own.min, own.max]).toEqual([0, ex.max]);
    const both = [...ex.values, ...own.values].sort((a, b) => a - b);
    expect(ex.max).toBe(both[Math.floor(0.95 * both.length)]);
    expect(ex.max).toBeLessThan(both.at(-1)!);
    expect(err.min).toBe(0);
    expect(err.max).toBe(scaleTop(err.values));
    expect(err.max).toBeGreaterThan(0);
    // The samplers' particles at the nearest particle frame.
    const p = two.lab!.particles.grid!;
    expect(own.particles![0].length).toBe(p.n);
  });

  it('the scale top ignores non-finite values and is 1 for an empty or all-zero map', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i);
    v[3] = NaN;
    expect(scaleTop(v)).toBe(95);
    expect(scaleTop(new Float64Array(5))).toBe(1);
    expect(scaleTop(Float64Array.of(NaN))).toBe(1);
  });

  it('pixels: rows from the top (largest x₂), clamped colours, grey for non-finite values', () => {
    const table = colormapTable('viridis');
    // 2 × 3 grid, x slowest: values i·3 + j.
    const panel = {
      title: '',
      values: Float64Array.of(0, 1, 2, 3, 4, NaN),
      min: 0,
      max: 4,
      colormap: 'viridis' as const,
    };
    const px = panelPixels(panel, 2, 3, table);
    const rgb = (col: number, row: number) =>
      Array.from(px.subarray((row * 2 + col) * 4, (row * 2 + col) * 4 + 3));
    const level = (u: number) => {
      const c = Math.round(u * 255) * 3;
      return [table[c], table[c + 1], table[c + 2]].map((v) => Math.round(255 * v));
    };
    expect(rgb(0, 2)).toEqual(level(0)); // (x₀, y₀): bottom left
    expect(rgb(0, 0)).toEqual(level(0.5)); // (x₀, y₂) = 2: top left
    expect(rgb(1, 1)).toEqual(level(1)); // (x₁, y₁) = 4
    expect(rgb(1, 0)).toEqual([128, 128, 128]); // NaN
    expect(px[3]).toBe(255);
  });
});
