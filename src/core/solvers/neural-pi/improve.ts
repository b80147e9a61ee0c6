/**
 * Policy improvement: gradient ascent on E_x[Q(x, α_φ(x))] over collocation states, with
 *   Q(x, a) ∝ r(x, a) + ∇V·f(x, a) + ½ Tr(ΣΣᵀ(x, a) ∇²V),
 * ∇V and ∇²V exact and held fixed (criticDerivatives), ∂Q/∂a from the problem's symbolic
 * control derivatives (dynamicsDa: ∂f/∂a, ∂Σ/∂a, ∂r/∂a), so ∂Q/∂a_j = ∂r/∂a_j + ∇V·∂f/∂a_j
 * + Σ_{i,i′,l} ∇²V_{ii′} ∂Σ_{il}/∂a_j Σ_{i′l}. Each point's Q is divided by a positive
 * scale s(x) — |V(x)| for a 'log' critic, the critic's scale otherwise — which leaves the
 * maximiser at every x unchanged and keeps values that span decades from letting a few
 * states dominate the ascent.
 */
import { Adam, BatchSampler, cosineRate, forward, logistic, solveOutputLayer, Tape } from '../../nn';
import { Random } from '../../sim/random';
import { KernelRunner } from '../kernels';
import type { PiProblem } from './problem';
import { actorControls, criticDerivatives, scaleInputs, type NeuralPiModel } from './model';

/** ∇V, ∇²V and the scale at the collocation states, computed once per improvement. */
export interface CriticField {
  n: number;
  /** States, structure of arrays, and the same scaled row-major. */
  xs: Float64Array[];
  Xn: Float64Array;
  V: Float64Array;
  G: Float64Array;
  H: Float64Array;
  scale: Float64Array;
}

export function criticField(model: NeuralPiModel, xs: Float64Array[], n: number): CriticField {
  const d = xs.length;
  const Xn = new Float64Array(n * d);
  scaleInputs(model, xs, n, Xn);
  const V = new Float64Array(n);
  const G = new Float64Array(n * d);
  const H = new Float64Array(n * d * d);
  criticDerivatives(model, Xn, n, V, G, H);
  const scale = new Float64Array(n);
  const global = Math.abs(model.head.scale);
  for (let p = 0; p < n; p++)
    scale[p] = model.head.mode === 'log' ? Math.max(Math.abs(V[p]), 1e-300) : global;
  return { n, xs, Xn, V, G, H, scale };
}

/**
 * Evaluates r + L^aV at the field's points for controls `a` (structure of arrays), and,
 * when `dQ` is given, ∂/∂a_j of it, each divided by the point's scale. Points idx[0…b−1].
 */
export class Hamiltonian {
  private readonly dyn: KernelRunner;
  private readonly dda: KernelRunner;
  readonly states: Float64Array[];

  constructor(
    private readonly problem: PiProblem,
    readonly capacity: number,
  ) {
    this.states = problem.states.map(() => new Float64Array(capacity));
    this.dyn = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', this.states, capacity);
    this.dda = new KernelRunner(problem, problem.kernels.dynamicsDa, 'dynamics', this.states, capacity);
  }

  /** The reward of the last evaluate, per point. */
  rewardOutput(): Float64Array {
    const d = this.problem.states.length;
    return this.dyn.outs[d + d * this.problem.noiseDim];
  }

  /** Control inputs to fill before evaluate. */
  get controls(): Float64Array[] {
    return this.dyn.controls;
  }

