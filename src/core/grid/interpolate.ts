/**
 * Multilinear interpolation on a tensor grid (docs/numerics.md §11.1: grid policies are applied
 * along simulated paths this way). Periodic axes wrap; points outside a bounded axis are
 * clamped to the box (the value at the face), which is what the boundary rules of the
 * solver make of the process there.
 */
import { gridStrides, type GridGeometry } from './tensor';

/** Cell of x on one axis: lower node i0, upper node i1, weight of the upper node. */
interface Cell {
  i0: number;
  i1: number;
  w: number;
}

function locate(axis: Float64Array, periodic: boolean, lo: number, hi: number, x: number, cell: Cell): void {
  const n = axis.length;
  if (periodic) {
    const period = hi - lo;
    let y = (x - lo) % period;
    if (y < 0) y += period;
    y += lo;
    const last = axis[n - 1];
    if (y >= last) {
      cell.i0 = n - 1;
      cell.i1 = 0;
      const h = hi - last;
      cell.w = h > 0 ? Math.min(1, (y - last) / h) : 0;
      return;
    }
    x = y;
  }
  if (!(x > axis[0])) {
    cell.i0 = 0;
    cell.i1 = 0;
    cell.w = 0;
    return;
  }
  if (x >= axis[n - 1]) {
    cell.i0 = n - 1;
    cell.i1 = n - 1;
    cell.w = 0;
    return;
  }
  // Binary search: axes may be non-uniform (geometric).
  let a = 0;
  let b = n - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (axis[m] <= x) a = m;
    else b = m;
  }
  cell.i0 = a;
  cell.i1 = b;
  cell.w = (x - axis[a]) / (axis[b] - axis[a]);
}

/**
 * Interpolates many points at once. `points` is structure-of-arrays (one array per state,
 * at least n long); `values` holds one value per grid node (row-major); results go to out.
 */
export function interpolateBatch(
  grid: GridGeometry,
  values: Float64Array,
  points: readonly ArrayLike<number>[],
  out: Float64Array,
  n: number,
): void {
  const d = grid.shape.length;
  const strides = gridStrides(grid.shape);
  const cells: Cell[] = Array.from({ length: d }, () => ({ i0: 0, i1: 0, w: 0 }));
  const corners = 1 << d;
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < d; k++) {
      locate(grid.axes[k], grid.periodic[k], grid.bounds[k][0], grid.bounds[k][1], points[k][p], cells[k]);
    }
    let sum = 0;
    for (let c = 0; c < corners; c++) {
      let weight = 1;
      let index = 0;
      for (let k = 0; k < d; k++) {
        const cell = cells[k];
        if ((c >> k) & 1) {
          weight *= cell.w;
          index += cell.i1 * strides[k];
        } else {
          weight *= 1 - cell.w;
          index += cell.i0 * strides[k];
        }
      }
      if (weight !== 0) sum += weight * values[index];
    }
    out[p] = sum;
  }
}

/**
 * Interpolates values on grid `from` at every node of grid `to` (same dimension; e.g. a
 * coarse solution onto a finer grid). Same result as interpolateBatch at the coordinates of
 * `to`, but each axis coordinate is located once instead of once per node: the nodes of a
 * tensor grid share their cells axis by axis.
 */
export function interpolateGrid(
  from: GridGeometry,
  values: Float64Array,
  to: GridGeometry,
  out: Float64Array,
): void {
  const d = from.shape.length;
  const strides = gridStrides(from.shape);
  const cell: Cell = { i0: 0, i1: 0, w: 0 };
  // Per axis and target coordinate: offsets of the two neighbours and the upper weight.
  const lower: Int32Array[] = [];
  const upper: Int32Array[] = [];
  const weight: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    const axis = to.axes[k];
    const m = axis.length;
    lower.push(new Int32Array(m));
    upper.push(new Int32Array(m));
    weight.push(new Float64Array(m));
    for (let i = 0; i < m; i++) {
      locate(from.axes[k], from.periodic[k], from.bounds[k][0], from.bounds[k][1], axis[i], cell);
      lower[k][i] = cell.i0 * strides[k];
      upper[k][i] = cell.i1 * strides[k];
      weight[k][i] = cell.w;
    }
  }
  const shape = to.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Int32Array(d);
  const corners = 1 << d;
  for (let p = 0; p < n; p++) {
    let sum = 0;
    for (let c = 0; c < corners; c++) {
      let w = 1;
      let index = 0;
      for (let k = 0; k < d; k++) {
        const i = idx[k];
        if ((c >> k) & 1) {
          w *= weight[k][i];
          index += upper[k][i];
        } else {
          w *= 1 - weight[k][i];
          index += lower[k][i];
        }
      }
      if (w !== 0) sum += w * values[index];
    }
    out[p] = sum;
    // Row-major odometer: the last axis moves fastest.
    for (let k = d - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
}

/** Interpolated value at one point. */
export function interpolate(grid: GridGeometry, values: Float64Array, point: ArrayLike<number>): number {
  const out = new Float64Array(1);
  interpolateBatch(
    grid,
    values,
    Array.from({ length: grid.shape.length }, (_, k) => [point[k]]),
    out,
    1,
  );
  return out[0];
}
