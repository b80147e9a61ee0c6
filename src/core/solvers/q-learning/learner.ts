/**
 * Model-free Q-learning from transitions of an Environment (docs/numerics.md, "Q-learning"):
 * episodes from start states drawn in the box, exploration around the actor, a replay
 * buffer, TD targets y = R + e^{−ρΔt} Q_ψ̄(x′, a_ω̄(x′)) (no bootstrap after a stop) from
 * Polyak-averaged targets. With the quadratic advantage the actor is the critic's argmax
 * and learns from the TD loss itself; otherwise it ascends Q(x, a_ω(x)).
 *
 * This file sees the problem only through the Environment interface; it imports nothing
 * that holds the problem's functions.
 */
import type { Environment } from '../../env';
import { cosineRate, gatherRows } from '../../nn';
import { Random } from '../../sim/random';
import type { LearnerConfig } from './config';
import type { Chunked } from './chunks';
import { Encoding } from './encoding';
import { discreteStep, networkAdvantageStep } from './critic-steps';
import {
  EFOLDS,
  extrapolatedReturns,
  fitValue,
  rolloutReturns,
  rolloutSteps,
  type Returns,
} from './evaluation';
import { improvePolicy, type ImprovementRun } from './improvement';
import { cloneNetworks, createNetworks, Evaluator, polyak, restoreNetworks, type Networks } from './networks';
import { ExplorationNoise } from './noise';
import { quadraticStep } from './quadratic-step';
import { improveRelative, spansDecades } from './relative';
import { ReplayBuffer } from './replay';
import { createWorkspace, type StepWorkspace } from './workspace';

export interface BlockReport {
  /** Episodes completed. */
  episode: number;
  /** Mean discounted return per system over the block's episodes (internal maximise sense). */
  return: number;
  /** Mean weighted squared TD error over the block's gradient steps. */
  tdLoss: number;
  /** Transitions simulated so far. */
  transitions: number;
}

export interface LearnerHooks {
  cancelled(): boolean;
  /** Called after each block; may pause (awaited). */
  onBlock(report: BlockReport, learner: QLearner): void | Promise<void>;
  /** Called after each stage of the final phase, named; the networks show the stage. */
  onStage(stage: string, learner: QLearner): void | Promise<void>;
  /** Called between chunks of the final phase; may pause (awaited). */
  checkpoint(): void | Promise<void>;
}

export interface TrainOutcome {
  /** Episodes completed. */
  episodes: number;
  /** False when the run stopped early: the networks are those of the last complete block. */
  complete: boolean;
}

/**
 * Horizon of each evaluation after an improvement, in e-folds of the discount: its tail is
 * the previous evaluation's value (of the policy before the improvement), no longer TD's,
 * so 2/ρ (bootstrap weight 14 %) serves where the first needs 4/ρ, at half the cost.
 */
const LAST_EFOLDS = 2;

export class QLearner {
  readonly encoding: Encoding;
  readonly nets: Networks;
  readonly evaluator: Evaluator;
  private readonly target: Networks;
  private readonly rng: Random;
  private readonly buffer: ReplayBuffer;
  private readonly B: number;
  private readonly zd: number;
  private readonly ad: number;
  private readonly gamma: number;
  /** The gradient steps' networks, optimisers and mini-batch rows. */
  private readonly ws: StepWorkspace;
  private readonly idx: Int32Array;
  private readonly zn: Float64Array;
  private readonly y: Float64Array;
  private readonly targetEval: Evaluator;
  private readonly quadratic: boolean;
  private updates = 0;
  /** Set when the actor's output became NaN or infinite; training stops. */
  diverged = false;
  private totalUpdates: number;
  private scalesSet = false;