  /**
   * H[b] = r + ∇V·f + ½Tr(ΣΣᵀ∇²V) at points idx (unscaled); dQ[b·m + j] = ∂/∂a_j / scale;
   * parts, when given, receives ∇V·f at [2b] and ½Tr(ΣΣᵀ∇²V) at [2b + 1].
   */
  evaluate(
    field: CriticField,
    idx: ArrayLike<number>,
    b: number,
    Hout: Float64Array,
    dQ?: Float64Array,
    parts?: Float64Array,
  ): void {
    const { problem } = this;
    const d = problem.states.length;
    const m = problem.controls.length;
    const k = problem.noiseDim;
    for (let q = 0; q < b; q++) for (let i = 0; i < d; i++) this.states[i][q] = field.xs[i][idx[q]];
    this.dyn.run(b);
    const o = this.dyn.outs;
    if (dQ) {
      for (let j = 0; j < m; j++) this.dda.controls[j].set(this.dyn.controls[j].subarray(0, b));
      this.dda.run(b);
    }
    const D = this.dda.outs;
    const per = d + d * k + 1;
    for (let q = 0; q < b; q++) {
      const p = idx[q];
      const g = p * d;
      const h = p * d * d;
      // val accumulates in this order (the trajectories are pinned by seed); drift and
      // diffusion are its parts for the residual's yardstick.
      let val = o[d + d * k][q];
      let drift = 0;
      let diffusion = 0;
      for (let i = 0; i < d; i++) {
        const t = field.G[g + i] * o[i][q];
        val += t;
        drift += t;
      }
      for (let i = 0; i < d; i++)
        for (let i2 = 0; i2 < d; i2++) {
          const hv = field.H[h + i * d + i2];
          if (hv === 0) continue;
          let ss = 0;
          for (let l = 0; l < k; l++) ss += o[d + i * k + l][q] * o[d + i2 * k + l][q];
          val += 0.5 * hv * ss;
          diffusion += 0.5 * hv * ss;
        }
      Hout[q] = val;
      if (parts) {
        parts[2 * q] = drift;
        parts[2 * q + 1] = diffusion;
      }
      if (!dQ) continue;
      const inv = 1 / field.scale[p];
      for (let j = 0; j < m; j++) {
        const base = j * per;
        let g1 = D[base + d + d * k][q];
        for (let i = 0; i < d; i++) g1 += field.G[g + i] * D[base + i][q];
        for (let i = 0; i < d; i++)
          for (let i2 = 0; i2 < d; i2++) {
            const hv = field.H[h + i * d + i2];
            if (hv === 0) continue;
            let ss = 0;
            for (let l = 0; l < k; l++) ss += D[base + d + i * k + l][q] * o[d + i2 * k + l][q];
            g1 += hv * ss;
          }
        dQ[q * m + j] = g1 * inv;
      }
    }
  }
}

export interface ImproveOptions {
  /**
   * Trust region: no control moves by more than this fraction of its range in one
   * improvement (1: none). Policy iteration from a poor first critic jumps to a bang-bang
   * policy whose rollouts chatter (measured on the 6-D LQR from a = 0: V 20× off after
   * the first step, then diverging).
   */
  maxChange: number;
  /** Adam steps in all; a Gauss–Newton step on the output layer follows every quarter. */
  steps: number;
  batch: number;
  learningRate: number;
  seed: number;
}

