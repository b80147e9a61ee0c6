/**
 * The mapping between data coordinates and the scene box, shared by every layer so that
 * overlays sit exactly on the surface that SurfaceMesh draws: x → X ∈ [−1, 1],
 * y → Z = −toScene(y) ∈ [1, −1], value → Y ∈ [0, SCENE_HEIGHT] over the value's finite range.
 * Also the small grid helpers the layers need (locating a coordinate on a possibly
 * non-uniform axis, bilinear interpolation of a height field).
 */
import type * as THREE from 'three';
import { SCENE_HEIGHT, surfaceRange, type SurfaceData } from '../surface-data';

/** A drawable layer: one Object3D for the scene and the GPU resources it owns. */
export interface Layer {
  object: THREE.Object3D;
  dispose: () => void;
}

export interface SceneFrame {
  /** Data range that spans X ∈ [−1, 1]. */
  x: [number, number];
  /** Data range that spans Z ∈ [1, −1]. */
  y: [number, number];
  /** Value range that spans Y ∈ [0, SCENE_HEIGHT]. */
  z: [number, number];
}

/** The frame SurfaceMesh uses for `data`: the axes' end nodes and the finite range of z. */
export function frameOf(data: SurfaceData): SceneFrame {
  const { min, max } = surfaceRange(data);
  return {
    x: [data.xs[0], data.xs[data.xs.length - 1]],
    y: [data.ys[0], data.ys[data.ys.length - 1]],
    z: [min, max],
  };
}

export function sceneX(x: number, frame: SceneFrame): number {
  return (2 * (x - frame.x[0])) / (frame.x[1] - frame.x[0]) - 1;
}

export function sceneZ(y: number, frame: SceneFrame): number {
  return -((2 * (y - frame.y[0])) / (frame.y[1] - frame.y[0]) - 1);
}

/** Scene height of a value; non-finite values sit on the floor (as SurfaceMesh does). */
export function sceneY(v: number, frame: SceneFrame): number {
  const h = ((v - frame.z[0]) / (frame.z[1] - frame.z[0])) * SCENE_HEIGHT;
  return Number.isFinite(h) ? h : 0;
}

/**
 * Inverse of the scene mapping on the floor: the data point (x, y) under a scene point (its
 * height is ignored), e.g. the point of the surface that a click hit.
 */
export function sceneToData(
  point: { x: number; z: number },
  bounds: { x: readonly [number, number]; y: readonly [number, number] },
): [number, number] {
  const [x0, x1] = bounds.x;
  const [y0, y1] = bounds.y;
  return [x0 + ((point.x + 1) / 2) * (x1 - x0), y0 + ((1 - point.z) / 2) * (y1 - y0)];
}

/**
 * Fractional index of `v` on an increasing axis (binary search, so non-uniform axes work):
 * i + t with axis[i] ≤ v ≤ axis[i + 1]; clamped to [0, n − 1].
 */
export function locate(axis: ArrayLike<number>, v: number): number {
  const n = axis.length;
  if (n < 2 || !(v > axis[0])) return 0;
  if (v >= axis[n - 1]) return n - 1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (axis[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo + (v - axis[lo]) / (axis[hi] - axis[lo]);
}

/** Coordinate at a fractional index of an axis (linear between nodes, clamped). */
export function axisAt(axis: ArrayLike<number>, f: number): number {
  const n = axis.length;
  if (!(f > 0)) return axis[0];
  if (f >= n - 1) return axis[n - 1];
  const i = Math.floor(f);
  const t = f - i;
  return t === 0 ? axis[i] : axis[i] + t * (axis[i + 1] - axis[i]);
}

/**
 * Bilinear interpolation of a row-major field (x slowest) at fractional indices (fi, fj).
 * A periodic second or first axis wraps its last cell to node 0, so `fi` may lie in
 * [n − 1, n) there (the caller computes it with `locatePeriodic`).
 */
export function bilinear(
  z: ArrayLike<number>,
  nx: number,
  ny: number,
  fi: number,
  fj: number,
  periodic: readonly [boolean, boolean] = [false, false],
): number {
  let i = Math.floor(fi);
  let j = Math.floor(fj);
  if (i >= nx - 1 && !periodic[0]) i = nx - 2;
  if (j >= ny - 1 && !periodic[1]) j = ny - 2;
  if (i < 0) i = 0;
  if (j < 0) j = 0;
  const s = fi - i;
  const t = fj - j;
  const i1 = i + 1 >= nx ? (periodic[0] ? 0 : nx - 1) : i + 1;
  const j1 = j + 1 >= ny ? (periodic[1] ? 0 : ny - 1) : j + 1;
  const a = z[i * ny + j];
  const b = z[i1 * ny + j];
  const c = z[i * ny + j1];
  const d = z[i1 * ny + j1];
  return (1 - s) * ((1 - t) * a + t * c) + s * ((1 - t) * b + t * d);
}

/**
 * Fractional index on a periodic axis whose nodes are lo + i·h, i < n, with period P = n·h:
 * `v` is first wrapped into [lo, lo + P), and the last cell [x_{n−1}, lo + P) maps to
 * [n − 1, n) (it joins node n − 1 to node 0).
 */
export function locatePeriodic(axis: ArrayLike<number>, lo: number, period: number, v: number): number {
  const w = wrap(v, lo, period);
  const n = axis.length;
  if (w >= axis[n - 1]) return n - 1 + (w - axis[n - 1]) / (lo + period - axis[n - 1]);
  return locate(axis, w);
}

/** v wrapped into [lo, lo + period). */
export function wrap(v: number, lo: number, period: number): number {
  const r = (v - lo) % period;
  const w = lo + (r < 0 ? r + period : r);
  // (v − lo) % P can round to exactly P after the addition: keep the half-open interval.
  return w >= lo + period ? lo : w;
}