  constructor(
    readonly env: Environment,
    readonly config: LearnerConfig,
  ) {
    const c = config;
    this.encoding = new Encoding(env.stateBox, env.controlBox, env.horizon);
    const zd = (this.zd = this.encoding.zDim);
    const ad = (this.ad = this.encoding.aDim);
    this.nets = createNetworks(
      c.critic,
      c.advantage,
      zd,
      ad,
      { hidden: c.hidden, activation: c.activation },
      c.seed,
    );
    this.quadratic = c.critic === 'continuous' && c.advantage === 'quadratic';
    this.target = cloneNetworks(this.nets);
    this.evaluator = new Evaluator(this.nets, zd, ad);
    this.targetEval = new Evaluator(this.target, zd, ad);
    this.rng = new Random(c.seed ^ 0x5bd1e995);
    this.buffer = new ReplayBuffer(c.bufferSize, zd, ad);
    const B = (this.B = c.batchSize);
    this.gamma = Math.exp(-env.discount * c.dt);
    this.ws = createWorkspace(this.nets, this.target, B, zd, ad, c.dt, c.tau, this.quadratic);
    this.idx = new Int32Array(B);
    this.zn = new Float64Array(B * zd);
    this.y = new Float64Array(B);
    this.totalUpdates = c.episodes * c.updatesPerEpisode;
  }

  /** Runs every episode, then the final phase (see finish). */
  async train(hooks: LearnerHooks): Promise<TrainOutcome> {
    const { env, config: c, encoding } = this;
    const N = env.size;
    const zd = this.zd;
    const ad = this.ad;
    const steps = Math.max(1, Math.round(c.episodeTime / c.dt));
    const zCur = new Float64Array(N * zd);
    const zNext = new Float64Array(N * zd);
    const u = new Float64Array(N * ad);
    const actions = new Float64Array(N * ad);
    const ret = new Float64Array(N);
    const noise = new ExplorationNoise(c.noise, c.noiseScale, N * ad);
    const seeds = new Random(c.seed);
    let blockReturn = 0;
    let blockTd = 0;
    let blockUpdates = 0;
    let blockEpisodes = 0;
    let transitions = 0;
    let complete = true;
    for (let e = 0; e < c.episodes; e++) {
      if (hooks.cancelled()) return { episodes: e, complete: false };
      const x0 = env.reset(seeds.nextUint32());
      encoding.encodeStates(x0, env.times(), N, zCur);
      noise.reset();
      ret.fill(0);
      let credit = 0;
      for (let s = 0; s < steps; s++) {
        this.evaluator.actions(zCur, N, u);
        // A network that has blown up gives NaN actions: stop here rather than hand them
        // to the environment, whose NaN check would blame the problem's functions.
        for (let i = 0; i < N * ad; i++)
          if (!Number.isFinite(u[i])) {
            this.diverged = true;
            return { episodes: e, complete: false };
          }
        noise.perturb(u, N * ad, c.dt, this.rng);
        const tr = env.step(encoding.decodeActions(u, N, actions), c.dt);
        if (!this.scalesSet) this.setScales(tr.reward, tr.active);
        encoding.encodeStates(tr.next, env.times(), N, zNext);
        const disc = Math.exp(-env.discount * s * c.dt);
        let running = 0;
        for (let p = 0; p < N; p++) {
          if (!tr.active[p]) continue;
          this.buffer.push(zCur, u, p, tr.reward[p], zNext, tr.done[p] === 1);
          ret[p] += disc * tr.reward[p];
          transitions++;
          if (!tr.done[p]) running++;
        }
        zCur.set(zNext);
        credit += c.updatesPerEpisode / steps;
        while (credit >= 1 && this.buffer.size >= Math.min(this.B, 4 * N)) {
          credit -= 1;
          blockTd += this.update();
          blockUpdates++;
        }
        if (running === 0) break;
      }
      let sum = 0;
      for (let p = 0; p < N; p++) sum += ret[p];
      blockReturn += sum / N;
      blockEpisodes++;
      // The last block is reported after the final phase, with the networks it leaves.
      if (e === c.episodes - 1) complete = await this.finishCooperatively(seeds, hooks);
      if (blockEpisodes === c.blockEpisodes || e === c.episodes - 1) {
        await hooks.onBlock(
          {
            episode: e + 1,
            return: blockReturn / blockEpisodes,
            tdLoss: blockUpdates > 0 ? blockTd / blockUpdates : Number.NaN,
            transitions,
          },
          this,
        );
        blockReturn = blockTd = 0;
        blockUpdates = blockEpisodes = 0;
      }
    }
    return { episodes: c.episodes, complete };
  }

