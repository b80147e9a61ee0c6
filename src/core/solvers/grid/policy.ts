/**
 * The policy step of every grid method: Q_a(x_p) = r(x_p, a) + L^a V(x_p) with the upwind
 * stencil (stencil.ts), maximised over the discrete action grid and optionally refined by a
 * golden-section search per control around the best grid action (derivative-free, so it
 * needs nothing from the language but the kernel; the chosen action is just another action,
 * so the scheme stays monotone). All points move together: one batch kernel call per
 * action or per golden-section step, never per point.
 *
 * Constraint faces: a control whose drift points out of the box is inadmissible at a face
 * node. The one-sided difference there is replaced by ∓BIG so that such a control scores
 * −BIG·|f_out|: any admissible control wins, and if none exists the least outward one does
 * (its outward drift is then dropped by the stencil).
 */
import { compileUpwindMaxKernel, type UpwindMaxArgs, type UpwindMaxKernel } from './upwind-kernel';
import type { ProblemExprs } from '../../problem/types';
import { KernelRunner } from '../kernels';
import type { SolverProblem } from '../problem';
import type { Discretization } from './discretization';
import { ensureDiffusion } from './discretization';
import { diffusionRates } from './stencil';

const BIG = 1e20;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
/** Golden-section steps: the bracket (two action spacings) shrinks to 0.618^12 ≈ 3e-3 of itself (a Q error of
 * order (3e-3·Δ)², far below the O(h) error of the scheme). */
const GOLDEN_STEPS = 12;

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

export interface ImproveResult {
  /** Largest total jump rate over nodes and discrete actions (only when asked). */
  maxOut: number;
}

/**
 * Greedy policy for V at time t: writes the maximising controls to `policy` and the maximal
 * score to `best` (Dirichlet rows keep whatever they had).
 */
export function improve(
  disc: Discretization,
  ev: QEvaluator,
  V: Float64Array,
  t: number,
  policy: Float64Array[],
  best: Float64Array,
  options: { refine: boolean; score: Score; wantOut?: boolean; bestOut?: Float64Array },
): ImproveResult {
  const { n } = disc;
  const wantOut = options.wantOut === true || options.score === 'ratio';
  ev.prepare(V, t);
  const fused = options.score === 'q' && !wantOut && !options.bestOut ? upwindMaxKernel(disc) : null;
  const args = fused ? upwindMaxArgs(disc, ev, t, policy, best, options.refine) : null;
  let maxOut = 0;
  let scratch: GoldenScratch | null = null;
  for (let start = 0; start < n; start += BLOCK) {
    if (fused && args) {
      args.start = start;
      args.end = Math.min(n, start + BLOCK);
      // −1: done. Otherwise a non-finite Q: redo the block with the checked batch kernel,
      // which stops with a message naming the function and the point (or, for a mere
      // overflow of Q, computes the same thing).
      if (fused.run(args) < 0) continue;
    }
    if (options.refine) scratch ??= new GoldenScratch();
    maxOut = Math.max(maxOut, improveBlock(disc, ev, start, policy, best, options, wantOut, scratch));
  }
  return { maxOut };
}

/** The policy step on one block of nodes with the batch kernel, one call per action. */
function improveBlock(
  disc: Discretization,
  ev: QEvaluator,
  start: number,
  policy: Float64Array[],
  best: Float64Array,
  options: { refine: boolean; score: Score; bestOut?: Float64Array },
  wantOut: boolean,
  scratch: GoldenScratch | null,
): number {
  const { m, actions, stencil } = disc;
  const dir = stencil.dirichlet;
  const bestOut = options.bestOut;
  const a0 = new Float64Array(m);
  let maxOut = 0;
  const len = ev.block(start);
  best.fill(-Infinity, start, start + len);
  for (let a = 0; a < actions.count; a++) {
    for (let j = 0; j < m; j++) a0[j] = actions.values[a * m + j];
    ev.runner.setConstantControls(a0, len);
    ev.evaluate(wantOut);
    if (wantOut) {
      const out = ev.out;
      for (let e = 0; e < len; e++) if (!dir[start + e] && out[e] > maxOut) maxOut = out[e];
    }
    if (options.score === 'q') {
      const q = ev.q;
      for (let e = 0; e < len; e++) {
        const p = start + e;
        if (q[e] > best[p]) {
          best[p] = q[e];
          for (let j = 0; j < m; j++) policy[j][p] = a0[j];
        }
      }
    } else {
      for (let e = 0; e < len; e++) {
        const p = start + e;
        const s = ev.score('ratio', e);
        if (s > best[p]) {
          best[p] = s;
          if (bestOut) bestOut[p] = ev.out[e];
          for (let j = 0; j < m; j++) policy[j][p] = a0[j];
        }
      }
    }
  }
  if (scratch) refineBlock(disc, ev, policy, best, options.score, wantOut, scratch, bestOut);
  return maxOut;
}

