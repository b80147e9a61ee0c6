/**
 * Policy-improvement targets free of the hold's first-order bias (docs/numerics.md §14.5,
 * "The hold bias"). From a start x drawn in the box, the actor's action plus exploration is
 * held for one step of h = Δt, and from the same start (the same seed: the same state and
 * the same normal draw) for one step of 2h; the value V of the policy being improved
 * bootstraps after each:
 *
 *     Â_h  = ( R_h  + e^{−ρh}  V(x_h)  − V(x) ) / h,
 *     Â_2h = ( R_2h + e^{−2ρh} V(x_2h) − V(x) ) / (2h).
 *
 * Each is the advantage rate A(x, a) = r + L^a V − ρV plus a bias linear in its step
 * (A_h = A + hB + O(h²)): a maximiser of Â_h alone sits below the continuous one by about
 * κh (κ the closed-loop rate). Richardson's 2Â_h − Â_2h removes the linear term; the
 * learner fits its quadratic advantage to the target y = V(x) + h (2Â_h − Â_2h), whose
 * TD residual against Q = V + h·A is that combination. Two steps of h would not do: their
 * Euler and left-point errors are those of a step h, not 2h, and the combination stayed
 * first order (test/core/solvers/q-learning/held-pairs.test.ts). The shared normal draw
 * makes the combination's noise 2 − 1/√2 ≈ 1.3 times a single step's.
 *
 * Starts in the middle of the box (|z| ≤ MIDDLE in every encoded state coordinate) are all
 * kept, starts outside it with probability OUTER_SHARE. With every start kept the improved
 * gain of the 1-D LQR came out 8–10 % above K on every problem and seed tried (κ 3.2–9.5,
 * seeds 1–2). The targets are not the cause: a least squares of them over [1, x, x², ax,
 * a², a], with the learner's own V, gives the gain within −1.1 % on |x| ≤ 1.8 and +1.5 %
 * outside (lab LQR, seed 1, Δt = 0.03). Nor are the control bounds (exploration clipped
 * symmetrically about the actor's action: +8.0 %), the factor L (held at its TD value
 * during the improvement: +7.6 %) or the step size (five times the rates: +8.0 %). What is
 * left is the actor network: the TD phase leaves it S-shaped (gain +13 % near x = 0, −11 %
 * near the faces) and the improvement moves its shape little — improved on the whole box
 * and then on the middle only, its outer part went back to the TD phase's error. Over the
 * whole box it settles on a compromise too steep in the middle. A share of 0.1 outside
 * moves the middle's gain up by 1–3 points (lab LQR, Δt = 0.03, seeds 1, 2, 5: +0.7, +1.7,
 * +1.9 %, were −1.5, −0.6, +1.2 %; 0.15 gave +3.0, +3.6, +4.2 %; the worst of the
 * matrix's cases re-run, σ = 1, seed 2: +4.4 %) and improves the outer part a little (docs/numerics.md §14.5, "The improvement's
 * pairs").
 *
 * The hold h is the learner's Δt, but at least MIN_HOLD (the target is still scaled to
 * Δt: y = V(x) + Δt (2Â_h − Â_2h)): the window's noise in the rate is about σ|V′|/√h, and
 * pairs held for Δt = 0.003 gave a gain of −4.2 % and an offset of 0.12 (seed 1).
 *
 * A system that stops within either step gives the plain one-step target instead.
 * Model-free: only the environment is stepped.
 */
import type { Environment } from '../../env';
import { Random } from '../../sim/random';
import { ChunkBudget, type Chunked } from './chunks';
import type { Encoding } from './encoding';
import type { PolicyOf } from './evaluation';
import type { ValueOf } from './windows';

/** Half-width, in encoded units, of the middle of the box whose starts are all kept. */
export const MIDDLE = 0.6;
/** Share of the starts outside the middle that are kept. */
export const OUTER_SHARE = 0.1;
/** Shortest hold of a pair's first window, in time units. */
export const MIN_HOLD = 0.03;

export interface HeldPairs {
  /** Encoded start states (n × zDim). */
  z: Float64Array;
  /** Encoded held actions (n × aDim) in [−1, 1]. */
  a: Float64Array;
  /** TD targets y = V(x) + h (2Â_h − Â_2h). */
  y: Float64Array;
  n: number;
}

