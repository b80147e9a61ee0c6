/**
 * The learner's networks on encoded inputs (encoding.ts), built on the shared MLP core:
 *
 * - actor: u(z) ∈ R^m, ã = tanh(u) ∈ [−1, 1]^m, so every action lies in the control box;
 * - continuous critic: Q(x, a) = V(x) + Δt·A(x, a), A the advantage rate, which vanishes at
 *   the actor's action, so V(x) = Q(x, a_ω(x)) is the value net itself and the action
 *   signal is learned at rate scale whatever Δt. Two forms of A (setting `advantage`):
 *   - quadratic (default): A = s(x)·q(x, ã) with q a concave quadratic about the actor's
 *     action (advantage.ts); q is the net of L(x)'s entries, and the actor is trained by
 *     the TD loss itself;
 *   - network: A = s(x)·(q(z, ã) − q(z, ã_ω(z))), q a free net of (z, ã) the actor ascends.
 *     Two such nets, as in double Q-learning: V is fitted through a second net q₂ whose
 *     errors the actor did not select (normalising at the maximiser of the same noisy q
 *     biases A low, and V takes in any bias of A divided by ρ);
 * - discrete critic: Q(x, a) from one network of (z, ã).
 *
 * Values pass through symexp: V = S·sign(v)(e^{|v|} − 1). Near zero it is linear (the LQR
 * values stay in its linear part); it lets one small net hold values that span many
 * decades, as Merton's does across its log-wealth box (e^{±10}), where a linear output
 * would need weights of order 10⁷.
 */
import {
  cloneMlp,
  createMlp,
  forward,
  ForwardScratch,
  setConstantOutput,
  type Activation,
  type Mlp,
} from '../../nn';
import { factorSize } from './advantage';

export type CriticKind = 'continuous' | 'discrete';
export type AdvantageKind = 'quadratic' | 'network';

export interface NetworkShape {
  hidden: readonly number[];
  activation: Activation;
}

export function symexp(v: number): number {
  return v < 0 ? -Math.expm1(-v) : Math.expm1(v);
}

/** d symexp / dv = e^{|v|}. */
export function symexpSlope(v: number): number {
  return Math.exp(Math.abs(v));
}

/**
 * The weight of a value V's squared error in every value loss: 1/(1 + |V|/S)², so values far
 * above the scale S count in relative terms (Merton's span many decades).
 */
export function valueWeight(V: number, S: number): number {
  return 1 / (1 + Math.abs(V) / S) ** 2;
}

/** The advantage rate's scale at a value V: it grows with |V| as the value's does. */
export function advantageScale(nets: Networks, V: number): number {
  return nets.rateScale * (1 + Math.abs(V) / nets.valueScale);
}

export interface Networks {
  critic: CriticKind;
  /** The continuous critic's form of the advantage (ignored by the discrete critic). */
  advantage: AdvantageKind;
  actor: Mlp;
  /** Continuous critic: V(z). */
  value: Mlp | null;
  /**
   * Continuous, quadratic: L(z)'s raw entries; continuous, network: the advantage rate
   * q(z, ã) the actor ascends; discrete: Q(z, ã).
   */
  q: Mlp;
  /** Continuous, network: the advantage rate q₂(z, ã) that V is fitted with. */
  q2: Mlp | null;
  /** Value scale S (problem units per network unit). */
  valueScale: number;
  /** Advantage-rate scale (problem units per time per network unit). */
  rateScale: number;
}