/** Adam ascent of the actor on the mean scaled Q over the field's points. */
export function improvePolicy(
  problem: PiProblem,
  model: NeuralPiModel,
  field: CriticField,
  adam: Adam,
  options: ImproveOptions,
): void {
  const m = problem.controls.length;
  const d = problem.states.length;
  const b = Math.min(field.n, options.batch);
  const ham = new Hamiltonian(problem, b);
  const tape = new Tape(model.actor, b);
  const sampler = new BatchSampler(field.n, b, new Random(options.seed));
  const xb = new Float64Array(b * d);
  const Hb = new Float64Array(b);
  const dQ = new Float64Array(b * m);
  const dU = new Float64Array(b * m);
  const grad = new Float64Array(model.actor.params.length);
  const rounds = 4;
  // The policy at the start: the trust region is measured from it.
  const start = new Float64Array(field.n * m);
  forward(model.actor, field.Xn, field.n, start);
  const region = { start, fraction: options.maxChange };
  for (let s = 0; s < options.steps; s++) {
    const idx = sampler.next();
    for (let q = 0; q < b; q++) for (let i = 0; i < d; i++) xb[q * d + i] = field.Xn[idx[q] * d + i];
    const u = tape.forward(xb, b);
    for (let j = 0; j < m; j++) {
      const lo = model.controlLo[j];
      const w = model.controlHi[j] - lo;
      const a = ham.controls[j];
      for (let q = 0; q < b; q++) a[q] = lo + w * logistic(u[q * m + j]);
    }
    ham.evaluate(field, idx, b, Hb, dQ);
    // Minimise −mean Q: dL/du = −(1/b) ∂Q/∂a · (hi − lo)σ(1 − σ).
    for (let j = 0; j < m; j++) {
      const w = model.controlHi[j] - model.controlLo[j];
      for (let q = 0; q < b; q++) {
        const sg = logistic(u[q * m + j]);
        dU[q * m + j] = (-dQ[q * m + j] * w * sg * (1 - sg)) / b;
      }
    }
    grad.fill(0);
    tape.backward(dU, grad);
    adam.step(
      model.actor.params,
      grad,
      cosineRate(s, options.steps, options.learningRate, options.learningRate / 100),
    );
    if ((s + 1) % Math.ceil(options.steps / rounds) === 0 || s + 1 === options.steps)
      newtonOutputStep(problem, model, field, region);
  }
  if (options.steps === 0) newtonOutputStep(problem, model, field, region);
}

/**
 * A Newton step of the actor on the scaled Q, taken in the control and fitted by the
 * output layer: per point and control the Newton target a − Q_a/Q_aa (Q_aa by a forward
 * difference of the exact Q_a, so exact when Q is quadratic in a; where Q is not concave
 * in a the maximiser over the box lies at the edge that Q_a points to), kept 0.1 % of the
 * box inside its edges, mapped through the inverse squash, and the output layer refitted
 * by weighted least squares. Its fixed point is Q_a = 0 (or the box edge), the greedy
 * policy. Adam alone converges slowly: the ascent is a regression of a(x) onto the
 * greedy control and, like the critic's fit, ill-conditioned (measured on the 1-D LQR
 * with an exact critic: gain 13 % off after 1200 Adam steps, 0.3 % after one such step);
 * and the Newton step taken in the squashed output instead stalls where the squash
 * saturates (measured: stuck at the box edge after a first bang-bang greedy step).
 *
 * Two safeguards make the step safe where Q is far from quadratic in a (Merton's
 * consumption, Q ∋ k^{1−γ}/(1−γ)), measured on the wide-box Merton example:
 * - the target is backtracked towards the current control until Q does not decrease (a
 *   Newton step from k > √3·k* lands below 0, and was clamped at the lower bound);
 * - the fit is weighted by the loss of Q per unit of the network's output, |Q_aa|·(∂a/∂u)²
 *   at the target, not by |Q_aa| alone: with |Q_aa| ∝ k^{−1−γ} the few points whose
 *   target sat at k's lower bound outweighed the rest by ~700× and pulled k to that bound
 *   everywhere (V error 6 % → 63 % in one iteration).
 */
