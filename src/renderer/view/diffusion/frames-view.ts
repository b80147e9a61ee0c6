/**
 * What the diffusion view draws at a control time, from the frames the solver computed
 * (lab-frames.ts in the diffusion solver): V(·, t) as a height field, the control u(·, t)
 * as arrows, an error map as the surface's colour, and the particles of a sampler. Pure
 * and cheap (slicing and copying the worker's arrays): no three.js, no React.
 */
import type { DiffusionResult, FrameKind, ParticleFrames } from '../../../core/solvers/diffusion';
import type { TrajectorySet } from '../layers/trajectories';
import type { VectorField2D } from '../layers/vector-field';
import type { SurfaceData } from '../surface-data';

/**
 * Heights stop this many nats above the frame's least V (density below e⁻¹² of its peak):
 * −log p of mixture data reaches hundreds of nats between the modes (eight Gaussians of
 * std 0.2 on a ring of radius 2: about 50 at the centre), and an uncapped surface is
 * walls with the structure flattened at the bottom.
 */
export const V_CAP = 12;

export type ColourMode = 'height' | 'value-error' | 'control-error';

export const KIND_LABEL: Record<FrameKind, string> = {
  exact: 'exact',
  grid: 'grid (Fokker–Planck)',
  trained: 'trained network',
};

/** The solutions the run has frames for, in a fixed order. */
export function kindsOf(r: DiffusionResult): FrameKind[] {
  return (['exact', 'grid', 'trained'] as const).filter((k) => r.lab?.fields[k] || r.lab?.particles[k]);
}

/** Index of the stored time nearest to t. */
export function nearestIndex(times: ArrayLike<number>, t: number): number {
  let best = 0;
  for (let k = 1; k < times.length; k++) if (Math.abs(times[k] - t) < Math.abs(times[best] - t)) best = k;
  return best;
}

/** The value shown for a kind: its own V, else (the ε-network has none) the exact, else the grid V. */
export function valueSource(r: DiffusionResult, kind: FrameKind): FrameKind | null {
  const f = r.lab?.fields;
  if (f?.[kind]?.value) return kind;
  if (f?.exact?.value) return 'exact';
  if (f?.grid?.value) return 'grid';
  return null;
}

export interface Frame2D {
  surface: SurfaceData;
  /** The error map, when asked for and the run has the exact solution. */
  color: { values: Float64Array; label: string } | null;
  arrows: VectorField2D | null;
  note: string;
}

function capped(v: Float32Array, from: number, n: number): { z: Float64Array; min: number } {
  let min = Infinity;
  for (let i = 0; i < n; i++) if (v[from + i] < min) min = v[from + i];
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Math.min(v[from + i], min + V_CAP);
  return { z, min };
}

/** The 2-D picture of `kind` at the display time nearest to t. */
export function frame2d(r: DiffusionResult, kind: FrameKind, t: number, colour: ColourMode): Frame2D | null {
  const d = r.display;
  const times = d.times;
  const fields = r.lab?.fields;
  if (!times || !fields || d.grid.axes.length !== 2) return null;
  const [xs, ys] = d.grid.axes;
  const N = xs.length * ys.length;
  const k = nearestIndex(times, t);
  const at = k * N;
  const src = valueSource(r, kind);
  const labels = { x: 'x₁', y: 'x₂', z: 'V = −log p' };
  let surface: SurfaceData;
  let note: string;
  const vsrc = src ? fields[src]?.value : undefined;
  if (vsrc) {
    const { z, min } = capped(vsrc, at, N);
    surface = { xs, ys, z, labels, zRange: { min, max: min + V_CAP } };
    note = `V(·, t = ${times[k].toPrecision(3)}) of the ${KIND_LABEL[src as FrameKind]} solution, capped ${V_CAP} above its least value`;
  } else {
    surface = { xs, ys, z: new Float64Array(N), labels: { ...labels, z: '' } };
    note = 'no value function (the ε-network gives the control only): the plane';
  }
  const own = fields[kind];
  const arrows: VectorField2D | null = own
    ? {
        xs,
        ys,
        fx: Float64Array.from(own.control[0].subarray(at, at + N)),
        fy: Float64Array.from(own.control[1].subarray(at, at + N)),
      }
    : null;
  let color: Frame2D['color'] = null;
  const ex = fields.exact;
  if (colour === 'value-error' && ex?.value && own?.value && kind !== 'exact') {
    const e = new Float64Array(N);
    for (let i = 0; i < N; i++) e[i] = Math.abs(own.value[at + i] - ex.value[at + i]);
    color = { values: e, label: `|V_${kind} − V*|` };
  } else if (colour === 'control-error' && ex && own && kind !== 'exact') {
    const e = new Float64Array(N);
    for (let i = 0; i < N; i++)
      e[i] = Math.hypot(
        own.control[0][at + i] - ex.control[0][at + i],
        own.control[1][at + i] - ex.control[1][at + i],
      );
    color = { values: e, label: `|u_${kind} − u*|` };
  }
  return { surface, color, arrows, note };
}

/** The 1-D picture: V(x, t) of `kind` (or its value source) over (x, t), capped per time. */
export function surface1d(
  r: DiffusionResult,
  kind: FrameKind,
): { surface: SurfaceData; note: string } | null {
  const d = r.display;
  const times = d.times;
  const src = valueSource(r, kind);
  const v = src ? r.lab?.fields[src]?.value : undefined;
  if (!times || !v || d.grid.axes.length !== 1) return null;
  const xs = d.grid.axes[0];
  const n = xs.length;
  const nt = times.length;
  const z = new Float64Array(n * nt);
  let lo = Infinity;
  let hi = -Infinity;
  for (let ti = 0; ti < nt; ti++) {
    const { z: row, min } = capped(v, ti * n, n);
    for (let i = 0; i < n; i++) z[i * nt + ti] = row[i];
    lo = Math.min(lo, min);
    hi = Math.max(hi, min + V_CAP);
  }
  return {
    surface: { xs, ys: times, z, labels: { x: 'x', y: 't', z: 'V = −log p' }, zRange: { min: lo, max: hi } },
    note: `V(x, t) of the ${KIND_LABEL[src as FrameKind]} solution, each time capped ${V_CAP} above its least value`,
  };
}

/** The first `count` particles of a 1-D sampler as paths x(t). */
export function paths1d(p: ParticleFrames, count: number): TrajectorySet {
  const paths = Math.min(count, p.n);
  const steps = p.times.length;
  const states = new Float64Array(paths * steps);
  for (let q = 0; q < paths; q++) for (let s = 0; s < steps; s++) states[q * steps + s] = p.xs[s * p.n + q];
  return { d: 1, paths, steps, times: p.times, states };
}

/** The particles at the frame nearest to t: one array per coordinate (views, no copy). */
export function particlesAt(p: ParticleFrames, dim: number, t: number): { k: number; xs: Float32Array[] } {
  const k = nearestIndex(p.times, t);
  return {
    k,
    xs: Array.from({ length: dim }, (_, i) => p.xs.subarray((k * dim + i) * p.n, (k * dim + i + 1) * p.n)),
  };
}
