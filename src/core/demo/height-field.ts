/**
 * The demo height field of the foundation: z = h(x, y) on a tensor grid, used to prove the
 * data path (worker → transferred typed array → surface) before any solver exists.
 * h is the value function of the 2-D double-integrator LQR (DESIGN.md §8) without its
 * constant: V(p, v) = −½ [p v] P [p v]ᵀ, a tilted bowl with a recognisable shape.
 */
export interface HeightFieldSpec {
  /** Points per axis (n × n grid), first axis (x) slowest. */
  n: number;
  min: number;
  max: number;
}

export interface HeightField {
  n: number;
  min: number;
  max: number;
  /** Row-major z values, index i·n + j for x_i, y_j. */
  z: Float64Array;
  zMin: number;
  zMax: number;
}

const P11 = 1.292209;
const P12 = 0.659841;
const P22 = 0.929183;

export function demoHeight(x: number, y: number): number {
  return -0.5 * (P11 * x * x + 2 * P12 * x * y + P22 * y * y);
}

/** Fill rows [rowStart, rowEnd) of z. Split so a caller can report progress and yield. */
export function fillHeightRows(
  spec: HeightFieldSpec,
  z: Float64Array,
  rowStart: number,
  rowEnd: number,
): void {
  const { n, min, max } = spec;
  const h = (max - min) / (n - 1);
  for (let i = rowStart; i < rowEnd; i++) {
    const x = min + i * h;
    const row = i * n;
    for (let j = 0; j < n; j++) z[row + j] = demoHeight(x, min + j * h);
  }
}

export function validateHeightFieldSpec(spec: HeightFieldSpec): string | null {
  if (!Number.isInteger(spec.n) || spec.n < 2 || spec.n > 2049)
    return 'grid size must be an integer in [2, 2049]';
  if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max) || !(spec.max > spec.min))
    return 'bounds must be finite with max > min';
  return null;
}

export function range(z: Float64Array): { zMin: number; zMax: number } {
  let zMin = Infinity;
  let zMax = -Infinity;
  for (let k = 0; k < z.length; k++) {
    const v = z[k];
    if (v < zMin) zMin = v;
    if (v > zMax) zMax = v;
  }
  return { zMin, zMax };
}
