/**
 * What the lab's diffusion view animates, computed here (in the solver's worker) so the UI
 * thread only uploads buffers: every solution's V and u on the display grid at each display
 * time, and the particles of each reverse-SDE sampler at evenly spaced frames from noise
 * (t = 0) to data (t = T − sEnd). Float32: these arrays are drawn, never computed with.
 */
import { gridCoordinates, gridSize } from '../../grid/tensor';
import type { DiffusionProblem } from '../../problem/types';
import type { DisplayFields } from '../solver';
import type { Fields } from './result';

export type FrameKind = 'exact' | 'grid' | 'trained';

/** One solution's fields at every display time (time-major: times.length · nodes). */
export interface FieldFrames {
  /** Absent for the trained ε-network, which gives the control only. */
  value?: Float32Array;
  control: Float32Array[];
}

/** The first `n` particles of one sampler at each frame (frame-major: frames · dim · n). */
export interface ParticleFrames {
  n: number;
  /** Control times of the frames, from 0 (noise) to T − sEnd (data). */
  times: Float64Array;
  xs: Float32Array;
}

export interface LabFrames {
  /** Fields on `display.grid` at `display.times`. */
  fields: Partial<Record<FrameKind, FieldFrames>>;
  particles: Partial<Record<FrameKind, ParticleFrames>>;
}

/**
 * Particles kept per sampler: enough to see eight modes fill, and the frames of three
 * samplers stay 2.4 MB of float32 in a project file (2000 made it 4.8 MB).
 */
export const SHOWN_PARTICLES = 1000;
/** Particle frames per sampler run (plus t = 0): a smooth slider and smooth 1-D paths. */
export const PARTICLE_FRAMES = 100;

/**
 * Each solution's V (where it has one) and u at the display times on the display grid
 * (all states for d ≤ 3; the slice's plane for d > 3, as buildDisplay lays it out).
 */
export function fieldFrames(
  problem: DiffusionProblem,
  display: DisplayFields,
  solutions: Partial<Record<FrameKind, { value?: Fields['value']; control: Fields['control'] }>>,
): LabFrames['fields'] {
  const d = problem.dim;
  const times = display.times;
  if (!times) return {};
  const N = gridSize(display.grid.shape);
  const shown = gridCoordinates(display.grid);
  const at = display.slice?.at;
  const xs = Array.from({ length: d }, (_, k) =>
    k < shown.length ? shown[k] : new Float64Array(N).fill(at?.[k] ?? 0),
  );
  const out: LabFrames['fields'] = {};
  const v = [new Float64Array(N)];
  const u = Array.from({ length: d }, () => new Float64Array(N));
  for (const [kind, f] of Object.entries(solutions) as [FrameKind, (typeof solutions)[FrameKind]][]) {
    if (!f) continue;
    const frames: FieldFrames = {
      control: Array.from({ length: d }, () => new Float32Array(times.length * N)),
    };
    if (f.value) frames.value = new Float32Array(times.length * N);
    times.forEach((t, k) => {
      if (f.value && frames.value) {
        f.value(xs, t, v, N);
        frames.value.set(v[0], k * N);
      }
      f.control(xs, t, u, N);
      for (let i = 0; i < d; i++) frames.control[i].set(u[i], k * N);
    });
    out[kind] = frames;
  }
  return out;
}

/**
 * Records the first `shown` of n particles at every `stride`-th of `steps` sampler steps
 * and at the last; `onStep` is the sampler's hook, `start` takes the particles at t = 0.
 */
export class ParticleRecorder {
  readonly frames: ParticleFrames;
  private readonly stride: number;
  private readonly steps: number;
  private readonly h: number;
  private next = 0;

  constructor(
    private readonly dim: number,
    n: number,
    steps: number,
    tEnd: number,
  ) {
    const shown = Math.min(n, SHOWN_PARTICLES);
    this.stride = Math.max(1, Math.ceil(steps / PARTICLE_FRAMES));
    this.steps = steps;
    this.h = tEnd / steps;
    const count = Math.ceil(steps / this.stride) + 1;
    this.frames = {
      n: shown,
      times: new Float64Array(count),
      xs: new Float32Array(count * dim * shown),
    };
  }

  start(xs: readonly Float64Array[]): void {
    this.next = 0;
    this.keep(0, xs);
  }

  readonly onStep = (t: number, xs: readonly Float64Array[]): void => {
    const k = Math.round(t / this.h);
    if (k % this.stride === 0 || k === this.steps) this.keep(t, xs);
  };

  private keep(t: number, xs: readonly Float64Array[]): void {
    const f = this.frames;
    if (this.next >= f.times.length) return;
    f.times[this.next] = t;
    for (let i = 0; i < this.dim; i++) f.xs.set(xs[i].subarray(0, f.n), (this.next * this.dim + i) * f.n);
    this.next++;
  }
}
