/**
 * Policy iteration in relative terms, for values that span decades (docs/numerics.md §14.3,
 * §14.5): a first policy with a finite value, chosen among the actor and constant actions by
 * their Monte-Carlo returns, then rounds of improvement from held windows' outcomes divided
 * by |V| (windows.ts, window-bins.ts, window-fit.ts), each followed by a Monte-Carlo
 * evaluation of the new action as a relative value (log-value.ts). The action is one for
 * every state.
 *
 * Why: on Merton in log wealth the one-step TD improvement could not find π (the worst
 * |π − π*| on the middle stayed 0.11–0.76): its per-transition noise is σπ/√Δt in relative
 * terms and the low-wealth transitions, e^{10} times larger, dominated every loss.
 */
import type { Environment } from '../../env';
import { Adam, createMlp, fitMse, setConstantOutput, type Mlp } from '../../nn';
import type { Random } from '../../sim/random';
import type { Chunked } from './chunks';
import type { Encoding } from './encoding';
import { rolloutReturns, type PolicyOf, type Returns } from './evaluation';
import { LogValue } from './log-value';
import type { Evaluator } from './networks';
import { WindowAdvantage } from './window-fit';
import { heldWindows } from './windows';

/**
 * Returns span decades when their 90th centile of |G| is at least DECADES times their 10th
 * (the 1-D LQR's is at most 81, a quadratic over the box; Merton's e^{16})...
 */
const DECADES = 1e3;
/** ...and nine in ten share one sign. */
const SAME_SIGN = 0.9;
/** Constant candidates for the first policy: these encoded levels on each control. */
const LEVELS = [-0.75, -0.25, 0.25, 0.75];
/** Start states of each candidate's returns (the same for all: common random numbers). */
const CANDIDATE_ROUNDS = 8;
/** The window h as a fraction of the discount's time scale 1/ρ (or of T). */
const WINDOW_FRACTION = 0.05;
/**
 * Windows per improvement round. Merton, seeds 1–4, with 2¹⁷: the rounds' π scattered by
 * about 0.01 about 0.64 (with the exact value and 2¹⁶, 0.622, 0.639, 0.624).
 */
const WINDOWS = 131072;
/** Start states of each evaluation of a constant action (no network to run: cheap). */
const ROLLOUTS = 2048;
/**
 * Improvement rounds; the action is the mean of all but the first. k and V's level feed
 * each other (a higher level asks for less consumption, which raises the level): on
 * Merton k alternated 0.045–0.077 between rounds while π stayed within 0.03.
 */
const ROUNDS = 4;
/**
 * The value net's fit to the last relative value: Adam steps on the squared error of its
 * output v against log(1 + |V|/S), in chunks of FIT_CHUNK steps, its output layer solved by
 * least squares after each chunk.
 */
const FIT_STEPS = 100;
const FIT_CHUNK = 10;
const FIT_RATE = 1e-2;

/**
 * True when the returns span at least three decades, nearly all of one sign. Called on the
 * rewards' part of the returns: the bootstrap of a poor value net flipped the sign of a
 * fifth of Merton's first returns.
 */
export function spansDecades(G: Float64Array): boolean {
  if (G.length < 10) return false;
  const m = new Float64Array(G.length);
  let pos = 0;
  for (let i = 0; i < G.length; i++) {
    if (!Number.isFinite(G[i])) return false;
    m[i] = Math.abs(G[i]);
    if (G[i] > 0) pos++;
  }
  if (Math.max(pos, G.length - pos) < SAME_SIGN * G.length) return false;
  m.sort();
  const lo = m[Math.floor(0.1 * (m.length - 1))];
  const hi = m[Math.ceil(0.9 * (m.length - 1))];
  // A tenth of the returns at zero (starts on an exit face) says nothing about scale.
  return lo > 0 && hi >= DECADES * lo;
}

export interface RelativeContext {
  env: Environment;
  encoding: Encoding;
  evaluator: Evaluator;
  actor: Mlp;
  value: Mlp;
  /** The value net's scale S (V = S·symexp(v)). */
  valueScale: number;
  setValueScale(S: number): void;
  dt: number;
}

/**
 * In relative terms: the mean of −log|G| over negative returns and log G over positive
 * ones (returns at zero, from starts on an exit face, are the same for every candidate).
 */
function relativeScore(G: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < G.length; i++)
    if (G[i] !== 0 && Number.isFinite(G[i])) {
      s += Math.sign(G[i]) * Math.log(Math.abs(G[i]));
      n++;
    }
  return n > 0 ? s / n : -Infinity;
}

const noTail = { values: (_z: Float64Array, n: number, out: Float64Array) => out.fill(0, 0, n) };

/**
 * The first policy: the actor or the best constant action on the grid LEVELS^m, by the
 * relative score of their returns from the same starts (no bootstrap: the value net may
 * belong to a policy without a finite value). A constant wins by becoming the actor.
 */
function* chooseStart(ctx: RelativeContext, seed: number): Chunked<Float64Array | null> {
  const { env, encoding, evaluator, dt } = ctx;
  const ad = encoding.aDim;
  const returns = (p: PolicyOf): Chunked<Returns> =>
    rolloutReturns(env, encoding, p, noTail, dt, CANDIDATE_ROUNDS, seed);
  let best = relativeScore((yield* returns(evaluator)).G);
  let bestAction: Float64Array | null = null;
  const count = LEVELS.length ** ad;
  const c = new Float64Array(ad);
  for (let k = 0; k < count; k++) {
    for (let j = 0, r = k; j < ad; j++, r = Math.floor(r / LEVELS.length)) c[j] = LEVELS[r % LEVELS.length];
    yield;
    const s = relativeScore((yield* returns(constantPolicy(c))).G);
    if (s > best) {
      best = s;
      bestAction = c.slice();
    }
  }
  return bestAction;
}

