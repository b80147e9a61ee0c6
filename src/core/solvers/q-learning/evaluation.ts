/**
 * Monte-Carlo evaluation of the learned policy (docs/numerics.md, "What limits the
 * accuracy"): the actor, without exploration, drives every system of the environment from
 * start states drawn in the box, and the value net is refitted to the discounted returns.
 *
 * Why: the TD critic's value carries a level error that does not shrink with more steps
 * (its fixed point takes in the advantage's bias over the exploring data divided by ρ), and
 * faster TD propagation only reaches the wrong level sooner. A return collected over
 * H = 4/ρ has no such amplification: its error is the bootstrap's e^{−ρH} = 2 % share of
 * the TD value at the end, plus Monte-Carlo noise that the regression averages.
 *
 * Model-free like the rest of the learner: it only steps the environment.
 */
import type { Environment } from '../../env';
import { Adam, solveOutputLayer, Tape, type Mlp } from '../../nn';
import { Random } from '../../sim/random';
import { ChunkBudget, type Chunked } from './chunks';
import type { Encoding } from './encoding';
import { symexp, symexpSlope, valueWeight } from './networks';
import type { ValueOf } from './windows';

/** Discount e-folds a rollout covers before it bootstraps... */
export const EFOLDS = 4;
/** ...within this many steps (at Δt = 0.003 and ρ = 0.1: 12 time units, bootstrap weight 30 %). */
const MAX_STEPS = 4000;
/**
 * Adam steps of the refit before its output layer is solved, and their rate. The least
 * squares does the fit (LQR, seed 1: the curvature of V on the middle 0.286 against 0.285
 * from a quadratic fitted to the returns themselves; 1000 Adam steps alone left 0.313 and
 * took 17 s for 4096 returns); the steps only move the features off the symmetric start of
 * a fresh net, which cannot hold a function that is not odd.
 */
const FIT_STEPS = 100;
const FIT_RATE = 1e-2;
/** Adam steps of the refit between chunk boundaries. */
const FIT_CHUNK = 10;
/** |v| beyond which the descent is abandoned: symexp overflows past 709. */
const V_LIMIT = 700;

export interface Returns {
  /** Encoded start states (n × zDim). */
  z: Float64Array;
  /** Discounted return from each start under the policy. */
  G: Float64Array;
  /** The rewards' part of G, without the bootstrap. */
  R: Float64Array;
  n: number;
}

/** A deterministic policy on encoded states: ã rows (n × aDim) in [−1, 1]. */
export interface PolicyOf {
  actions(z: Float64Array, n: number, out: Float64Array): Float64Array;
}

/** Time a rollout covers: H = efolds/ρ (4/ρ by default), or the horizon if shorter. */
function rolloutTime(env: Environment, efolds: number): number {
  const rho = env.discount;
  return Math.min(rho > 0 ? efolds / rho : Infinity, env.horizon ?? Infinity);
}

/** Steps of dt a rollout takes over rolloutTime, at most MAX_STEPS. */
export function rolloutSteps(env: Environment, dt: number, efolds = EFOLDS): number {
  return Math.min(MAX_STEPS, Math.ceil(rolloutTime(env, efolds) / dt));
}

/**
 * Returns of a policy (the greedy actor) from `rounds × env.size` start states: rewards
 * summed with their discount until the system stops, the horizon ends, or H = 4/ρ passes
 * (at most MAX_STEPS steps), where `tail` (the value net) bootstraps the rest (weight
 * e^{−ρH}), or `steps` steps. Chunked every CHUNK_TRANSITIONS transitions (chunks.ts).
 */
export function* rolloutReturns(
  env: Environment,
  encoding: Encoding,
  policy: PolicyOf,
  tail: ValueOf,
  dt: number,
  rounds: number,
  seed: number,
  steps = rolloutSteps(env, dt),
): Chunked<Returns> {
  const N = env.size;
  const zd = encoding.zDim;
  const ad = encoding.aDim;
  const rho = env.discount;
  const n = rounds * N;
  const z = new Float64Array(n * zd);
  const G = new Float64Array(n);
  const R = new Float64Array(n);
  const zc = new Float64Array(N * zd);
  const u = new Float64Array(N * ad);
  const actions = new Float64Array(N * ad);
  const end = new Float64Array(N);
  const running = new Uint8Array(N);
  const seeds = new Random(seed);
  const budget = new ChunkBudget();
  for (let r = 0; r < rounds; r++) {
    const x0 = env.reset(seeds.nextUint32());
    encoding.encodeStates(x0, env.times(), N, zc);
    z.set(zc, r * N * zd);
    const g = G.subarray(r * N, (r + 1) * N);
    running.fill(1);
    let disc = 1;
    for (let s = 0; s < steps; s++) {
      if (budget.spend(N)) yield;
      policy.actions(zc, N, u);
      const tr = env.step(encoding.decodeActions(u, N, actions), dt);
      let any = false;
      for (let p = 0; p < N; p++) {
        if (!tr.active[p]) {
          running[p] = 0;
          continue;
        }
        g[p] += disc * tr.reward[p];
        if (tr.done[p]) running[p] = 0;
        else any = true;
      }
      disc *= Math.exp(-rho * dt);
      encoding.encodeStates(tr.next, env.times(), N, zc);
      if (!any) break;
    }
    R.set(g, r * N);
    tail.values(zc, N, end);
    for (let p = 0; p < N; p++) if (running[p]) g[p] += disc * end[p];
  }
  return { z, G, R, n };
}