export function createNetworks(
  critic: CriticKind,
  advantage: AdvantageKind,
  zDim: number,
  aDim: number,
  shape: NetworkShape,
  seed: number,
): Networks {
  const spec = (inputs: number, outputs: number) => ({
    inputs,
    outputs,
    hidden: [...shape.hidden],
    activation: shape.activation,
  });
  const actor = createMlp(spec(zDim, aDim), seed + 1);
  // The first policy is the middle of the control box: a known, admissible start.
  setConstantOutput(actor, new Float64Array(aDim));
  const quadratic = critic === 'continuous' && advantage === 'quadratic';
  const q = quadratic
    ? createMlp(spec(zDim, factorSize(aDim)), seed + 2)
    : createMlp(spec(zDim + aDim, 1), seed + 2);
  const value = critic === 'continuous' ? createMlp(spec(zDim, 1), seed + 3) : null;
  // Critics start at zero: a random output of order one would be an error of order S that
  // TD removes only at the slow rate ρΔt per target update. The quadratic's factor starts
  // at L = I: a move across the encoded box costs about s(x), a rate of the rewards' size.
  setConstantOutput(q, []);
  const q2 = critic === 'continuous' && !quadratic ? createMlp(spec(zDim + aDim, 1), seed + 4) : null;
  if (q2) setConstantOutput(q2, [0]);
  if (value) setConstantOutput(value, [0]);
  return { critic, advantage, actor, value, q, q2, valueScale: 1, rateScale: 1 };
}

export function cloneNetworks(n: Networks): Networks {
  return {
    ...n,
    actor: cloneMlp(n.actor),
    value: n.value ? cloneMlp(n.value) : null,
    q: cloneMlp(n.q),
    q2: n.q2 ? cloneMlp(n.q2) : null,
  };
}

/** Copies `from`'s parameters and scales into `to` in place (the same shapes: a clone of it). */
export function restoreNetworks(to: Networks, from: Networks): void {
  to.actor.params.set(from.actor.params);
  to.q.params.set(from.q.params);
  if (to.value && from.value) to.value.params.set(from.value.params);
  if (to.q2 && from.q2) to.q2.params.set(from.q2.params);
  to.valueScale = from.valueScale;
  to.rateScale = from.rateScale;
}

/** target ← (1 − τ) target + τ source, parameter by parameter. */
export function polyak(target: Mlp, source: Mlp, tau: number): void {
  const t = target.params;
  const s = source.params;
  for (let i = 0; i < t.length; i++) t[i] += tau * (s[i] - t[i]);
}

/** Batched inference of the actor and of V = Q(x, a_ω(x)) for n encoded states. */
export class Evaluator {
  private readonly scratch = new ForwardScratch();
  private u = new Float64Array(0);
  private za = new Float64Array(0);
  private v = new Float64Array(0);

  constructor(
    private readonly nets: Networks,
    private readonly zDim: number,
    private readonly aDim: number,
  ) {}

  /** ã rows (n × m) = tanh(actor(z)). */
  actions(z: Float64Array, n: number, out: Float64Array): Float64Array {
    forward(this.nets.actor, z, n, out, this.scratch);
    for (let i = 0; i < n * this.aDim; i++) out[i] = Math.tanh(out[i]);
    return out;
  }

  /** V(x) = Q(x, a_ω(x)) in problem units (the internal maximise convention). */
  values(z: Float64Array, n: number, out: Float64Array): Float64Array {
    const { nets, zDim, aDim } = this;
    if (this.v.length < n) {
      this.v = new Float64Array(n);
      this.u = new Float64Array(n * aDim);
      this.za = new Float64Array(n * (zDim + aDim));
    }
    if (nets.value) forward(nets.value, z, n, this.v, this.scratch);
    else {
      this.actions(z, n, this.u);
      joinRows(z, zDim, this.u, aDim, n, this.za);
      forward(nets.q, this.za, n, this.v, this.scratch);
    }
    for (let p = 0; p < n; p++) out[p] = nets.valueScale * symexp(this.v[p]);
    return out;
  }
}

/** out rows = [A row | B row] (n rows). */
export function joinRows(
  A: Float64Array,
  a: number,
  B: Float64Array,
  b: number,
  n: number,
  out: Float64Array,
  outRow = 0,
): void {
  const w = a + b;
  for (let p = 0; p < n; p++) {
    const o = (outRow + p) * w;
    for (let i = 0; i < a; i++) out[o + i] = A[p * a + i];
    for (let j = 0; j < b; j++) out[o + a + j] = B[p * b + j];
  }
}
