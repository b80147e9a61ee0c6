/**
 * The vertex arrays of a height-field surface (positions, colours, normals, triangle index)
 * as pure functions over typed arrays, without three.js: the geometry worker runs them for
 * every snapshot of a solve, and the view only copies the results into its buffers.
 */
import { applyColormap, type ColormapName } from './colormap';
import { kthSmallest } from './value-scale';
import { finiteRange, SCENE_HEIGHT, surfaceRange, toScene, type SurfaceData } from './surface-data';

/** Optional colour field on the same grid as the heights (an overlay such as the policy). */
export interface SurfaceColor {
  values: Float64Array;
  /** Diverging quantities get a range symmetric about zero. */
  diverging: boolean;
}

/**
 * Three numbers per grid node, row-major like the heights. Colours are the colormap's bytes
 * and normals 16-bit fixed point (both read as normalized attributes): a 201² snapshot
 * uploads 0.85 MB instead of 1.45 MB of floats, and every synchronous upload waits for the
 * GPU process (docs/architecture.md §7).
 */
export interface SurfaceArrays {
  positions: Float32Array;
  colors: Uint8Array;
  normals: Int16Array;
}

/** A grid's triangle index: 16-bit while the node numbers fit (201² does), else 32-bit. */
export type GridIndex = Uint16Array | Uint32Array;

/** Largest 16-bit signed value: a unit normal component c is stored as round(c · INT16_ONE). */
const INT16_ONE = 32767;

/**
 * The range a colour field is normalised by (also what the colour bar shows). Diverging
 * fields (policy, residual, error) are symmetric about zero and scaled by the 98th
 * percentile of |v|: errors and residuals concentrate in thin boundary layers, and scaling
 * by their maximum would leave the interior one flat colour. Values beyond are clamped.
 */
export function colorRange(values: ArrayLike<number>, diverging: boolean): { min: number; max: number } {
  if (!diverging) return finiteRange(values);
  let n = 0;
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k])) n++;
  const abs = new Float64Array(n);
  let largest = 0;
  n = 0;
  for (let k = 0; k < values.length; k++)
    if (Number.isFinite(values[k])) {
      abs[n++] = Math.abs(values[k]);
      largest = Math.max(largest, abs[n - 1]);
    }
  // Selection, not a sort: the colour bar calls this on the UI thread for every result.
  const m = n > 0 ? kthSmallest(abs, Math.min(n - 1, Math.floor(0.98 * n))) : 0;
  const scale = m > 0 ? m : largest || 1;
  return { min: -scale, max: scale };
}

/**
 * Vertex normals of a surface on a grid, from differences of the positions along the two
 * grid directions (central inside, one-sided at the edges). Equivalent in look to three's
 * computeVertexNormals, an order of magnitude faster. Into an Int16Array the unit
 * components are written as fixed point (a normalized attribute reads them back).
 */
export function gridNormals<T extends Float32Array | Int16Array = Float32Array>(
  p: Float32Array,
  nx: number,
  ny: number,
  out: T = new Float32Array(nx * ny * 3) as T,
): T {
  const fixed = out instanceof Int16Array;
  const scale = fixed ? INT16_ONE : 1;
  for (let i = 0; i < nx; i++) {
    const i0 = i > 0 ? i - 1 : i;
    const i1 = i < nx - 1 ? i + 1 : i;
    for (let j = 0; j < ny; j++) {
      const j0 = j > 0 ? j - 1 : j;
      const j1 = j < ny - 1 ? j + 1 : j;
      const a = 3 * (i1 * ny + j);
      const b = 3 * (i0 * ny + j);
      const c = 3 * (i * ny + j1);
      const d = 3 * (i * ny + j0);
      // u = ∂P/∂i, v = ∂P/∂j; the normal is u × v (pointing up for this layout: Z = −y).
      const ux = p[a] - p[b];
      const uy = p[a + 1] - p[b + 1];
      const uz = p[a + 2] - p[b + 2];
      const vx = p[c] - p[d];
      const vy = p[c + 1] - p[d + 1];
      const vz = p[c + 2] - p[d + 2];
      let x = uy * vz - uz * vy;
      let y = uz * vx - ux * vz;
      let z = ux * vy - uy * vx;
      const len = (Math.hypot(x, y, z) || 1) / scale;
      x /= len;
      y /= len;
      z /= len;
      const k = 3 * (i * ny + j);
      // An Int16Array would truncate toward zero; rounding keeps the error under half a step.
      out[k] = fixed ? Math.round(x) : x;
      out[k + 1] = fixed ? Math.round(y) : y;
      out[k + 2] = fixed ? Math.round(z) : z;
    }
  }
  return out;
}