/**
 * Returns extrapolated to a continuous feedback by Richardson's rule (docs/numerics.md
 * §14.5, "The hold bias"): a policy applied every h is worth its continuous value plus a
 * term linear in h (1-D LQR at κh = 0.1: P 5 % above), which 2G_{h/2} − G_h removes.
 * `plain` are the returns from the starts of `seed` at Δt = h over rolloutSteps(efolds);
 * the same starts are run again, over the same time, at h/2. When that would pass MAX_STEPS
 * (small Δt or small ρ) the pair is (H/MAX_STEPS, 2H/MAX_STEPS) over the whole horizon H
 * instead: at Δt = 0.003 the rollouts at Δt stop after 12 of ρ = 0.1's 40 time units, and
 * TD's value in the remaining 30 % took the improved gain to −5.3 % (seed 1).
 * Why h/2 and not 2h: the remainder is O((κh)²), and at κh = 0.28 (κ = 9.5, Δt = 0.03)
 * the pair (h, 2h) still left P 6 % low (exact arithmetic of the LQR), which the
 * improvement turned into a gain 9 % low (seed 1); (h/2, h) leaves 1.3 %.
 */
export function* extrapolatedReturns(
  env: Environment,
  encoding: Encoding,
  policy: PolicyOf,
  tail: ValueOf,
  dt: number,
  rounds: number,
  seed: number,
  plain: Returns,
  efolds: number,
): Chunked<Returns> {
  const steps = rolloutSteps(env, dt, efolds);
  if (2 * steps <= MAX_STEPS) {
    const fine = yield* rolloutReturns(env, encoding, policy, tail, dt / 2, rounds, seed, 2 * steps);
    return combine(fine, plain);
  }
  const h = rolloutTime(env, efolds) / MAX_STEPS;
  const fine = yield* rolloutReturns(env, encoding, policy, tail, h, rounds, seed, MAX_STEPS);
  const coarse = yield* rolloutReturns(env, encoding, policy, tail, 2 * h, rounds, seed, MAX_STEPS / 2);
  return combine(fine, coarse);
}

/** 2·fine − coarse, G and R alike (R: the rewards only), from the same starts. */
function combine(fine: Returns, coarse: Returns): Returns {
  if (fine.n !== coarse.n || !fine.z.every((v, i) => v === coarse.z[i]))
    throw new Error('extrapolated returns need the same start states');
  const comb = (f: Float64Array, c: Float64Array) => Float64Array.from(f, (v, i) => 2 * v - c[i]);
  return { z: fine.z, G: comb(fine.G, coarse.G), R: comb(fine.R, coarse.R), n: fine.n };
}

/**
 * Refits the value net (V = S·symexp(v)) to the returns: a few full-batch Adam steps from
 * where it stands with the training's weights 1/(1 + |V|/S)², then the output layer by least
 * squares of v against symlog(G/S). Those weights times symexp's slope squared are S², so
 * the least squares in v is the training's loss to first order, and it is exact in the
 * features (one linear solve instead of thousands of steps). Chunked every FIT_CHUNK Adam
 * steps; the net is half-fitted in between.
 */
export function* fitValue(
  value: Mlp,
  valueScale: number,
  data: Pick<Returns, 'z' | 'G' | 'n'>,
): Chunked<void> {
  const { z, G, n } = data;
  const S = valueScale;
  const tape = new Tape(value, n);
  const adam = new Adam(value.params.length);
  const grad = new Float64Array(value.params.length);
  const dY = new Float64Array(n);
  const start = value.params.slice();
  for (let step = 0; step < FIT_STEPS; step++) {
    if (step > 0 && step % FIT_CHUNK === 0) yield;
    const v = tape.forward(z, n);
    // An output layer from an earlier least squares can carry large weights on nearly
    // dependent features; the descent's first steps then blew v past symexp's range
    // (Merton: 13 → 893 in three steps, then NaN). The features it started from serve.
    if (!v.every((vi) => Math.abs(vi) < V_LIMIT)) {
      value.params.set(start);
      break;
    }
    for (let i = 0; i < n; i++) {
      const V = S * symexp(v[i]);
      const w = valueWeight(V, S);
      dY[i] = ((2 * w * (V - G[i])) / n) * S * symexpSlope(v[i]);
    }
    grad.fill(0);
    tape.backward(dY, grad);
    adam.step(value.params, grad, FIT_RATE);
  }
  const target = Float64Array.from(G, (g) => Math.sign(g) * Math.log1p(Math.abs(g) / S));
  solveOutputLayer(value, z, target, n);
}
