import type { BufferAttribute } from 'three';
import { describe, expect, it } from 'vitest';
import { buildSurfaceGeometry, updateSurfaceGeometry } from '../../../src/renderer/view/SurfaceMesh';
import { surfaceArrays } from '../../../src/renderer/view/surface-arrays';

describe('surface geometry', () => {
  it('grid normals of a flat field point straight up', () => {
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
  });

  it('agrees with three.js computeVertexNormals on a curved surface (interior nodes)', () => {
    const n = 21;
    const xs = Float64Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = Math.sin(xs[i]) * Math.cos(xs[j]);
    const g = buildSurfaceGeometry({ xs, ys: xs, z, labels: { x: '', y: '', z: '' } }, 'viridis');
    const stored = g.getAttribute('normal');
    const ours = Float32Array.from({ length: 3 * n * n }, (_, q) =>
      stored.getComponent(Math.floor(q / 3), q % 3),
    );
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

  it('a snapshot on the same grid replaces the arrays, equal to a fresh build, and hands back the old ones; another grid is refused', () => {
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
    const before0 = (['position', 'color', 'normal'] as const).map((name) => g.getAttribute(name).array);
    const versions = (['position', 'color', 'normal'] as const).map(
      (name) => (g.getAttribute(name) as BufferAttribute).version,
    );
    const next = field(9, (x, y) => Math.sin(3 * x) * y);
    const policy = { values: Float64Array.from(next.z, (v) => -v), diverging: true };
    const old = updateSurfaceGeometry(g, surfaceArrays(next, 'magma', policy));
    expect(old).not.toBeNull();
    expect([old?.positions, old?.colors, old?.normals]).toEqual(before0);
    expect(old?.positions).toBe(before0[0]);
    const fresh = buildSurfaceGeometry(next, 'magma', policy);
    for (const [k, name] of (['position', 'color', 'normal'] as const).entries()) {
      expect(Array.from(g.getAttribute(name).array)).toEqual(Array.from(fresh.getAttribute(name).array));
      // needsUpdate: three uploads the new array into the buffer it has.
      expect((g.getAttribute(name) as BufferAttribute).version).toBe(versions[k] + 1);
    }
    expect(g.getIndex()).toBe(index);
    const before = Array.from(g.getAttribute('position').array);
    expect(
      updateSurfaceGeometry(
        g,
        surfaceArrays(
          field(7, (x) => x),
          'viridis',
        ),
      ),
    ).toBeNull();
    expect(Array.from(g.getAttribute('position').array)).toEqual(before);
  });
});
