/**
 * The side-by-side comparison of a 2-D diffusion run at a control time: the exact control
 * u*(·, t) and a solution's own u(·, t) (trained or grid) as maps of |u| on one colour scale
 * with their arrows and their samplers' particles, and the error map |u − u*| on a scale of
 * its own. Sliced from the frames the solver's worker computed (lab-frames.ts); pure, no
 * DOM. The ε-network gives no V, so the control is the field both solutions share.
 */
import type { DiffusionResult, FrameKind } from '../../../core/solvers/diffusion';
import type { ColormapName } from '../colormap';
import { KIND_LABEL, nearestIndex, particlesAt } from './frames-view';

export interface ComparePanel {
  title: string;
  /** Row-major over the display grid (x slowest), like the fields. */
  values: Float64Array;
  /** Colour range; values above max take the top colour. */
  min: number;
  max: number;
  colormap: ColormapName;
  /** The control drawn as arrows, in the layout of `values`. */
  arrows?: { fx: Float64Array; fy: Float64Array };
  /** The sampler's particles at the time (x₁ and x₂). */
  particles?: Float32Array[];
}

export interface CompareMaps {
  xs: Float64Array;
  ys: Float64Array;
  /** The display time drawn (nearest to the slider's). */
  t: number;
  panels: [ComparePanel, ComparePanel, ComparePanel];
}

/** Whether the run can be compared: 2-D, with the exact fields and those of `kind` ≠ exact. */
export function canCompare(r: DiffusionResult, kind: FrameKind | null): kind is 'grid' | 'trained' {
  const f = r.lab?.fields;
  return r.display.grid.axes.length === 2 && kind !== null && kind !== 'exact' && !!f?.exact && !!f[kind];
}

function magnitude(fx: Float64Array, fy: Float64Array): Float64Array {
  return fx.map((x, i) => Math.hypot(x, fy[i]));
}

/**
 * The top of a colour scale for magnitudes: the 95th percentile of the finite values. The
 * largest |u| and |u − u*| sit at the box's corners, far from the mass (the exact control
 * grows linearly there, a network extrapolates), and would leave the middle one colour.
 */
export function scaleTop(...arrays: Float64Array[]): number {
  const all: number[] = [];
  for (const a of arrays) for (const v of a) if (Number.isFinite(v)) all.push(v);
  if (all.length === 0) return 1;
  all.sort((x, y) => x - y);
  return all[Math.min(all.length - 1, Math.floor(SCALE_QUANTILE * all.length))] || 1;
}

const SCALE_QUANTILE = 0.95;

/** The three panels at the display time nearest to t; null when the run cannot be compared. */
export function compareMaps(r: DiffusionResult, kind: FrameKind | null, t: number): CompareMaps | null {
  if (!canCompare(r, kind)) return null;
  const fields = r.lab!.fields;
  const times = r.display.times!;
  const [xs, ys] = r.display.grid.axes;
  const N = xs.length * ys.length;
  const k = nearestIndex(times, t);
  const at = k * N;
  const control = (f: FrameKind) => {
    const c = fields[f]!.control;
    return {
      fx: Float64Array.from(c[0].subarray(at, at + N)),
      fy: Float64Array.from(c[1].subarray(at, at + N)),
    };
  };
  const exact = control('exact');
  const own = control(kind);
  const mExact = magnitude(exact.fx, exact.fy);
  const mOwn = magnitude(own.fx, own.fy);
  const error = magnitude(
    own.fx.map((v, i) => v - exact.fx[i]),
    own.fy.map((v, i) => v - exact.fy[i]),
  );
  // One scale for both controls, so equal colours are equal sizes.
  const shared = { min: 0, max: scaleTop(mExact, mOwn) };
  const particles = (f: FrameKind) => {
    const p = r.lab?.particles[f];
    return p ? particlesAt(p, 2, t).xs : undefined;
  };
  return {
    xs,
    ys,
    t: times[k],
    panels: [
      {
        title: 'exact u*',
        values: mExact,
        ...shared,
        colormap: 'viridis',
        arrows: exact,
        particles: particles('exact'),
      },
      {
        title: `${KIND_LABEL[kind]} u`,
        values: mOwn,
        ...shared,
        colormap: 'viridis',
        arrows: own,
        particles: particles(kind),
      },
      { title: '|u − u*|', values: error, min: 0, max: scaleTop(error), colormap: 'magma' },
    ],
  };
}

/**
 * RGBA pixels of a panel's values, one pixel per grid node, image rows top (largest x₂)
 * first; values outside [min, max] are clamped, non-finite ones grey.
 */
export function panelPixels(
  panel: ComparePanel,
  nx: number,
  ny: number,
  table: Float32Array,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(nx * ny * 4));
  const span = panel.max - panel.min;
  const levels = table.length / 3 - 1;
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) {
      const v = panel.values[i * ny + j];
      const o = ((ny - 1 - j) * nx + i) * 4;
      out[o + 3] = 255;
      if (!Number.isFinite(v)) {
        out[o] = out[o + 1] = out[o + 2] = 128;
        continue;
      }
      const u = span > 0 ? Math.min(1, Math.max(0, (v - panel.min) / span)) : 0;
      const c = Math.round(u * levels) * 3;
      out[o] = 255 * table[c];
      out[o + 1] = 255 * table[c + 1];
      out[o + 2] = 255 * table[c + 2];
    }
  return out;
}