  /**
   * Runs finish in chunks: the hooks' cancellation is checked at every chunk boundary and
   * their checkpoint awaited there (docs/numerics.md §14.3). A cancelled finish puts every
   * network back as the last block left it (never a half-updated actor) and returns false.
   */
  private async finishCooperatively(seeds: Random, hooks: LearnerHooks): Promise<boolean> {
    const { nets, target } = this;
    const saved = cloneNetworks(nets);
    const savedTargetScale = target.valueScale;
    const work = this.finish(seeds);
    for (;;) {
      if (hooks.cancelled()) {
        restoreNetworks(nets, saved);
        target.valueScale = savedTargetScale;
        return false;
      }
      const step = work.next();
      if (step.done) return true;
      if (step.value !== undefined) await hooks.onStage(step.value, this);
      else await hooks.checkpoint();
    }
  }

  /**
   * After the last episode: the value refitted to the greedy actor's returns; then, with
   * the quadratic advantage, `improveSteps` steps of the advantage and the actor against
   * that value held fixed (one policy-improvement step of policy iteration, on held pairs
   * from the middle of the box and a share of the rest, held-pairs.ts; the actor is the
   * mean of the second half's iterates, its output layer then solved on the same pairs),
   * and the value refitted once more to the improved actor's returns; `improveRounds`
   * times (policy iteration).
   *
   * Why: TD's value has the wrong slope (LQR, seed 1: curvature 0.327 on the middle
   * against 0.285 for the returns), and the actor, its exact maximiser, inherits it as a
   * gain 4–16 % too high (seeds 1–5). Returns and advantages are both extrapolated in the
   * hold (Richardson): a learner whose policy is applied every Δt learns the sampled
   * system's, whose gain is about κΔt/2 under K (1-D LQR, κ = 9.5: −11 and −16 % on seeds
   * 1–2, V 16 % off; extrapolated, −2.3 and −3.2 %, V 1.4 and 1.7 %; docs/numerics.md,
   * "The hold bias").
   *
   * Why more than one round: one exact improvement step removes the actor's offset only
   * when its gain is already right. On the open-loop unstable LQR (α = +1.5, seed 1) TD
   * leaves a(0) = 1.62 with the gain 19 % high; the value of that policy has slope 0.061 at
   * x = 0 (finite differences of its own equation), so the exact improvement puts a(0) at
   * 0.61 and the learner put it at 0.70 (V 30 % off); after a second round the mean action
   * on the middle is 0.07 and V 4.7 % off (docs/numerics.md §14.5, "The actor's offset").
   *
   * When the first returns span decades (relative.ts) the improvement runs in relative
   * terms instead: the one-step improvement left Merton's π up to 0.76 off.
   */
  private *finish(seeds: Random): Chunked<void> {
    const { nets, config: c } = this;
    const seed = seeds.nextUint32();
    const first = yield* this.rollouts(seed, rolloutSteps(this.env, c.dt));
    if (first && nets.value && spansDecades(first.R)) {
      yield;
      yield* fitValue(nets.value, nets.valueScale, first);
      yield* improveRelative(
        {
          env: this.env,
          encoding: this.encoding,
          evaluator: this.evaluator,
          actor: nets.actor,
          value: nets.value,
          valueScale: nets.valueScale,
          setValueScale: (S) => {
            nets.valueScale = S;
            this.target.valueScale = S;
          },
          dt: c.dt,
        },
        seeds,
      );
      return;
    }
    if (first) yield* this.fitExtrapolated(first, seed, EFOLDS);
    if (!this.quadratic || !first || c.improveSteps === 0) return;
    yield 'value refitted to the returns';
    const lastSteps = rolloutSteps(this.env, c.dt, LAST_EFOLDS);
    for (let round = 0; round < c.improveRounds; round++) {
      if (round > 0) yield 'value refitted to the improved policy';
      yield* improvePolicy(this.improvement, seeds.nextUint32(), round === 0);
      yield round === 0 ? 'policy improvement' : `policy improvement, round ${round + 1}`;
      const last = seeds.nextUint32();
      yield* this.fitExtrapolated(yield* this.rollouts(last, lastSteps), last, LAST_EFOLDS);
    }
  }

