/**
 * Q of every node for given controls on one discretization: Q_a(x_p) = r(x_p, a) + L^a V(x_p)
 * with the upwind stencil (stencil.ts), block by block through the batch kernel, and the
 * one-sided differences of V it needs.
 *
 * Constraint faces: a control whose drift points out of the box is inadmissible at a face
 * node. The one-sided difference there is replaced by ∓BIG so that such a control scores
 * −BIG·|f_out|: any admissible control wins, and if none exists the least outward one does
 * (its outward drift is then dropped by the stencil).
 */
import { KernelRunner } from '../kernels';
import type { Discretization } from './discretization';
import { ensureDiffusion } from './discretization';
import { diffusionRates } from './stencil';

const BIG = 1e20;

export type Score = 'q' | 'ratio';

/**
 * Nodes per block. The policy step runs block by block with all actions (and the whole
 * golden-section search) inside a block, so the kernel outputs, the differences of V and
 * the running maximum stay in cache: the step is memory-bound, not arithmetic-bound.
 */
export const BLOCK = 1024;

/** Scratch arrays and per-V data of the policy step on one discretization. */
export class QEvaluator {
  readonly dp: Float64Array[];
  readonly dm: Float64Array[];
  readonly qDiff: Float64Array;
  /** Q (and jump rates) of the current block, indexed from the block start. */
  readonly q: Float64Array;
  readonly out: Float64Array;
  /** Kernel runner over one block; its control inputs are block-local. */
  readonly runner: KernelRunner;
  start = 0;
  len = 0;
  private readonly w: Float64Array | null;
  private V: Float64Array = new Float64Array(0);
  private t = 0;

  constructor(private readonly disc: Discretization) {
    const { n, d, k, problem } = disc;
    this.dp = Array.from({ length: d }, () => new Float64Array(n));
    this.dm = Array.from({ length: d }, () => new Float64Array(n));
    this.qDiff = new Float64Array(n);
    this.q = new Float64Array(BLOCK);
    this.out = new Float64Array(BLOCK);
    this.runner = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', disc.coords, BLOCK);
    const perAction = k > 0 && !problem.noiseControlFree;
    this.w = perAction ? new Float64Array(BLOCK * disc.stencil.slots) : null;
    // Control-free Σ is checked once where it is cached (ensureDiffusion).
    if (!perAction) this.runner.uncheckedOutputs = new Set(Array.from({ length: d * k }, (_, e) => d + e));
  }

  /** One-sided differences of V along every state, and the diffusion part of L V when Σ is control-free. */
  prepare(V: Float64Array, t: number): void {
    const { stencil: st, n, d } = this.disc;
    this.V = V;
    this.t = t;
    const { cols, slots, idx, invHPlus, invHMinus, kinds } = st;
    for (let k = 0; k < d; k++) {
      const dp = this.dp[k];
      const dm = this.dm[k];
      const ik = idx[k];
      const ihp = invHPlus[k];
      const ihm = invHMinus[k];
      const last = st.shape[k] - 1;
      const periodic = kinds[k] === 'periodic';
      const constraint = kinds[k] === 'constraint';
      for (let p = 0; p < n; p++) {
        const i = ik[p];
        const v = V[p];
        dp[p] = periodic || i < last ? (V[cols[p * slots + 2 * k + 1]] - v) * ihp[i] : constraint ? -BIG : 0;
        dm[p] = periodic || i > 0 ? (v - V[cols[p * slots + 2 * k]]) * ihm[i] : constraint ? BIG : 0;
      }
    }
    this.qDiff.fill(0);
    ensureDiffusion(this.disc, t);
    if (this.disc.diffusion) generatorApply(this.disc, this.disc.diffusion, V, this.qDiff, 0, n);
  }

  /** Moves to the block of nodes start…start+len−1. */
  block(start: number): number {
    const len = Math.min(BLOCK, this.disc.n - start);
    this.start = start;
    this.len = len;
    this.runner.setStates(this.disc.coords.map((c) => c.subarray(start, start + len)));
    this.runner.t.fill(this.t, 0, len);
    return len;
  }

