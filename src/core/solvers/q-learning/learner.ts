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
import { Adam, cosineRate, gatherRows, Tape } from '../../nn';
import { Random } from '../../sim/random';
import type { LearnerConfig } from './config';
import { Encoding } from './encoding';
import {
  cloneNetworks,
  createNetworks,
  Evaluator,
  joinRows,
  polyak,
  symexp,
  symexpSlope,
  type Networks,
} from './networks';
import { factorSize, quadraticBackward, quadraticForward } from './advantage';
import { fitValue, rolloutReturns } from './evaluation';
import { ExplorationNoise } from './noise';
import { ReplayBuffer } from './replay';

/**
 * Past |u| = 2 (97 % of the half-range) a quadratic wall pulls the actor's pre-activation
 * back: tanh's slope there is under 0.07, and an actor pushed to a bound by early critic
 * errors stayed there for good (Merton: π at 0 and k at 0.3 everywhere after 100 episodes).
 * Returns the wall's slope in u.
 */
const U_WALL = 2;
function wall(u: number): number {
  return u > U_WALL ? u - U_WALL : u < -U_WALL ? u + U_WALL : 0;
}

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
}

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
  // Optimisers and training passes.
  private readonly adamActor: Adam;
  private readonly adamQ: Adam;
  private readonly adamV: Adam | null;
  private readonly adamQ2: Adam | null;
  private readonly tapeQ2: Tape | null;
  private readonly gQ2: Float64Array | null;
  private readonly dY2: Float64Array;
  private readonly tapeActor: Tape;
  private readonly tapeQ: Tape;
  private readonly tapeV: Tape | null;
  private readonly gActor: Float64Array;
  private readonly gQ: Float64Array;
  private readonly gV: Float64Array | null;
  private readonly gScratch: Float64Array;
  // Mini-batch rows.
  private readonly idx: Int32Array;
  private readonly zb: Float64Array;
  private readonly ab: Float64Array;
  private readonly zn: Float64Array;
  private readonly za: Float64Array;
  private readonly pa: Float64Array;
  private readonly col: Float64Array;
  private readonly col2: Float64Array;
  private readonly dY: Float64Array;
  private readonly dX: Float64Array;
  private readonly dU: Float64Array;
  private readonly targetEval: Evaluator;
  private readonly quadratic: boolean;
  private readonly quad: {
    d: Float64Array;
    w: Float64Array;
    q: Float64Array;
    dq: Float64Array;
    dd: Float64Array;
    dl: Float64Array;
  };
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
    this.adamActor = new Adam(this.nets.actor.params.length);
    this.adamQ = new Adam(this.nets.q.params.length);
    this.adamV = this.nets.value ? new Adam(this.nets.value.params.length) : null;
    const q2 = this.nets.q2;
    this.adamQ2 = q2 ? new Adam(q2.params.length) : null;
    this.tapeQ2 = q2 ? new Tape(q2, 2 * B) : null;
    this.gQ2 = q2 ? new Float64Array(q2.params.length) : null;
    this.dY2 = new Float64Array(2 * B);
    this.tapeActor = new Tape(this.nets.actor, B);
    this.tapeQ = new Tape(this.nets.q, 2 * B);
    this.tapeV = this.nets.value ? new Tape(this.nets.value, B) : null;
    this.gActor = new Float64Array(this.nets.actor.params.length);
    this.gQ = new Float64Array(this.nets.q.params.length);
    this.gV = this.nets.value ? new Float64Array(this.nets.value.params.length) : null;
    this.gScratch = new Float64Array(this.nets.q.params.length);
    this.idx = new Int32Array(B);
    this.zb = new Float64Array(B * zd);
    this.ab = new Float64Array(B * ad);
    this.zn = new Float64Array(B * zd);
    this.za = new Float64Array(2 * B * (zd + ad));
    this.pa = new Float64Array(B * ad);
    this.col = new Float64Array(2 * B);
    this.col2 = new Float64Array(B);
    this.dY = new Float64Array(2 * B);
    this.dX = new Float64Array(2 * B * (zd + ad));
    this.dU = new Float64Array(B * ad);
    this.totalUpdates = c.episodes * c.updatesPerEpisode;
    const rows = (w: number) => new Float64Array(this.quadratic ? B * w : 0);
    this.quad = {
      d: rows(ad),
      w: rows(ad),
      q: rows(1),
      dq: rows(1),
      dd: rows(ad),
      dl: rows(factorSize(ad)),
    };
  }

  /** Runs every episode; returns the number completed (fewer when cancelled). */
  async train(hooks: LearnerHooks): Promise<number> {
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
    for (let e = 0; e < c.episodes; e++) {
      if (hooks.cancelled()) return e;
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
            return e;
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
      if (e === c.episodes - 1) this.finish(seeds);
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
    return c.episodes;
  }

  /**
   * After the last episode: the value refitted to the greedy actor's returns; then, with
   * the quadratic advantage, `improveSteps` steps of the advantage and the actor against
   * that value held fixed (one policy-improvement step of policy iteration, from the
   * replay buffer; the actor is the mean of the second half's iterates), and the value
   * refitted once more to the improved actor's returns.
   *
   * Why: TD's value has the wrong slope (LQR, seed 1: curvature 0.327 on the middle
   * against 0.285 for the returns), and the actor, its exact maximiser, inherits it as a
   * gain 4–16 % too high (seeds 1–5); against the returns' value the gains came within
   * −4.4 … +1.2 % (docs/numerics.md, "What limits the accuracy").
   */
  private finish(seeds: Random): void {
    const { nets, config: c } = this;
    this.evaluateValue(seeds.nextUint32());
    if (!this.quadratic || c.valueRollouts === 0 || c.improveSteps === 0) return;
    this.target.value!.params.set(nets.value!.params);
    const actor = nets.actor.params;
    const mean = new Float64Array(actor.length);
    const from = c.improveSteps >> 1;
    for (let k = 0; k < c.improveSteps; k++) {
      this.update((base) => cosineRate(k, c.improveSteps, base, base / 10));
      if (k >= from) for (let i = 0; i < actor.length; i++) mean[i] += (actor[i] - mean[i]) / (k - from + 1);
    }
    actor.set(mean);
    this.evaluateValue(seeds.nextUint32());
  }

  /**
   * The continuous critic's value refitted to Monte-Carlo returns of the final greedy actor
   * from `valueRollouts` start states (evaluation.ts); the discrete critic has no value net.
   */
  private evaluateValue(seed: number): void {
    const { nets, config: c, env } = this;
    if (!nets.value || c.valueRollouts === 0) return;
    const rounds = Math.ceil(c.valueRollouts / env.size);
    const data = rolloutReturns(env, this.encoding, this.evaluator, c.dt, rounds, seed);
    fitValue(nets.value, nets.valueScale, data);
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

  /**
   * One critic step and one actor step on a mini-batch; returns the batch's weighted TD
   * loss. `improving`: the rates of a policy-improvement step, in which V and its target
   * stay as they are (see finish).
   */
  private update(improving?: (base: number) => number): number {
    const { B, zd, ad, buffer, nets, target, config: c } = this;
    buffer.sample(this.idx, this.rng);
    gatherRows(buffer.z, zd, this.idx, this.zb);
    gatherRows(buffer.a, ad, this.idx, this.ab);
    gatherRows(buffer.zNext, zd, this.idx, this.zn);
    const lr = improving ?? ((base: number) => cosineRate(this.updates, this.totalUpdates, base, base / 10));
    const S = nets.valueScale;
    // TD targets from the target networks.
    const y = this.col2;
    this.targetEval.values(this.zn, B, y);
    for (let k = 0; k < B; k++) {
      const i = this.idx[k];
      y[k] = buffer.reward[i] + (buffer.done[i] ? 0 : this.gamma * y[k]);
    }
    let loss = 0;
    const dY = this.dY;
    if (this.quadratic) {
      loss = this.quadraticStep(y, lr(c.lrCritic), lr(c.lrActor), improving === undefined);
      if (!improving) this.updates++;
      return loss / B;
    }
    if (nets.value) {
      // Q_i = V(z) + Δt·s(x)·(q_i(z, ã) − q_i(z, ã_ω(z))), s(x) = S_r (1 + |V(x)|/S_V):
      // V and q₂ descend the loss of Q₂; q (the actor's) that of Q₁ with V held.
      const v = this.tapeV!.forward(this.zb, B);
      this.actorForward();
      joinRows(this.zb, zd, this.ab, ad, B, this.za, 0);
      joinRows(this.zb, zd, this.pa, ad, B, this.za, B);
      const q = this.tapeQ.forward(this.za, 2 * B);
      const q2 = this.tapeQ2!.forward(this.za, 2 * B);
      const dV = this.col;
      const dY2 = this.dY2;
      for (let k = 0; k < B; k++) {
        const V = S * symexp(v[k]);
        const s = nets.rateScale * (1 + Math.abs(V) / S);
        const w = 1 / (1 + Math.abs(V) / S) ** 2;
        const delta2 = V + c.dt * s * (q2[k] - q2[B + k]) - y[k];
        const delta1 = V + c.dt * s * (q[k] - q[B + k]) - y[k];
        loss += w * delta2 * delta2;
        const g2 = (2 * w * delta2) / B;
        const g1 = (2 * w * delta1) / B;
        dV[k] = g2 * S * symexpSlope(v[k]);
        dY2[k] = g2 * c.dt * s;
        dY2[B + k] = -dY2[k];
        dY[k] = g1 * c.dt * s;
        dY[B + k] = -dY[k];
      }
      this.gV!.fill(0);
      this.tapeV!.backward(dV, this.gV!);
      this.adamV!.step(nets.value.params, this.gV!, lr(c.lrCritic));
      this.gQ2!.fill(0);
      this.tapeQ2!.backward(dY2, this.gQ2!);
      this.adamQ2!.step(nets.q2!.params, this.gQ2!, lr(c.lrCritic));
      this.gQ.fill(0);
      this.tapeQ.backward(dY, this.gQ);
      this.adamQ.step(nets.q.params, this.gQ, lr(c.lrCritic));
      polyak(target.value!, nets.value, c.tau);
    } else {
      joinRows(this.zb, zd, this.ab, ad, B, this.za, 0);
      const q = this.tapeQ.forward(this.za, B);
      for (let k = 0; k < B; k++) {
        const Q = S * symexp(q[k]);
        const delta = Q - y[k];
        const w = 1 / (1 + Math.abs(Q) / S) ** 2;
        loss += w * delta * delta;
        dY[k] = ((2 * w * delta) / B) * S * symexpSlope(q[k]);
      }
      this.gQ.fill(0);
      this.tapeQ.backward(dY.subarray(0, B), this.gQ);
      this.adamQ.step(nets.q.params, this.gQ, lr(c.lrCritic));
      polyak(target.q, nets.q, c.tau);
    }
    this.actorStep(lr(c.lrActor), nets.value !== null);
    // The continuous critic's target is V̄ itself (its advantage vanishes at the actor's
    // action); the target actor serves the discrete critic's Q̄(x′, a_ω̄(x′)).
    polyak(target.actor, nets.actor, c.tau);
    this.updates++;
    return loss / B;
  }

  /**
   * One step of V, L and the actor together on the TD loss of Q = V + Δt·s(x)·q(x, ã), q the
   * quadratic about the actor's action (advantage.ts); returns the batch's summed weighted
   * squared TD error. The actor moves to where the TD errors say the maximiser is: no
   * critic slope in a stands between them.
   */
  private quadraticStep(y: Float64Array, rateCritic: number, rateActor: number, training: boolean): number {
    const { B, ad, nets, quad } = this;
    const S = nets.valueScale;
    const v = this.tapeV!.forward(this.zb, B);
    const u = this.actorForward();
    const l = this.tapeQ.forward(this.zb, B);
    for (let i = 0; i < B * ad; i++) quad.d[i] = this.ab[i] - this.pa[i];
    quadraticForward(quad.d, l, B, ad, quad.q, quad.w);
    const dV = this.col;
    let loss = 0;
    for (let k = 0; k < B; k++) {
      const V = S * symexp(v[k]);
      const s = nets.rateScale * (1 + Math.abs(V) / S);
      const w = 1 / (1 + Math.abs(V) / S) ** 2;
      const delta = V + this.config.dt * s * quad.q[k] - y[k];
      loss += w * delta * delta;
      const g = (2 * w * delta) / B;
      dV[k] = g * S * symexpSlope(v[k]);
      quad.dq[k] = g * this.config.dt * s;
    }
    quadraticBackward(quad.d, l, quad.w, quad.dq, B, ad, quad.dd, quad.dl);
    // Improving, V stays the returns' value: letting it follow the TD loss even at a tenth
    // of the rate put an offset of −0.5 at x = 0 into the actor (α = +0.5, seed 2).
    if (training) {
      this.gV!.fill(0);
      this.tapeV!.backward(dV, this.gV!);
      this.adamV!.step(nets.value!.params, this.gV!, rateCritic);
      polyak(this.target.value!, nets.value!, this.config.tau);
    }
    this.gQ.fill(0);
    this.tapeQ.backward(quad.dl, this.gQ);
    this.adamQ.step(nets.q.params, this.gQ, rateCritic);
    // d = ã − μ̃, so ∂/∂μ̃ = −∂/∂d; through tanh, plus the wall of actorStep.
    for (let i = 0; i < B * ad; i++) {
      const a = this.pa[i];
      this.dU[i] = -quad.dd[i] * (1 - a * a) + wall(u[i]) / B;
    }
    this.gActor.fill(0);
    this.tapeActor.backward(this.dU, this.gActor);
    this.adamActor.step(nets.actor.params, this.gActor, rateActor);
    return loss;
  }

  /** The actor's actions ã = tanh(u) on the batch into `pa`, kept on its tape for actorStep. */
  private actorForward(): Float64Array {
    const u = this.tapeActor.forward(this.zb, this.B);
    for (let i = 0; i < this.B * this.ad; i++) this.pa[i] = Math.tanh(u[i]);
    return u;
  }

  /**
   * Ascends the mean of q(z, tanh(u_ω(z))) (the critic's action-dependent part) over the
   * batch; `forwarded` when the critic step already ran the actor on this batch (the actor
   * has not changed since, so its tape and `pa` still hold that pass).
   */
  private actorStep(rate: number, forwarded: boolean): void {
    const { B, zd, ad, nets } = this;
    const u = forwarded ? this.tapeActor.output : this.actorForward();
    joinRows(this.zb, zd, this.pa, ad, B, this.za, 0);
    this.tapeQ.forward(this.za, B);
    const dY = this.dY.subarray(0, B);
    dY.fill(-1 / B);
    this.gScratch.fill(0);
    this.tapeQ.backward(dY, this.gScratch, this.dX);
    const dU2 = this.dU;
    for (let k = 0; k < B; k++)
      for (let j = 0; j < ad; j++) {
        const a = this.pa[k * ad + j];
        dU2[k * ad + j] = this.dX[k * (zd + ad) + zd + j] * (1 - a * a) + wall(u[k * ad + j]) / B;
      }
    this.gActor.fill(0);
    this.tapeActor.backward(dU2, this.gActor);
    this.adamActor.step(nets.actor.params, this.gActor, rate);
  }
}
