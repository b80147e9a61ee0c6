/**
 * One axis of a tensor grid (docs/numerics.md §4.1). Uniform axes include both ends; periodic axes
 * omit the upper end (it is the same point as the lower end), so their n nodes are spaced
 * (max − min)/n apart and the last cell wraps to node 0. Geometric axes (min > 0) place
 * nodes at min·(max/min)^(i/(n−1)): constant relative spacing, the natural choice for a
 * positive state such as wealth whose dynamics scale with the state.
 */
export type AxisSpacing = 'uniform' | 'geometric';

export interface AxisSpec {
  min: number;
  max: number;
  n: number;
  spacing: AxisSpacing;
  periodic: boolean;
}

/** Validate an axis specification; returns a user-facing message or null. */
export function axisProblem(spec: AxisSpec, name: string): string | null {
  if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max) || !(spec.max > spec.min)) {
    return `state ${name}: the interval [${spec.min}, ${spec.max}] is empty or not finite`;
  }
  if (!Number.isInteger(spec.n) || spec.n < 3)
    return `state ${name}: a grid needs at least 3 nodes (got ${spec.n})`;
  if (spec.spacing === 'geometric') {
    if (spec.periodic) return `state ${name}: a periodic state cannot use geometric spacing`;
    if (!(spec.min > 0)) return `state ${name}: geometric spacing needs min > 0 (got ${spec.min})`;
  }
  return null;
}

/** Node coordinates of one axis, increasing. */
export function makeAxis(spec: AxisSpec): Float64Array {
  const { min, max, n } = spec;
  const x = new Float64Array(n);
  if (spec.periodic) {
    const h = (max - min) / n;
    for (let i = 0; i < n; i++) x[i] = min + i * h;
  } else if (spec.spacing === 'geometric') {
    const ratio = Math.log(max / min) / (n - 1);
    for (let i = 0; i < n; i++) x[i] = min * Math.exp(ratio * i);
    x[n - 1] = max;
  } else {
    const h = (max - min) / (n - 1);
    for (let i = 0; i < n; i++) x[i] = min + i * h;
    x[n - 1] = max;
  }
  return x;
}

/**
 * Spacings to the neighbours of every node: hMinus[i] = x_i − x_{i−1}, hPlus[i] = x_{i+1} − x_i.
 * On a periodic axis the neighbours wrap; at the ends of a bounded axis the missing spacing
 * copies the existing one (the mirror node of a reflecting face sits at that distance).
 */
export function axisSpacings(axis: Float64Array, periodic: boolean, min: number, max: number) {
  const n = axis.length;
  const hMinus = new Float64Array(n);
  const hPlus = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    const h = axis[i + 1] - axis[i];
    hPlus[i] = h;
    hMinus[i + 1] = h;
  }
  if (periodic) {
    const h = max - min - (axis[n - 1] - axis[0]);
    hPlus[n - 1] = h;
    hMinus[0] = h;
  } else {
    hPlus[n - 1] = hMinus[n - 1];
    hMinus[0] = hPlus[0];
  }
  return { hMinus, hPlus };
}
