import { describe, expect, it } from 'vitest';
import { interpolate, interpolateBatch, interpolateGrid } from '../../../src/core/grid/interpolate';
import { gridCoordinates, makeGrid } from '../../../src/core/grid/tensor';

describe('multilinear interpolation', () => {
  it('reproduces multilinear functions exactly, also on geometric axes', () => {
    const grid = makeGrid([
      { min: 0.5, max: 4, n: 7, spacing: 'geometric', periodic: false },
      { min: -1, max: 1, n: 5, spacing: 'uniform', periodic: false },
      { min: 0, max: 3, n: 4, spacing: 'uniform', periodic: false },
    ]);
    const f = (x: number, y: number, z: number) => 1 + 2 * x - y + 0.5 * z + x * y - 0.25 * x * y * z;
    const [X, Y, Z] = gridCoordinates(grid);
    const values = X.map((_, p) => f(X[p], Y[p], Z[p]));
    for (const pt of [
      [0.7, 0.3, 1.2],
      [3.99, -0.99, 2.5],
      [1.5, 0, 0],
    ]) {
      expect(interpolate(grid, values, pt)).toBeCloseTo(f(pt[0], pt[1], pt[2]), 12);
    }
  });

  it('clamps outside a bounded box and wraps a periodic axis', () => {
    const grid = makeGrid([{ min: 0, max: 4, n: 4, spacing: 'uniform', periodic: true }]);
    const values = Float64Array.from([0, 10, 20, 30]);
    // The last cell runs from node 3 (x = 3) back to node 0 (x = 4 ≡ 0).
    expect(interpolate(grid, values, [3.5])).toBeCloseTo(15, 12);
    expect(interpolate(grid, values, [-0.5])).toBeCloseTo(15, 12);
    expect(interpolate(grid, values, [5.25])).toBeCloseTo(12.5, 12);
    const bounded = makeGrid([{ min: 0, max: 1, n: 3, spacing: 'uniform', periodic: false }]);
    expect(interpolate(bounded, Float64Array.from([1, 2, 5]), [7])).toBe(5);
    expect(interpolate(bounded, Float64Array.from([1, 2, 5]), [-7])).toBe(1);
  });

  it('batch and single-point versions agree', () => {
    const grid = makeGrid([
      { min: 0, max: 1, n: 11, spacing: 'uniform', periodic: false },
      { min: 0, max: 1, n: 11, spacing: 'uniform', periodic: false },
    ]);
    const values = new Float64Array(121).map((_, i) => Math.sin(i));
    const xs = Float64Array.from([0.13, 0.5, 0.99]);
    const ys = Float64Array.from([0.77, 0.01, 0.5]);
    const out = new Float64Array(3);
    interpolateBatch(grid, values, [xs, ys], out, 3);
    for (let i = 0; i < 3; i++) expect(out[i]).toBe(interpolate(grid, values, [xs[i], ys[i]]));
  });

  it('grid-to-grid interpolation equals the batch version at the target nodes (periodic, geometric, nested or not)', () => {
    const from = makeGrid([
      { min: 0.5, max: 4, n: 9, spacing: 'geometric', periodic: false },
      { min: 0, max: 2 * Math.PI, n: 8, spacing: 'uniform', periodic: true },
      { min: -1, max: 1, n: 5, spacing: 'uniform', periodic: false },
    ]);
    const values = new Float64Array(9 * 8 * 5).map((_, i) => Math.cos(0.37 * i) + 0.01 * i);
    for (const shape of [
      [17, 16, 9],
      [12, 7, 4],
    ]) {
      const to = makeGrid([
        { min: 0.5, max: 4, n: shape[0], spacing: 'uniform', periodic: false },
        { min: 0, max: 2 * Math.PI, n: shape[1], spacing: 'uniform', periodic: true },
        { min: -1.2, max: 1.2, n: shape[2], spacing: 'uniform', periodic: false },
      ]);
      const n = shape[0] * shape[1] * shape[2];
      const fast = new Float64Array(n);
      const batch = new Float64Array(n);
      interpolateGrid(from, values, to, fast);
      interpolateBatch(from, values, gridCoordinates(to), batch, n);
      expect(Array.from(fast)).toEqual(Array.from(batch));
    }
  });
});