  /** The improvement rounds' view of this learner (improvement.ts). */
  private get improvement(): ImprovementRun {
    const { env, encoding, evaluator, nets, ws, config, rng, idx, y } = this;
    return { env, encoding, evaluator, nets, ws, config, rng, idx, y };
  }

  /**
   * Monte-Carlo returns of the greedy actor, applied every Δt for `steps` steps, from
   * `valueRollouts` start states (evaluation.ts); null for the discrete critic, which has
   * no value net.
   */
  private *rollouts(seed: number, steps: number): Chunked<Returns | null> {
    const { nets, config: c, env } = this;
    if (!nets.value || c.valueRollouts === 0) return null;
    const rounds = Math.ceil(c.valueRollouts / env.size);
    const ev = this.evaluator;
    return yield* rolloutReturns(env, this.encoding, ev, ev, c.dt, rounds, seed, steps);
  }

  /**
   * The value net refitted to the returns extrapolated in the hold (evaluation.ts,
   * extrapolatedReturns): `plain` are the returns with the actor applied every Δt from the
   * starts of `seed` over `efolds` e-folds of the discount.
   */
  private *fitExtrapolated(plain: Returns | null, seed: number, efolds: number): Chunked<void> {
    const { nets, config: c, env } = this;
    if (!plain || !nets.value) return;
    const rounds = Math.ceil(c.valueRollouts / env.size);
    const ev = this.evaluator;
    const data = yield* extrapolatedReturns(env, this.encoding, ev, ev, c.dt, rounds, seed, plain, efolds);
    yield;
    yield* fitValue(nets.value, nets.valueScale, data);
  }

  /**
   * Network scales from the first step's rewards: S_r = median |r| (robust to the few huge
   * rewards of a wide box), and S_V = S_r times the problem's time scale (1/ρ, or T).
   */
  private setScales(reward: Float64Array, active: Uint8Array): void {
    const r: number[] = [];
    for (let p = 0; p < reward.length; p++) if (active[p]) r.push(Math.abs(reward[p]) / this.config.dt);
    r.sort((a, b) => a - b);
    const med = r.length > 0 ? r[r.length >> 1] : 0;
    const rate = med > 0 && Number.isFinite(med) ? med : 1;
    const rho = this.env.discount;
    const T = this.env.horizon;
    const timeScale = Math.min(rho > 0 ? 1 / rho : Infinity, T ?? Infinity);
    const S = rate * (Number.isFinite(timeScale) ? timeScale : 1);
    for (const n of [this.nets, this.target]) {
      n.rateScale = rate;
      n.valueScale = S;
    }
    this.scalesSet = true;
  }

  /** One critic step and one actor step on a mini-batch; returns the batch's weighted TD loss. */
  private update(): number {
    const { B, zd, ad, buffer, nets, target, ws, config: c } = this;
    buffer.sample(this.idx, this.rng);
    gatherRows(buffer.z, zd, this.idx, ws.zb);
    gatherRows(buffer.a, ad, this.idx, ws.ab);
    gatherRows(buffer.zNext, zd, this.idx, this.zn);
    const lr = (base: number) => cosineRate(this.updates, this.totalUpdates, base, base / 10);
    // TD targets from the target networks.
    const y = this.y;
    this.targetEval.values(this.zn, B, y);
    for (let k = 0; k < B; k++) {
      const i = this.idx[k];
      y[k] = buffer.reward[i] + (buffer.done[i] ? 0 : this.gamma * y[k]);
    }
    if (this.quadratic) {
      const loss = quadraticStep(ws, y, lr(c.lrCritic), lr(c.lrActor), true);
      this.updates++;
      return loss / B;
    }
    const loss = nets.value
      ? networkAdvantageStep(ws, y, lr(c.lrCritic), lr(c.lrActor))
      : discreteStep(ws, y, lr(c.lrCritic), lr(c.lrActor));
    // The continuous critic's target is V̄ itself (its advantage vanishes at the actor's
    // action); the target actor serves the discrete critic's Q̄(x′, a_ω̄(x′)).
    polyak(target.actor, nets.actor, c.tau);
    this.updates++;
    return loss / B;
  }
}