/**
 * Pairs from the starts of `rounds × env.size` resets: those in the middle of the box (a
 * share MIDDLE^d of them) and a share OUTER_SHARE of the others; fewer when a system starts
 * stopped. Each held action is the policy's plus a Gaussian of standard deviation
 * `noiseScale` (encoded units, as the training's exploration), held for `hold` and 2·hold;
 * the targets are scaled to the learner's step `dt`. Chunked every CHUNK_TRANSITIONS
 * transitions.
 */
export function* heldPairs(
  env: Environment,
  encoding: Encoding,
  policy: PolicyOf,
  value: ValueOf,
  dt: number,
  hold: number,
  noiseScale: number,
  rounds: number,
  seed: number,
): Chunked<HeldPairs> {
  const N = env.size;
  const zd = encoding.zDim;
  const ad = encoding.aDim;
  const gamma = Math.exp(-env.discount * hold);
  // (y − V)/dt must be the rate: each window's (R + e^{−ρh}V′ − V)/h, times dt.
  const scale = dt / hold;
  const z = new Float64Array(rounds * N * zd);
  const a = new Float64Array(rounds * N * ad);
  const y = new Float64Array(rounds * N);
  const z0 = new Float64Array(N * zd);
  const z1 = new Float64Array(N * zd);
  const z2 = new Float64Array(N * zd);
  const u = new Float64Array(N * ad);
  const actions = new Float64Array(N * ad);
  const v0 = new Float64Array(N);
  const v1 = new Float64Array(N);
  const v2 = new Float64Array(N);
  const r1 = new Float64Array(N);
  const stop1 = new Uint8Array(N);
  const real = new Uint8Array(N);
  const seeds = new Random(seed);
  const rng = new Random(seed ^ 0x2545f491);
  const outer = new Random(seed ^ 0x1234567);
  const budget = new ChunkBudget();
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    if (budget.spend(2 * N)) yield;
    const start = seeds.nextUint32();
    encoding.encodeStates(env.reset(start), env.times(), N, z0);
    policy.actions(z0, N, u);
    for (let i = 0; i < N * ad; i++) {
      const w = u[i] + noiseScale * rng.normal();
      u[i] = w < -1 ? -1 : w > 1 ? 1 : w;
    }
    encoding.decodeActions(u, N, actions);
    let tr = env.step(actions, hold);
    for (let p = 0; p < N; p++) {
      real[p] = tr.active[p];
      r1[p] = tr.reward[p];
      stop1[p] = tr.done[p];
    }
    encoding.encodeStates(tr.next, env.times(), N, z1);
    // The same starts again (the same seed), the same actions held for one step of 2h.
    env.reset(start);
    tr = env.step(actions, 2 * hold);
    encoding.encodeStates(tr.next, env.times(), N, z2);
    value.values(z0, N, v0);
    value.values(z1, N, v1);
    value.values(z2, N, v2);
    for (let p = 0; p < N; p++) {
      if (!real[p]) continue;
      if (!inMiddle(z0, p * zd, env.stateDim) && !(outer.uniform() < OUTER_SHARE)) continue;
      let target: number;
      if (stop1[p] || tr.done[p]) target = v0[p] + scale * (r1[p] + (stop1[p] ? 0 : gamma * v1[p]) - v0[p]);
      else {
        // V(x) + dt(2Â_h − Â_2h), each window written out.
        const one = r1[p] + gamma * v1[p] - v0[p];
        const two = tr.reward[p] + gamma * gamma * v2[p] - v0[p];
        target = v0[p] + scale * (2 * one - 0.5 * two);
      }
      z.set(z0.subarray(p * zd, (p + 1) * zd), n * zd);
      a.set(u.subarray(p * ad, (p + 1) * ad), n * ad);
      y[n++] = target;
    }
  }
  return { z: z.subarray(0, n * zd), a: a.subarray(0, n * ad), y: y.subarray(0, n), n };
}

function inMiddle(z: Float64Array, at: number, d: number): boolean {
  for (let i = 0; i < d; i++) if (Math.abs(z[at + i]) > MIDDLE) return false;
  return true;
}
