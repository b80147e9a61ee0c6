/** What the 3D view draws: a height field over a tensor grid, in data units. */
export interface SurfaceData {
  /** Grid coordinates: xs along the first (slowest) axis, ys along the second. */
  xs: Float64Array;
  ys: Float64Array;
  /** Row-major heights, z[i · ys.length + j] at (xs[i], ys[j]). */
  z: Float64Array;
  labels: { x: string; y: string; z: string };
  /** The value range that spans the scene's height; by default the finite range of z (set when two surfaces share a scale). */
  zRange?: { min: number; max: number };
}

/** The value range a surface is drawn against (its own, or the one it shares). */
export function surfaceRange(data: SurfaceData): { min: number; max: number } {
  return data.zRange ?? finiteRange(data.z);
}

/** Finite range of z, ignoring NaN; a flat field gets a unit range so it still draws. */
export function finiteRange(z: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) {
    const v = z[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return { min: 0, max: 1 };
  if (min === max) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

/** Scene box: x → X ∈ [−1, 1], y → Z ∈ [1, −1] (so y grows away from the viewer), z → Y ∈ [0, H]. */
export const SCENE_HEIGHT = 1.1;

export function toScene(v: number, lo: number, hi: number): number {
  return (2 * (v - lo)) / (hi - lo) - 1;
}

/** Whether (x, y) lies in the surface's box (its first to last node on each axis). */
export function insideBox(x: number, y: number, data: SurfaceData): boolean {
  const { xs, ys } = data;
  return x >= xs[0] && x <= xs[xs.length - 1] && y >= ys[0] && y <= ys[ys.length - 1];
}

/** How many of the points (x[p], y[p]) lie in the surface's box (a 1-D run passes one y). */
export function countInsideBox(
  x: ArrayLike<number>,
  y: ArrayLike<number> | number,
  data: SurfaceData,
): number {
  let n = 0;
  for (let p = 0; p < x.length; p++) if (insideBox(x[p], typeof y === 'number' ? y : y[p], data)) n++;
  return n;
}