/**
 * The fused policy-step kernel of a compiled problem (src/core/lang/kernel.ts,
 * compileUpwindMaxKernel): Q for every action and the golden-section search in registers,
 * about 10× less work and memory traffic than one batch-kernel call per action. Needs the
 * problem's IR, and noise that does not depend on the control (its diffusion term is then
 * the control-free `base`); null otherwise or where code generation is refused.
 */
const fusedKernels = new WeakMap<object, UpwindMaxKernel | null>();

export function upwindMaxKernel(disc: Discretization): UpwindMaxKernel | null {
  const problem: SolverProblem & { exprs?: ProblemExprs } = disc.problem;
  const exprs = problem.exprs;
  if (!exprs || (disc.k > 0 && !problem.noiseControlFree)) return null;
  const cached = fusedKernels.get(problem);
  if (cached !== undefined) return cached;
  let kernel: UpwindMaxKernel | null = null;
  try {
    kernel = compileUpwindMaxKernel(
      exprs.drift,
      exprs.reward,
      problem.states.map((s) => s.name),
      problem.controls.map((c) => c.name),
    );
  } catch {
    kernel = null; // e.g. IR that does not match the kernels' inputs: keep the batch path
  }
  fusedKernels.set(problem, kernel);
  return kernel;
}

function upwindMaxArgs(
  disc: Discretization,
  ev: QEvaluator,
  t: number,
  policy: Float64Array[],
  best: Float64Array,
  refine: boolean,
): UpwindMaxArgs {
  const { actions } = disc;
  return {
    states: disc.coords,
    t,
    dPlus: ev.dp,
    dMinus: ev.dm,
    base: ev.qDiff,
    actions: actions.values,
    count: actions.count,
    refine,
    lo: Float64Array.from(actions.lo),
    hi: Float64Array.from(actions.hi),
    step: Float64Array.from(actions.steps),
    goldenSteps: GOLDEN_STEPS,
    golden: GOLDEN,
    skip: disc.stencil.dirichlet,
    best,
    policy,
    start: 0,
    end: 0,
  };
}

class GoldenScratch {
  lo = new Float64Array(BLOCK);
  hi = new Float64Array(BLOCK);
  x1 = new Float64Array(BLOCK);
  x2 = new Float64Array(BLOCK);
  f1 = new Float64Array(BLOCK);
  f2 = new Float64Array(BLOCK);
  o1 = new Float64Array(BLOCK);
  o2 = new Float64Array(BLOCK);
  first = new Uint8Array(BLOCK);
}

/** Golden-section search on each control in turn, for the current block, in [a − Δ, a + Δ]. */
function refineBlock(
  disc: Discretization,
  ev: QEvaluator,
  policy: Float64Array[],
  best: Float64Array,
  score: Score,
  wantOut: boolean,
  g: GoldenScratch,
  bestOut: Float64Array | undefined,
): void {
  const { m, actions } = disc;
  const { start, len: n, runner } = ev;
  const { lo, hi, x1, x2, f1, f2, o1, o2, first } = g;
  for (let j = 0; j < m; j++) {
    if (actions.steps[j] <= 0 || actions.lo[j] === actions.hi[j]) continue;
    for (let i = 0; i < m; i++) if (i !== j) runner.controls[i].set(policy[i].subarray(start, start + n));
    const c = runner.controls[j];
    const pj = policy[j];
    const step = actions.steps[j];
    for (let e = 0; e < n; e++) {
      const a = pj[start + e];
      lo[e] = Math.max(actions.lo[j], a - step);
      hi[e] = Math.min(actions.hi[j], a + step);
      x1[e] = hi[e] - GOLDEN * (hi[e] - lo[e]);
      x2[e] = lo[e] + GOLDEN * (hi[e] - lo[e]);
      c[e] = x1[e];
    }
    ev.evaluate(wantOut);
    for (let e = 0; e < n; e++) {
      f1[e] = ev.score(score, e);
      o1[e] = ev.out[e];
      c[e] = x2[e];
    }
    ev.evaluate(wantOut);
    for (let e = 0; e < n; e++) {
      f2[e] = ev.score(score, e);
      o2[e] = ev.out[e];
    }
    for (let it = 0; it < GOLDEN_STEPS; it++) {
      for (let e = 0; e < n; e++) {
        if (f1[e] > f2[e]) {
          hi[e] = x2[e];
          x2[e] = x1[e];
          f2[e] = f1[e];
          o2[e] = o1[e];
          x1[e] = hi[e] - GOLDEN * (hi[e] - lo[e]);
          c[e] = x1[e];
          first[e] = 1;
        } else {
          lo[e] = x1[e];
          x1[e] = x2[e];
          f1[e] = f2[e];
          o1[e] = o2[e];
          x2[e] = lo[e] + GOLDEN * (hi[e] - lo[e]);
          c[e] = x2[e];
          first[e] = 0;
        }
      }
      ev.evaluate(wantOut);
      for (let e = 0; e < n; e++) {
        if (first[e]) {
          f1[e] = ev.score(score, e);
          o1[e] = ev.out[e];
        } else {
          f2[e] = ev.score(score, e);
          o2[e] = ev.out[e];
        }
      }
    }
    for (let e = 0; e < n; e++) {
      const p = start + e;
      const better = f1[e] > f2[e];
      const f = better ? f1[e] : f2[e];
      if (f > best[p]) {
        best[p] = f;
        pj[p] = better ? x1[e] : x2[e];
        if (bestOut) bestOut[p] = better ? o1[e] : o2[e];
      }
      c[e] = pj[p];
    }
  }
}

