import { describe, expect, it } from 'vitest';
import {
  buildSurface,
  colorRange,
  gridIndex,
  gridNormals,
  type SurfaceRequest,
} from '../../../src/renderer/view/surface-arrays';

describe('surface arrays', () => {
  it('grid normals of a tilted plane point along its normal', () => {
    const n = 11;
    const xs = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    // Scene positions of the plane Y = 0.3 X: normal ∝ (−0.3, 1, 0).
    const p = new Float32Array(n * n * 3);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const k = 3 * (i * n + j);
        p[k] = xs[i];
        p[k + 1] = 0.3 * xs[i];
        p[k + 2] = -xs[j];
      }
    const normals = gridNormals(p, n, n);
    const len = Math.hypot(0.3, 1);
    for (let k = 0; k < n * n; k++) {
      expect(normals[3 * k]).toBeCloseTo(-0.3 / len, 6);
      expect(normals[3 * k + 1]).toBeCloseTo(1 / len, 6);
      expect(normals[3 * k + 2]).toBeCloseTo(0, 6);
    }
  });

  it('fixed-point normals are the float normals to half a step of 1/32767', () => {
    const n = 13;
    const p = new Float32Array(n * n * 3);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const k = 3 * (i * n + j);
        p[k] = i / (n - 1);
        p[k + 1] = Math.sin(5 * p[k]) * Math.cos((3 * j) / n);
        p[k + 2] = -j / (n - 1);
      }
    const exact = gridNormals(p, n, n);
    const fixed = gridNormals(p, n, n, new Int16Array(n * n * 3));
    for (let q = 0; q < exact.length; q++)
      expect(Math.abs(fixed[q] / 32767 - exact[q])).toBeLessThanOrEqual(0.5 / 32767 + 1e-7);
  });

  it('the index is 16-bit while the node numbers fit, 32-bit beyond', () => {
    expect(gridIndex(256, 256)).toBeInstanceOf(Uint16Array);
    const big = gridIndex(257, 256);
    expect(big).toBeInstanceOf(Uint32Array);
    expect(Math.max(...big)).toBe(257 * 256 - 1);
  });

  it('the index has two triangles per cell, each with the same (upward) winding', () => {
    const index = gridIndex(3, 4);
    expect(index.length).toBe(2 * 3 * 6);
    // Cell (0, 0): nodes 0, 4 (next x), 1 (next y), 5 (both).
    expect(Array.from(index.slice(0, 6))).toEqual([0, 4, 1, 4, 5, 1]);
    expect(Math.max(...index)).toBe(3 * 4 - 1);
  });
});

describe('spare arrays', () => {
  function request(n: number, lift: number): SurfaceRequest {
    const xs = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = Math.sin(2 * xs[i]) * xs[j] + lift;
    const color = { values: Float64Array.from(z, (v) => v - lift), diverging: true };
    return {
      data: { xs, ys: xs, z, labels: { x: '', y: '', z: '' } },
      colormap: 'magma',
      color,
      withIndex: false,
    };
  }

  it("a spare of the grid's size is written over, equal to a fresh build", () => {
    const spare = buildSurface(request(9, 5));
    const fresh = buildSurface(request(9, 0));
    const reply = buildSurface({ ...request(9, 0), spare });
    expect(reply.positions).toBe(spare.positions);
    expect(reply.colors).toBe(spare.colors);
    expect(reply.normals).toBe(spare.normals);
    expect(Array.from(reply.positions)).toEqual(Array.from(fresh.positions));
    expect(Array.from(reply.colors)).toEqual(Array.from(fresh.colors));
    expect(Array.from(reply.normals)).toEqual(Array.from(fresh.normals));
  });

  it('a spare of another size, or one whose buffers went to a worker, is left alone', () => {
    const other = buildSurface(request(7, 1));
    const before = Array.from(other.positions);
    const reply = buildSurface({ ...request(9, 0), spare: other });
    expect(reply.positions).not.toBe(other.positions);
    expect(Array.from(other.positions)).toEqual(before);
    expect(reply.positions).toEqual(buildSurface(request(9, 0)).positions);
    const gone = buildSurface(request(9, 1));
    structuredClone(gone, { transfer: [gone.positions.buffer, gone.colors.buffer, gone.normals.buffer] });
    expect(gone.positions.length).toBe(0);
    expect(buildSurface({ ...request(9, 0), spare: gone }).normals).toEqual(
      buildSurface(request(9, 0)).normals,
    );
  });
});

describe('colour range', () => {
  it('diverging fields: symmetric, scaled by the 98th percentile of |v| so a thin boundary layer does not wash out the interior', () => {
    const v = new Float64Array(1000);
    for (let k = 0; k < 1000; k++) v[k] = Math.sin(k) * 0.1;
    v[0] = 50; // a boundary spike
    v[1] = -40;
    const r = colorRange(v, true);
    expect(r.min).toBe(-r.max);
    expect(r.max).toBeGreaterThan(0.09);
    expect(r.max).toBeLessThanOrEqual(0.1);
    expect(colorRange(new Float64Array(10), true)).toEqual({ min: -1, max: 1 });
    expect(colorRange(Float64Array.from([1, 2, 3]), false)).toEqual({ min: 1, max: 3 });
  });
});
