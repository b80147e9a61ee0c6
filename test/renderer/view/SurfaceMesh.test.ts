import { describe, expect, it } from 'vitest';
import {
  buildSurfaceGeometry,
  colorRange,
  gridNormals,
  updateSurfaceGeometry,
} from '../../../src/renderer/view/SurfaceMesh';

describe('surface geometry', () => {
  it('grid normals of a flat field point straight up; of a tilted plane, along its normal', () => {
    const n = 11;
    const xs = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const flat = buildSurfaceGeometry(
      { xs, ys: xs, z: new Float64Array(n * n).fill(2), labels: { x: '', y: '', z: '' } },
      'viridis',
    );
    const nf = flat.getAttribute('normal');
    for (let k = 0; k < n * n; k++) {
      expect(Math.abs(nf.getX(k))).toBe(0);
      expect(nf.getY(k)).toBe(1);
      expect(Math.abs(nf.getZ(k))).toBe(0);
    }

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

  it('agrees with three.js computeVertexNormals on a curved surface (interior nodes)', () => {
    const n = 21;
    const xs = Float64Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = Math.sin(xs[i]) * Math.cos(xs[j]);
    const g = buildSurfaceGeometry({ xs, ys: xs, z, labels: { x: '', y: '', z: '' } }, 'viridis');
    const ours = Float32Array.from(g.getAttribute('normal').array);
    g.computeVertexNormals();
    const three = g.getAttribute('normal');
    for (let i = 2; i < n - 2; i++)
      for (let j = 2; j < n - 2; j++) {
        const k = i * n + j;
        const dot =
          ours[3 * k] * three.getX(k) + ours[3 * k + 1] * three.getY(k) + ours[3 * k + 2] * three.getZ(k);
        expect(dot).toBeGreaterThan(0.995);
      }
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

  it('a snapshot on the same grid rewrites the geometry in place, equal to a fresh build; another grid is refused', () => {
    const axis = (n: number) => Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const field = (n: number, f: (x: number, y: number) => number) => {
      const xs = axis(n);
      const z = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = f(xs[i], xs[j]);
      return { xs, ys: xs, z, labels: { x: '', y: '', z: '' } };
    };
    const g = buildSurfaceGeometry(
      field(9, (x, y) => x * x + y),
      'viridis',
    );
    const index = g.getIndex();
    const next = field(9, (x, y) => Math.sin(3 * x) * y);
    const policy = { values: Float64Array.from(next.z, (v) => -v), diverging: true };
    expect(updateSurfaceGeometry(g, next, 'magma', policy)).toBe(true);
    const fresh = buildSurfaceGeometry(next, 'magma', policy);
    for (const name of ['position', 'color', 'normal'])
      expect(Array.from(g.getAttribute(name).array)).toEqual(Array.from(fresh.getAttribute(name).array));
    expect(g.getIndex()).toBe(index);
    const before = Array.from(g.getAttribute('position').array);
    expect(
      updateSurfaceGeometry(
        g,
        field(7, (x) => x),
        'viridis',
      ),
    ).toBe(false);
    expect(Array.from(g.getAttribute('position').array)).toEqual(before);
  });
});
