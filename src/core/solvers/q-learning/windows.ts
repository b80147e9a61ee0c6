/**
 * Advantage samples from held windows (docs/numerics.md §14.5, "Values that span decades"):
 * from a start x drawn in the box, an action drawn uniformly over the control box is held
 * for a window h, and the current value V bootstraps what follows:
 *
 *     Â(x, a) = ( R_[0,h] + e^{−ρh} V(x_h) − V(x) ) / h,
 *
 * the advantage rate of holding a for h against the policy V belongs to. Its noise is that
 * of V over the window, ~ |V_x| σ √h, so per unit of rate ~ |V_x| σ / √h: a window of h
 * instead of one step Δt divides it by √(h/Δt) (about 6 on Merton at Δt = 0.03, h = 1),
 * and the action's effect no longer vanishes as Δt → 0 (h does not depend on Δt).
 *
 * Model-free: only the environment is stepped.
 */
import type { Environment } from '../../env';
import { Random } from '../../sim/random';
import { ChunkBudget, type Chunked } from './chunks';
import type { Encoding } from './encoding';
import type { PolicyOf } from './evaluation';

export interface WindowSamples {
  /** Encoded start states (n × zDim). */
  z: Float64Array;
  /** Encoded held actions (n × aDim), uniform on [−1, 1]. */
  a: Float64Array;
  /** Â: the advantage rate of each window, in problem units per time. */
  adv: Float64Array;
  /** R_[0,h] + e^{−ρh}V(x_h): the window's outcome, in problem units. */
  outcome: Float64Array;
  /** V(x) at each start. */
  v: Float64Array;
  /** 1 for a real window, 0 for a system that was stopped before it began. */
  w: Float64Array;
  n: number;
}

/** The value of the policy being improved, in problem units. */
export interface ValueOf {
  values(z: Float64Array, n: number, out: Float64Array): Float64Array;
}

/**
 * `rounds × env.size` windows of length h (whole steps of dt; a system that stops inside
 * its window ends it there, with no bootstrap). Chunked every CHUNK_TRANSITIONS transitions
 * (chunks.ts).
 */
export function* heldWindows(
  env: Environment,
  encoding: Encoding,
  value: ValueOf,
  dt: number,
  h: number,
  rounds: number,
  seed: number,
  /** Held actions uniform on [c − spread, c + spread] ∩ [−1, 1], c the centre's action (0 without). */
  centre: PolicyOf | null = null,
  spread = 1,
): Chunked<WindowSamples> {
  const N = env.size;
  const zd = encoding.zDim;
  const ad = encoding.aDim;
  const steps = Math.max(1, Math.round(h / dt));
  const H = steps * dt;
  const n = rounds * N;
  const z = new Float64Array(n * zd);
  const a = new Float64Array(n * ad);
  const adv = new Float64Array(n);
  const outcome = new Float64Array(n);
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  const zc = new Float64Array(N * zd);
  const actions = new Float64Array(N * ad);
  const tail = new Float64Array(N);
  const running = new Uint8Array(N);
  const R = new Float64Array(N);
  const seeds = new Random(seed);
  const rng = new Random(seed ^ 0x2545f491);
  const decay = Math.exp(-env.discount * dt);
  const budget = new ChunkBudget();
  for (let r = 0; r < rounds; r++) {
    const x0 = env.reset(seeds.nextUint32());
    encoding.encodeStates(x0, env.times(), N, zc);
    z.set(zc, r * N * zd);
    const ar = a.subarray(r * N * ad, (r + 1) * N * ad);
    if (centre) centre.actions(zc, N, ar);
    else ar.fill(0);
    for (let i = 0; i < N * ad; i++) {
      const lo = Math.max(-1, ar[i] - spread);
      const hi = Math.min(1, ar[i] + spread);
      ar[i] = lo + (hi - lo) * rng.uniform();
    }
    encoding.decodeActions(ar, N, actions);
    const vr = v.subarray(r * N, (r + 1) * N);
    value.values(zc, N, vr);
    running.fill(1);
    R.fill(0);
    let disc = 1;
    for (let s = 0; s < steps; s++) {
      if (budget.spend(N)) yield;
      const tr = env.step(actions, dt);
      let any = false;
      for (let p = 0; p < N; p++) {
        if (!tr.active[p]) {
          running[p] = 0;
          continue;
        }
        if (s === 0) w[r * N + p] = 1;
        R[p] += disc * tr.reward[p];
        if (tr.done[p]) running[p] = 0;
        else any = true;
      }
      disc *= decay;
      if (!any) break;
    }
    encoding.encodeStates(env.states(), env.times(), N, zc);
    value.values(zc, N, tail);
    for (let p = 0; p < N; p++) {
      const end = running[p] ? disc * tail[p] : 0;
      outcome[r * N + p] = R[p] + end;
      adv[r * N + p] = (outcome[r * N + p] - vr[p]) / H;
    }
  }
  return { z, a, adv, outcome, v, w, n };
}
