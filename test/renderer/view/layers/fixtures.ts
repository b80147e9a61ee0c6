import type { SurfaceData } from '../../../../src/renderer/view/surface-data';

/** z = x² + y² on the grid xs × ys: its level sets are circles of radius √c. */
export function paraboloid(xs: Float64Array, ys: Float64Array): SurfaceData {
  const z = new Float64Array(xs.length * ys.length);
  for (let i = 0; i < xs.length; i++)
    for (let j = 0; j < ys.length; j++) z[i * ys.length + j] = xs[i] ** 2 + ys[j] ** 2;
  return { xs, ys, z, labels: { x: 'x', y: 'y', z: 'V' } };
}

/** n evenly spaced points from lo to hi. */
export const uniform = (lo: number, hi: number, n: number) =>
  Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