/** The actor set to the constant encoded action ã (tanh's inverse kept finite at the bounds). */
function constantActor(actor: Mlp, a: Float64Array): void {
  setConstantOutput(
    actor,
    Array.from(a, (x) => Math.atanh(Math.max(-0.9999, Math.min(0.9999, x)))),
  );
}

/** The window h: WINDOW_FRACTION of 1/ρ, or of T without a discount. */
function windowLength(env: Environment): number {
  const scale = env.discount > 0 ? 1 / env.discount : (env.horizon ?? 1);
  return WINDOW_FRACTION * scale;
}

/**
 * Runs the relative policy iteration; the value net ends fitted to the last actor's
 * returns (for display and storage; the iteration itself uses a LogValue). Yields a stage
 * after the first policy and after each round, whose action the actor then shows (the
 * caller keeps the networks it started from, in case the run is cancelled).
 */
export function* improveRelative(ctx: RelativeContext, seeds: Random): Chunked<void> {
  const { env, encoding, evaluator, dt } = ctx;
  const ad = encoding.aDim;
  const rounds = Math.max(1, Math.ceil(ROLLOUTS / env.size));
  let value: LogValue | null = null;
  let action = yield* chooseStart(ctx, seeds.nextUint32());
  function* evaluate(): Chunked<Returns> {
    const policy = action ? constantPolicy(action) : evaluator;
    const data = yield* rolloutReturns(
      env,
      encoding,
      policy,
      value ?? noTail,
      dt,
      rounds,
      seeds.nextUint32(),
    );
    value = LogValue.fit(data.z, data.G, data.n, encoding.zDim) ?? value;
    return data;
  }
  // Twice: the first returns have no bootstrap (e^{−4} of the value missing), the second
  // bootstraps from the first fit.
  yield* evaluate();
  yield;
  yield* evaluate();
  if (action) constantActor(ctx.actor, action);
  yield 'relative terms: first policy';
  const h = windowLength(env);
  const windows = Math.max(1, Math.round(WINDOWS / env.size));
  const mean = new Float64Array(ad);
  let averaged = 0;
  for (let round = 0; round < ROUNDS && value; round++) {
    const samples = yield* heldWindows(env, encoding, value, dt, h, windows, seeds.nextUint32());
    yield;
    const model = WindowAdvantage.fit(samples, encoding.zDim, encoding);
    if (!model) break;
    action = model.argmax();
    if (round > 0) {
      averaged++;
      for (let j = 0; j < ad; j++) mean[j] += (action[j] - mean[j]) / averaged;
    }
    constantActor(ctx.actor, action);
    yield `relative terms: round ${round + 1} of ${ROUNDS}`;
    if (round < ROUNDS - 1) yield* evaluate();
  }
  if (averaged > 0) action = mean;
  if (action) constantActor(ctx.actor, action);
  const data = yield* evaluate();
  const last = value as LogValue | null;
  if (!last) return;
  // The value net is fitted to the relative value at the returns' starts, not to the
  // returns: a smooth target its output layer can hold (to the returns themselves, after
  // two TD episodes, it was off by a factor 2–40 across the middle). Its scale becomes a
  // tenth of the smallest |V|, so that symexp is exponential across the box and the least
  // squares in v weighs relative errors: with the training's scale Merton's V was 47 % and
  // 200 % off where |V| ≈ 1, at the top of the middle.
  const V = last.values(data.z, data.n, new Float64Array(data.n));
  let least = Infinity;
  for (let p = 0; p < data.n; p++) least = Math.min(least, Math.abs(V[p]));
  let scale = ctx.valueScale;
  if (least > 0 && Number.isFinite(least)) ctx.setValueScale((scale = least / 10));
  yield;
  yield* fitRelative(ctx.value, scale, data.z, V, data.n, seeds.nextUint32());
}

/**
 * The value net (V = S·symexp(v)) fitted to V in v itself, from fresh weights: with S under
 * every |V|, an error in v is a relative error in V, the same weight at every decade.
 * Merton with γ = 5 (|V| spans e^{64} over the box on the second market, e^{80} on the
 * lab's), seed 1: the relative value was within 3.8 % (6.6 %) of V* across the middle; the
 * training's fit (evaluation.ts's fitValue, whose Adam steps weigh 1/(1 + |V|/S)², nearly
 * all on the least |V|) left the net 124 % off; fitted in v from the trained features, 71 %
 * (the lab's market); from fresh ones, within 0.2 % of the relative value on both. The
 * trained features serve nothing here: the relative phase never reads the value net.
 */
function* fitRelative(
  value: Mlp,
  S: number,
  z: Float64Array,
  V: Float64Array,
  n: number,
  seed: number,
): Chunked<void> {
  value.params.set(createMlp(value.spec, seed).params);
  const target = Float64Array.from(V, (g) => Math.sign(g) * Math.log1p(Math.abs(g) / S));
  const adam = new Adam(value.params.length);
  for (let done = 0; done < FIT_STEPS; done += FIT_CHUNK) {
    if (done > 0) yield;
    fitMse(value, z, target, n, {
      steps: FIT_CHUNK,
      batchSize: n,
      lrMax: FIT_RATE,
      lrMin: FIT_RATE,
      seed: done,
      adam,
      solveOutputEvery: FIT_CHUNK,
    });
  }
}

function constantPolicy(c: Float64Array): PolicyOf {
  const ad = c.length;
  return {
    actions(_z, n, out) {
      for (let p = 0; p < n; p++) out.set(c, p * ad);
      return out;
    },
  };
}
