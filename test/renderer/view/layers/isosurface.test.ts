import { describe, expect, it } from 'vitest';
import { buildIsosurface, marchingCubes } from '../../../../src/renderer/view/layers/isosurface';
import { SCENE_HEIGHT } from '../../../../src/renderer/view/surface-data';

function sphereField(n: number, axis = (i: number) => -1 + (2 * i) / (n - 1)) {
  const a = Float64Array.from({ length: n }, (_, i) => axis(i));
  const values = new Float64Array(n * n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++) values[(i * n + j) * n + k] = Math.hypot(a[i], a[j], a[k]);
  return { axes: [a, a, a] as [Float64Array, Float64Array, Float64Array], values };
}

/** Scene position back to data on the box [−1, 1]³. */
const toData = (p: Float32Array, v: number): [number, number, number] => [
  p[3 * v],
  -p[3 * v + 2],
  (p[3 * v + 1] / SCENE_HEIGHT) * 2 - 1,
];

describe('isosurface', () => {
  it('a level set of |x| is a closed sphere of that radius, with outward normals', () => {
    const n = 31;
    const h = 2 / (n - 1);
    const mesh = marchingCubes(sphereField(n), [0.6]);
    const nv = mesh.positions.length / 3;
    expect(nv).toBeGreaterThan(500);
    for (let v = 0; v < nv; v++) {
      const [x, y, z] = toData(mesh.positions, v);
      const r = Math.hypot(x, y, z);
      // |x| is interpolated linearly along cell edges: the chord error is below h²/(2r).
      expect(Math.abs(r - 0.6)).toBeLessThan((h * h) / 1.2);
      // The gradient of |x| points outward: the scene normal, mapped back, too.
      const nx = mesh.normals[3 * v];
      const ny = -mesh.normals[3 * v + 2];
      const nz = mesh.normals[3 * v + 1];
      expect((nx * x + ny * y + nz * z) / r).toBeGreaterThan(0.9);
    }
    // Shared edge vertices make a closed, orientable surface: Euler characteristic V − E + F = 2,
    // and every edge has exactly two triangles.
    const F = mesh.index.length / 3;
    const edges = new Map<string, number>();
    for (let t = 0; t < F; t++)
      for (let e = 0; e < 3; e++) {
        const a = mesh.index[3 * t + e];
        const b = mesh.index[3 * t + ((e + 1) % 3)];
        const k = a < b ? `${a},${b}` : `${b},${a}`;
        edges.set(k, (edges.get(k) ?? 0) + 1);
      }
    for (const c of edges.values()) expect(c).toBe(2);
    expect(nv - edges.size + F).toBe(2);
  });

  it('winds each triangle with its face normal along the gradient', () => {
    const mesh = marchingCubes(sphereField(17), [0.5]);
    const p = mesh.positions;
    for (let t = 0; t < mesh.index.length / 3; t++) {
      const [a, b, c] = [mesh.index[3 * t], mesh.index[3 * t + 1], mesh.index[3 * t + 2]];
      const u = [p[3 * b] - p[3 * a], p[3 * b + 1] - p[3 * a + 1], p[3 * b + 2] - p[3 * a + 2]];
      const w = [p[3 * c] - p[3 * a], p[3 * c + 1] - p[3 * a + 1], p[3 * c + 2] - p[3 * a + 2]];
      const cross = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
      // Outward from the sphere's centre, which sits at scene (0, H/2, 0).
      const cx = p[3 * a];
      const cy = p[3 * a + 1] - SCENE_HEIGHT / 2;
      const cz = p[3 * a + 2];
      expect(cross[0] * cx + cross[1] * cy + cross[2] * cz).toBeGreaterThan(0);
    }
  });

  it('works on non-uniform axes and colours nested levels apart', () => {
    const n = 25;
    const field = sphereField(n, (i) => Math.sinh((2 * (2 * i - (n - 1))) / (n - 1)) / Math.sinh(2));
    const layer = buildIsosurface(field, [0.3, 0.7], { colormap: 'viridis' });
    const pos = layer.object.geometry.getAttribute('position');
    const col = layer.object.geometry.getAttribute('color');
    let inner = 0;
    let outer = 0;
    const innerColour = new Set<string>();
    const outerColour = new Set<string>();
    for (let v = 0; v < pos.count; v++) {
      const r = Math.hypot(pos.getX(v), pos.getZ(v), (pos.getY(v) / SCENE_HEIGHT) * 2 - 1);
      const c = `${col.getX(v)},${col.getY(v)},${col.getZ(v)}`;
      if (Math.abs(r - 0.3) < 0.03) {
        inner++;
        innerColour.add(c);
      } else if (Math.abs(r - 0.7) < 0.03) {
        outer++;
        outerColour.add(c);
      } else throw new Error(`vertex at radius ${r}`);
    }
    expect(inner).toBeGreaterThan(50);
    expect(outer).toBeGreaterThan(inner);
    expect(innerColour.size).toBe(1);
    expect(outerColour.size).toBe(1);
    expect([...innerColour][0]).not.toBe([...outerColour][0]);
    expect(layer.triangles).toBe(layer.object.geometry.index!.count / 3);
    layer.dispose();
  });

  it('a level outside the field gives an empty mesh', () => {
    const layer = buildIsosurface(sphereField(9), [5]);
    expect(layer.vertices).toBe(0);
    expect(layer.triangles).toBe(0);
    layer.dispose();
  });
});
