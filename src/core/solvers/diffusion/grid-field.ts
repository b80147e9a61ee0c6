/**
 * The grid solution as fields at any (x, t): log p_s by multilinear interpolation in space
 * and linear interpolation between stored frames in time; the score from central
 * differences of log p at the cells (one-sided at the faces), interpolated the same way.
 * Outside the box log p is extended linearly with the face's gradient (a Gaussian tail), so
 * particles that stray outside are still pulled back.
 */
import { interpolateBatch } from '../../grid/interpolate';
import { gridSize, gridStrides } from '../../grid/tensor';
import type { BatchField } from '../solver';
import type { FokkerPlanckSolution } from './fokker-planck';
import type { ForwardProcess } from './forward';

export interface GridFields {
  logDensity(xs: readonly Float64Array[], s: number, out: Float64Array, n: number): void;
  score(xs: readonly Float64Array[], s: number, out: Float64Array[], n: number): void;
  /** V(x, t) = −log p_{T−t}(x). */
  value: BatchField;
  /** u(x, t) = σ(T−t)·∇log p_{T−t}(x). */
  control: BatchField;
}

export function gridFields(sol: FokkerPlanckSolution, forward: ForwardProcess): GridFields {
  const { grid, times, logp } = sol;
  const d = grid.shape.length;
  const N = gridSize(grid.shape);
  const strides = gridStrides(grid.shape);
  const T = forward.horizon;
  const F = times.length;
  const frame = (k: number) => logp.subarray(k * N, (k + 1) * N);
  // Gradients of the few most recent frames (samplers walk through time in order).
  const cache = new Map<number, Float64Array[]>();
  const gradient = (k: number): Float64Array[] => {
    let g = cache.get(k);
    if (g) return g;
    const f = frame(k);
    g = grid.shape.map((len, a) => {
      const out = new Float64Array(N);
      const st = strides[a];
      const h = grid.axes[a][1] - grid.axes[a][0];
      for (let i = 0; i < N; i++) {
        const j = Math.floor(i / st) % len;
        if (j === 0) out[i] = (f[i + st] - f[i]) / h;
        else if (j === len - 1) out[i] = (f[i] - f[i - st]) / h;
        else out[i] = (f[i + st] - f[i - st]) / (2 * h);
      }
      return out;
    });
    if (cache.size >= 4) cache.delete(cache.keys().next().value as number);
    cache.set(k, g);
    return g;
  };
  const locate = (s: number): [number, number] => {
    const x = Math.min(Math.max((s / T) * (F - 1), 0), F - 1);
    const k = Math.min(Math.floor(x), F - 2);
    return [k, x - k];
  };
  let clamped: Float64Array[] = [];
  let tmp = new Float64Array(0);
  const ensure = (n: number) => {
    if (tmp.length < n) {
      tmp = new Float64Array(n);
      clamped = Array.from({ length: d }, () => new Float64Array(n));
    }
  };
  const clamp = (xs: readonly Float64Array[], n: number) => {
    for (let a = 0; a < d; a++) {
      const lo = grid.axes[a][0];
      const hi = grid.axes[a][grid.shape[a] - 1];
      const x = xs[a];
      const c = clamped[a];
      for (let p = 0; p < n; p++) c[p] = x[p] < lo ? lo : x[p] > hi ? hi : x[p];
    }
  };
  /** out = (1−w)·field(k) + w·field(k+1) at the clamped points. */
  const blend = (f0: Float64Array, f1: Float64Array, w: number, out: Float64Array, n: number) => {
    interpolateBatch(grid, f0, clamped, out, n);
    if (w === 0) return;
    interpolateBatch(grid, f1, clamped, tmp, n);
    for (let p = 0; p < n; p++) out[p] += w * (tmp[p] - out[p]);
  };
  const score = (xs: readonly Float64Array[], s: number, out: Float64Array[], n: number): void => {
    ensure(n);
    clamp(xs, n);
    const [k, w] = locate(s);
    const g0 = gradient(k);
    const g1 = w > 0 ? gradient(k + 1) : g0;
    for (let a = 0; a < d; a++) blend(g0[a], g1[a], w, out[a], n);
  };
  const logDensity = (xs: readonly Float64Array[], s: number, out: Float64Array, n: number): void => {
    ensure(n);
    clamp(xs, n);
    const [k, w] = locate(s);
    blend(frame(k), frame(k + 1), w, out, n);
    let outside = false;
    for (let a = 0; a < d && !outside; a++)
      for (let p = 0; p < n; p++)
        if (clamped[a][p] !== xs[a][p]) {
          outside = true;
          break;
        }
    if (!outside) return;
    const g = Array.from({ length: d }, () => new Float64Array(n));
    score(xs, s, g, n);
    for (let a = 0; a < d; a++) for (let p = 0; p < n; p++) out[p] += g[a][p] * (xs[a][p] - clamped[a][p]);
  };
  return {
    logDensity,
    score,
    value(xs, t, out, n) {
      logDensity(xs, T - t, out[0], n);
      const o = out[0];
      for (let p = 0; p < n; p++) o[p] = -o[p];
    },
    control(xs, t, out, n) {
      const s = Math.max(T - t, 0);
      score(xs, s, out, n);
      const sig = forward.sigma(s);
      for (let a = 0; a < d; a++) for (let p = 0; p < n; p++) out[a][p] *= sig;
    },
  };
}