/** Positions, colours and normals of a height field (written into `out` when given). */
export function surfaceArrays(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null = null,
  out?: SurfaceArrays,
): SurfaceArrays {
  const nx = data.xs.length;
  const ny = data.ys.length;
  const n3 = nx * ny * 3;
  const { positions, colors, normals } = out ?? {
    positions: new Float32Array(n3),
    colors: new Uint8Array(n3),
    normals: new Int16Array(n3),
  };
  const { min, max } = surfaceRange(data);
  const x0 = data.xs[0];
  const x1 = data.xs[nx - 1];
  const y0 = data.ys[0];
  const y1 = data.ys[ny - 1];
  const t = new Float32Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    const X = toScene(data.xs[i], x0, x1);
    for (let j = 0; j < ny; j++) {
      const k = i * ny + j;
      const zn = (data.z[k] - min) / (max - min);
      t[k] = zn;
      positions[3 * k] = X;
      positions[3 * k + 1] = Number.isFinite(zn) ? zn * SCENE_HEIGHT : 0;
      positions[3 * k + 2] = -toScene(data.ys[j], y0, y1);
    }
  }
  if (color) {
    const c = colorRange(color.values, color.diverging);
    for (let k = 0; k < nx * ny; k++) t[k] = (color.values[k] - c.min) / (c.max - c.min);
  }
  applyColormap(colormap, t, colors);
  gridNormals(positions, nx, ny, normals);
  return { positions, colors, normals };
}

/** Two triangles per grid cell. */
export function gridIndex(nx: number, ny: number): GridIndex {
  const size = (nx - 1) * (ny - 1) * 6;
  const index = nx * ny <= 0x10000 ? new Uint16Array(size) : new Uint32Array(size);
  let q = 0;
  for (let i = 0; i < nx - 1; i++) {
    for (let j = 0; j < ny - 1; j++) {
      const a = i * ny + j;
      const b = a + ny;
      index[q++] = a;
      index[q++] = b;
      index[q++] = a + 1;
      index[q++] = b;
      index[q++] = b + 1;
      index[q++] = a + 1;
    }
  }
  return index;
}

/** What the view asks for a snapshot's surface. */
export interface SurfaceRequest {
  data: SurfaceData;
  colormap: ColormapName;
  color: SurfaceColor | null;
  /** Also build the triangle index (a new grid shape). */
  withIndex: boolean;
  /**
   * Arrays of an earlier reply that the view no longer draws, written over when they have
   * this grid's size: the view and the geometry worker pass the same few buffers back and
   * forth instead of allocating three new ones for every snapshot.
   */
  spare?: SurfaceArrays | null;
}

export interface SurfaceReply extends SurfaceArrays {
  index: GridIndex | null;
}

/** A request's arrays, and its index when asked: in the geometry worker, or on this thread when it has failed. */
export function buildSurface(req: SurfaceRequest): SurfaceReply {
  const n3 = req.data.xs.length * req.data.ys.length * 3;
  const s = req.spare;
  // A spare of another grid, or one whose buffers went to a worker (detached, length 0), is not used.
  const fits = s && s.positions.length === n3 && s.colors.length === n3 && s.normals.length === n3;
  const arrays = surfaceArrays(req.data, req.colormap, req.color, fits ? s : undefined);
  const index = req.withIndex ? gridIndex(req.data.xs.length, req.data.ys.length) : null;
  return { ...arrays, index };
}
