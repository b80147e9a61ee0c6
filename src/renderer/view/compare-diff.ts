/**
 * The difference of two runs' surfaces for the "difference vs compared run" colour: the
 * compared surface interpolated (bilinearly, core/grid/interpolate) at the shown surface's
 * nodes, so runs on different grids (a network's display grid, a grid solver's own) can be
 * compared node by node. Pure: no three.js, no React.
 */
import { interpolateBatch } from '../../core/grid/interpolate';
import type { GridGeometry } from '../../core/grid/tensor';
import type { SurfaceData } from './surface-data';

function surfaceGrid(s: SurfaceData): GridGeometry {
  return {
    shape: [s.xs.length, s.ys.length],
    axes: [s.xs, s.ys],
    bounds: [
      [s.xs[0], s.xs[s.xs.length - 1]],
      [s.ys[0], s.ys[s.ys.length - 1]],
    ],
    periodic: [false, false],
  };
}

/** |own − other| at own's nodes; NaN where own lies outside other's domain. */
export function differenceField(own: SurfaceData, other: SurfaceData): Float64Array {
  const nx = own.xs.length;
  const ny = own.ys.length;
  const n = nx * ny;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) {
      px[i * ny + j] = own.xs[i];
      py[i * ny + j] = own.ys[j];
    }
  const theirs = new Float64Array(n);
  interpolateBatch(surfaceGrid(other), other.z, [px, py], theirs, n);
  // Inside up to rounding of the two grids' end points.
  const ex = 1e-9 * (other.xs[other.xs.length - 1] - other.xs[0]);
  const ey = 1e-9 * (other.ys[other.ys.length - 1] - other.ys[0]);
  const [x0, x1] = [other.xs[0] - ex, other.xs[other.xs.length - 1] + ex];
  const [y0, y1] = [other.ys[0] - ey, other.ys[other.ys.length - 1] + ey];
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const inside = px[p] >= x0 && px[p] <= x1 && py[p] >= y0 && py[p] <= y1;
    out[p] = inside ? Math.abs(own.z[p] - theirs[p]) : Number.NaN;
  }
  return out;
}
