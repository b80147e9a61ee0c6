/**
 * A 2-D slice of a field on a d-dimensional tensor grid (row-major, state 0 slowest): the two
 * shown states vary, every other state is held at a chosen node. The result is laid out as
 * SurfaceData (first shown state slowest), so the surface, contours and overlays draw it.
 */
import type { SurfaceData } from '../surface-data';

export interface TensorField {
  shape: readonly number[];
  axes: readonly Float64Array[];
  values: Float64Array;
}

/**
 * @param show the states along the surface's x and y (distinct; either order)
 * @param fixed a node index per state (entries of the shown states are ignored); clamped
 */
export function sliceField(
  field: TensorField,
  show: readonly [number, number],
  fixed: readonly number[],
  labels: SurfaceData['labels'],
): SurfaceData {
  const { shape, axes, values } = field;
  const d = shape.length;
  const [a, b] = show;
  if (a === b || a < 0 || b < 0 || a >= d || b >= d)
    throw new Error(`cannot slice states ${a}, ${b} of ${d}`);
  const strides = new Array<number>(d);
  let s = 1;
  for (let k = d - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  let base = 0;
  for (let k = 0; k < d; k++) {
    if (k === a || k === b) continue;
    const idx = Math.min(shape[k] - 1, Math.max(0, Math.round(fixed[k] ?? 0)));
    base += idx * strides[k];
  }
  const na = shape[a];
  const nb = shape[b];
  const z = new Float64Array(na * nb);
  const sa = strides[a];
  const sb = strides[b];
  for (let i = 0; i < na; i++) {
    const row = base + i * sa;
    for (let j = 0; j < nb; j++) z[i * nb + j] = values[row + j * sb];
  }
  return { xs: axes[a], ys: axes[b], z, labels };
}
