/**
 * Tensor-product grids (docs/numerics.md §1.2: row-major, the first state slowest). A grid is plain
 * data so that it can travel to the UI with a solution.
 */
import { makeAxis, type AxisSpec } from './axis';

export interface GridGeometry {
  /** Nodes per state. */
  shape: number[];
  /** Node coordinates per state, increasing. */
  axes: Float64Array[];
  /** The box, per state: [min, max]. For a periodic state max is the wrap point. */
  bounds: Array<[number, number]>;
  periodic: boolean[];
}

export function makeGrid(specs: readonly AxisSpec[]): GridGeometry {
  return {
    shape: specs.map((s) => s.n),
    axes: specs.map((s) => makeAxis(s)),
    bounds: specs.map((s): [number, number] => [s.min, s.max]),
    periodic: specs.map((s) => s.periodic),
  };
}

export function gridSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides: the last state is contiguous. */
export function gridStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

/** Index of every node along each axis (structure of arrays, one Int32Array per state). */
export function axisIndices(shape: readonly number[]): Int32Array[] {
  const n = gridSize(shape);
  const strides = gridStrides(shape);
  return shape.map((len, k) => {
    const idx = new Int32Array(n);
    const stride = strides[k];
    for (let p = 0; p < n; p++) idx[p] = Math.floor(p / stride) % len;
    return idx;
  });
}

/** Coordinates of every node, one Float64Array per state (kernel inputs). */
export function gridCoordinates(grid: GridGeometry): Float64Array[] {
  const idx = axisIndices(grid.shape);
  return grid.axes.map((axis, k) => {
    const out = new Float64Array(idx[k].length);
    const ik = idx[k];
    for (let p = 0; p < out.length; p++) out[p] = axis[ik[p]];
    return out;
  });
}

/**
 * Nodes in the middle part of the box: every coordinate within the central `fraction` of
 * its interval (docs/numerics.md §10.3 measures errors on the middle 60 %, away from the boundary
 * layers that the boundary conditions of a truncated domain create).
 */
export function middleMask(grid: GridGeometry, fraction = 0.6): Uint8Array {
  const coords = gridCoordinates(grid);
  const n = gridSize(grid.shape);
  const mask = new Uint8Array(n).fill(1);
  grid.bounds.forEach(([lo, hi], k) => {
    const margin = ((1 - fraction) / 2) * (hi - lo);
    const a = lo + margin - 1e-12 * (hi - lo);
    const b = hi - margin + 1e-12 * (hi - lo);
    const x = coords[k];
    for (let p = 0; p < n; p++) if (x[p] < a || x[p] > b) mask[p] = 0;
  });
  return mask;
}