/**
 * A challenger must beat the incumbent's Q by this fraction of the size of Q's terms
 * (out-rate·|V| + |r|) to replace it. Q of one action computed along two code paths (the
 * fused kernel and the batch kernel) differs by a few ulps of those terms, and where V spans
 * many orders of magnitude (Merton on a wide box: |V| from 1e-10 to 1e17) a few ulps of a
 * large |V| are a large absolute number. Measured on the wide-box Merton family: without the
 * margin one node's action flipped back and forth for the whole 200-iteration cap.
 * 1e-12 is about 5000 ulps; keeping an incumbent that loses by less changes V by at most
 * margin/ρ per node, far below the tolerance.
 */
export const INCUMBENT_MARGIN = 1e-12;

/**
 * Keeps the previous action wherever the new greedy one does not beat it by more than
 * round-off (INCUMBENT_MARGIN). The greedy search compares discrete actions and golden-
 * section probes, which need not contain the incumbent, so without this a node could
 * trade its action for a slightly worse one and policy iteration would lose its monotonicity
 * (and cycle). Call right after `improve` with the same V and t (the differences of V are
 * reused); updates `best` to the larger of the two scores. Returns the nodes kept.
 *
 * Without refinement the actions are the discrete grid, and an incumbent off it (interpolated
 * from a coarser grid) is no candidate: it is kept only where it ties with the greedy one.
 * Keeping it where it was better gave a 1-D LQR at 81 nodes and 11 actions V(0) = −0.24
 * instead of its discrete optimum −0.33: the solution of another problem.
 */
export function keepIncumbent(
  disc: Discretization,
  ev: QEvaluator,
  V: Float64Array,
  incumbent: readonly Float64Array[],
  policy: Float64Array[],
  best: Float64Array,
  refine: boolean,
): number {
  const { n, m, d, k, stencil } = disc;
  const dir = stencil.dirichlet;
  let kept = 0;
  for (let start = 0; start < n; start += BLOCK) {
    // Blocks where no action changed need no check (most of them after the first steps).
    const end = Math.min(n, start + BLOCK);
    let changed = false;
    for (let j = 0; j < m && !changed; j++) {
      const a = policy[j];
      const b = incumbent[j];
      for (let p = start; p < end; p++)
        if (a[p] !== b[p]) {
          changed = true;
          break;
        }
    }
    if (!changed) continue;
    const len = ev.block(start);
    for (let j = 0; j < m; j++) ev.runner.controls[j].set(incumbent[j].subarray(start, start + len));
    ev.evaluate(true);
    const q = ev.q;
    const out = ev.out;
    const R = ev.runner.outs[d + d * k];
    for (let e = 0; e < len; e++) {
      const p = start + e;
      if (dir[p]) continue;
      const margin = INCUMBENT_MARGIN * (out[e] * Math.abs(V[p]) + Math.abs(R[e]));
      // A non-finite incumbent score (a face penalty overflowing) never wins.
      if (!(best[p] > q[e] + margin) && Number.isFinite(q[e]) && (refine || q[e] <= best[p] + margin)) {
        let moved = false;
        for (let j = 0; j < m; j++) {
          if (policy[j][p] !== incumbent[j][p]) moved = true;
          policy[j][p] = incumbent[j][p];
        }
        if (moved) kept++;
        if (q[e] > best[p]) best[p] = q[e];
      }
    }
  }
  return kept;
}

/** Counts nodes whose action moved by more than 1e-6 of its control's range. */
export function policyChanges(
  disc: Discretization,
  a: readonly Float64Array[],
  b: readonly Float64Array[],
): number {
  const { n, m, actions, stencil } = disc;
  let changes = 0;
  for (let p = 0; p < n; p++) {
    if (stencil.dirichlet[p]) continue;
    for (let j = 0; j < m; j++) {
      if (Math.abs(a[j][p] - b[j][p]) > 1e-6 * (actions.hi[j] - actions.lo[j])) {
        changes++;
        break;
      }
    }
  }
  return changes;
}