export function newtonOutputStep(
  problem: PiProblem,
  model: NeuralPiModel,
  field: CriticField,
  /** Actor outputs (pre-squash) at the start of the improvement, and the trust region. */
  region?: { start: Float64Array; fraction: number },
): void {
  const n = field.n;
  const m = problem.controls.length;
  const ham = new Hamiltonian(problem, n);
  const u = new Float64Array(n * m);
  forward(model.actor, field.Xn, n, u);
  const a0 = problem.controls.map(() => new Float64Array(n));
  for (let j = 0; j < m; j++) {
    const lo = model.controlLo[j];
    const w = model.controlHi[j] - lo;
    for (let p = 0; p < n; p++) a0[j][p] = lo + w * logistic(u[p * m + j]);
  }
  const idx = Int32Array.from({ length: n }, (_, p) => p);
  const H0 = new Float64Array(n);
  const Hb = new Float64Array(n);
  const dQ = new Float64Array(n * m);
  const dQ2 = new Float64Array(n * m);
  for (let j = 0; j < m; j++) ham.controls[j].set(a0[j]);
  ham.evaluate(field, idx, n, H0, dQ);
  const target = u.slice();
  const weight = new Float64Array(n);
  const at = new Float64Array(n);
  const curvature = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const lo = model.controlLo[j];
    const hi = model.controlHi[j];
    const w = hi - lo;
    const eps = 1e-3 * w;
    const delta = 1e-4 * w;
    for (let jj = 0; jj < m; jj++) ham.controls[jj].set(a0[jj]);
    // Bump inwards so the perturbed control stays admissible.
    const a = ham.controls[j];
    for (let p = 0; p < n; p++) a[p] = a0[j][p] + (a0[j][p] + delta <= hi ? delta : -delta);
    ham.evaluate(field, idx, n, Hb, dQ2);
    let cmax = 0;
    for (let p = 0; p < n; p++) {
      const step = a[p] - a0[j][p];
      const qa = dQ[p * m + j];
      const qaa = (dQ2[p * m + j] - qa) / step;
      let t: number;
      if (qaa < 0) {
        t = a0[j][p] - qa / qaa;
        curvature[p] = -qaa;
        cmax = Math.max(cmax, -qaa);
      } else {
        t = qa > 0 ? hi : qa < 0 ? lo : a0[j][p];
        curvature[p] = -1;
      }
      if (region) {
        const a0s = lo + w * logistic(region.start[p * m + j]);
        t = Math.min(a0s + region.fraction * w, Math.max(a0s - region.fraction * w, t));
      }
      at[p] = Math.min(hi - eps, Math.max(lo + eps, t));
    }
    // Backtracking: halve the step wherever Q fell (Q is unscaled here; the comparison
    // is per point, so the scale does not matter).
    for (let halving = 0; halving < 8; halving++) {
      a.set(at);
      ham.evaluate(field, idx, n, Hb);
      let fell = 0;
      for (let p = 0; p < n; p++) {
        if (Hb[p] >= H0[p] - 1e-12 * Math.abs(H0[p])) continue;
        at[p] = 0.5 * (at[p] + a0[j][p]);
        fell++;
      }
      if (fell === 0) break;
    }
    // Points where Q is not concave in a count as much as the most curved concave one.
    const cn = cmax > 0 ? cmax : 1;
    for (let p = 0; p < n; p++) {
      const sgm = (at[p] - lo) / w;
      target[p * m + j] = Math.log(sgm / (1 - sgm));
      const da = w * sgm * (1 - sgm);
      weight[p] = (curvature[p] < 0 ? cn : curvature[p]) * da * da;
    }
    solveOutputLayer(model.actor, field.Xn, target, n, weight, j);
  }
}

/**
 * The mean of r + L^{α}V over the field's points under the current actor, each term
 * divided by |V| for a 'log' critic (the quantity the ascent raises, up to the constant
 * scale of a 'linear' critic).
 */
export function meanHamiltonian(problem: PiProblem, model: NeuralPiModel, field: CriticField): number {
  const m = problem.controls.length;
  const n = field.n;
  const ham = new Hamiltonian(problem, n);
  const Hb = new Float64Array(n);
  actorControls(model, field.Xn, n, ham.controls, new Float64Array(n * m));
  ham.evaluate(
    field,
    Int32Array.from({ length: n }, (_, p) => p),
    n,
    Hb,
  );
  let sum = 0;
  for (let p = 0; p < n; p++) sum += model.head.mode === 'log' ? Hb[p] / field.scale[p] : Hb[p];
  return sum / n;
}