  /**
   * Q (and with wantOut the total jump rate, for value iteration and the CFL bound) on the
   * current block for the controls currently in the runner's inputs.
   */
  evaluate(wantOut: boolean): void {
    const disc = this.disc;
    const { d, k, stencil: st } = disc;
    const { runner, start, len: n } = this;
    runner.runAt(start, n, st.dirichlet);
    const outs = runner.outs;
    const R = outs[d + d * k];
    const q = this.q;
    if (this.w) {
      disc.clipped = Math.max(
        disc.clipped,
        diffusionRates(st, outs.slice(d, d + d * k), k, this.w, start, n),
      );
      generatorApply(disc, this.w, this.V, q, start, n);
      for (let e = 0; e < n; e++) q[e] += R[e];
    } else {
      const qd = this.qDiff;
      for (let e = 0; e < n; e++) q[e] = R[e] + qd[start + e];
    }
    // Upwind drift term Σ_k f_k·(f_k > 0 ? D⁺_k V : D⁻_k V), fused for the common dimensions.
    if (d === 1) {
      const f0 = outs[0];
      const dp0 = this.dp[0];
      const dm0 = this.dm[0];
      for (let e = 0; e < n; e++) {
        const a = f0[e];
        const p = start + e;
        q[e] += a > 0 ? a * dp0[p] : a * dm0[p];
      }
    } else if (d === 2) {
      const f0 = outs[0];
      const f1 = outs[1];
      const dp0 = this.dp[0];
      const dm0 = this.dm[0];
      const dp1 = this.dp[1];
      const dm1 = this.dm[1];
      for (let e = 0; e < n; e++) {
        const a = f0[e];
        const b = f1[e];
        const p = start + e;
        q[e] += (a > 0 ? a * dp0[p] : a * dm0[p]) + (b > 0 ? b * dp1[p] : b * dm1[p]);
      }
    } else if (d === 3) {
      const f0 = outs[0];
      const f1 = outs[1];
      const f2 = outs[2];
      const dp0 = this.dp[0];
      const dm0 = this.dm[0];
      const dp1 = this.dp[1];
      const dm1 = this.dm[1];
      const dp2 = this.dp[2];
      const dm2 = this.dm[2];
      for (let e = 0; e < n; e++) {
        const a = f0[e];
        const b = f1[e];
        const c = f2[e];
        const p = start + e;
        q[e] +=
          (a > 0 ? a * dp0[p] : a * dm0[p]) +
          (b > 0 ? b * dp1[p] : b * dm1[p]) +
          (c > 0 ? c * dp2[p] : c * dm2[p]);
      }
    } else {
      for (let j = 0; j < d; j++) {
        const f = outs[j];
        const dp = this.dp[j];
        const dm = this.dm[j];
        for (let e = 0; e < n; e++) {
          const v = f[e];
          q[e] += v > 0 ? v * dp[start + e] : v * dm[start + e];
        }
      }
    }
    if (wantOut) this.jumpRates(outs);
  }

  private jumpRates(outs: readonly Float64Array[]): void {
    const { d, stencil: st } = this.disc;
    const { start, len: n } = this;
    const out = this.out;
    const slots = st.slots;
    if (this.w || this.disc.diffusion) {
      const w = this.w ?? this.disc.diffusion!;
      const base = this.w ? 0 : start;
      for (let e = 0; e < n; e++) {
        let s = 0;
        const b = (base + e) * slots;
        for (let j = 0; j < slots; j++) s += w[b + j];
        out[e] = s;
      }
    } else out.fill(0, 0, n);
    for (let j = 0; j < d; j++) {
      const f = outs[j];
      const ik = st.idx[j];
      const ihp = st.invHPlus[j];
      const ihm = st.invHMinus[j];
      const last = st.shape[j] - 1;
      const periodic = st.kinds[j] === 'periodic';
      for (let e = 0; e < n; e++) {
        const v = f[e];
        const i = ik[start + e];
        if (v > 0) {
          if (periodic || i < last) out[e] += v * ihp[i];
        } else if (v < 0) {
          if (periodic || i > 0) out[e] -= v * ihm[i];
        }
      }
    }
  }

  /** The score maximised at block entry e: Q, or for value iteration the MCA update (Q + out·V)/(ρ + out). */
  score(score: Score, e: number): number {
    if (score === 'q') return this.q[e];
    const v = this.V[this.start + e];
    const den = this.disc.rho + this.out[e];
    return den > 0 ? (this.q[e] + this.out[e] * v) / den : v + this.q[e];
  }
}

/** y_e = Σ_s w_es (V_col − V_p) for nodes p = start + e, e < len (w and y indexed from start). */
export function generatorApply(
  disc: Discretization,
  w: Float64Array,
  V: Float64Array,
  y: Float64Array,
  start: number,
  len: number,
): void {
  const { cols, slots } = disc.stencil;
  for (let e = 0; e < len; e++) {
    const p = start + e;
    const v = V[p];
    let s = 0;
    const b = p * slots;
    const bw = e * slots;
    for (let j = 0; j < slots; j++) s += w[bw + j] * (V[cols[b + j]] - v);
    y[e] = s;
  }
}
