/**
 * The policy-evaluation system of a fixed (possibly mixed) policy:
 *   diag_p V_p − Σ_s w_ps V_col(p,s) = rhs_p,  diag_p = shift + Σ_s w_ps
 * (shift = ρ for Howard, ρ + 1/Δt for an implicit time step), and V_p = g_p on Dirichlet
 * rows. With w ≥ 0 this is a weakly chained diagonally dominant M-matrix.
 */
import type { Discretization } from './discretization';
import { ensureDiffusion } from './discretization';
import { addDriftRates, diffusionRates } from './stencil';

export interface LinearSystem {
  w: Float64Array;
  diag: Float64Array;
  rhs: Float64Array;
  /** Reward of the policy at each node (internal sense). */
  reward: Float64Array;
  /** The shift of the last finishSystem (ρ, or ρ + 1/Δt). */
  shift: number;
}

export function createSystem(disc: Discretization): LinearSystem {
  return {
    w: new Float64Array(disc.n * disc.stencil.slots),
    diag: new Float64Array(disc.n),
    rhs: new Float64Array(disc.n),
    reward: new Float64Array(disc.n),
    shift: 0,
  };
}

/** Rates and reward of the feedback policy (one array per control) at time t. */
export function assemblePolicy(
  disc: Discretization,
  policy: readonly Float64Array[],
  t: number,
  sys: LinearSystem,
): void {
  const { runner, n, d, k, m, stencil } = disc;
  ensureDiffusion(disc, t);
  for (let j = 0; j < m; j++) runner.controls[j].set(policy[j].subarray(0, n));
  runner.t.fill(t, 0, n);
  runner.run(n, stencil.dirichlet);
  const outs = runner.outs;
  if (disc.diffusion) sys.w.set(disc.diffusion);
  else disc.clipped = Math.max(disc.clipped, diffusionRates(stencil, outs.slice(d, d + d * k), k, sys.w));
  addDriftRates(stencil, outs.slice(0, d), sys.w);
  sys.reward.set(outs[d + d * k].subarray(0, n));
}

/**
 * Diagonal and right-hand side: diag = shift + out-rate, rhs = reward + extraScale·extra.
 * When shift is 0 (undiscounted exit and minimum-time problems) the improper nodes
 * (proper.ts: the chain never reaches the target from them, so their cost is infinite and
 * their rows would make the matrix singular) must be given in `capped`. Their rows are
 * killed at rate `capRate` into a cemetery of value `capValue` (below every finite value):
 * diag += capRate, rhs += capRate·capValue. The matrix is then a nonsingular M-matrix, and
 * inside the capped set V still says how soon the chain can leave it (a discounted problem
 * there), which the policy step needs to steer those nodes out. Without `capped`, such
 * rows get a tiny diagonal shift (the last resort of callers that do not track properness).
 */
export function finishSystem(
  disc: Discretization,
  sys: LinearSystem,
  shift: number,
  extra: Float64Array | null = null,
  extraScale = 0,
  capped: Uint8Array | null = null,
  capValue = 0,
  capRate = 1,
): void {
  const { n, stencil, dirichletValue } = disc;
  const { slots, dirichlet } = stencil;
  const { w, diag, rhs, reward } = sys;
  sys.shift = shift;
  let maxDiag = 0;
  for (let p = 0; p < n; p++) {
    if (dirichlet[p]) {
      w.fill(0, p * slots, (p + 1) * slots);
      diag[p] = 1;
      rhs[p] = dirichletValue[p];
      continue;
    }
    let s = shift;
    for (let j = 0; j < slots; j++) s += w[p * slots + j];
    rhs[p] = extra ? reward[p] + extraScale * extra[p] : reward[p];
    if (capped !== null && capped[p]) {
      s += capRate;
      rhs[p] += capRate * capValue;
    }
    diag[p] = s;
    if (s > maxDiag) maxDiag = s;
  }
  if (shift <= 0 && capped === null) {
    const floor = 1e-6 * maxDiag || 1e-6;
    for (let p = 0; p < n; p++) if (!dirichlet[p] && diag[p] < floor) diag[p] = floor;
  }
}

/**
 * r := rhs − A x from the stencil form of the system (no CSR needed, so an already solved
 * system costs no factorisation); returns max |r_p / rowScale_p| (rowScale: the diagonal
 * times the size of the solution at that row, rowScales).
 */
export function systemResidual(
  disc: Discretization,
  sys: LinearSystem,
  x: Float64Array,
  r: Float64Array,
  rowScale: Float64Array,
): number {
  const { n, stencil } = disc;
  const { cols, slots } = stencil;
  const { w, rhs, diag } = sys;
  let max = 0;
  for (let i = 0; i < n; i++) {
    let acc = rhs[i] - diag[i] * x[i];
    const b = i * slots;
    for (let j = 0; j < slots; j++) acc += w[b + j] * x[cols[b + j]];
    r[i] = acc;
    const a = Math.abs(acc / rowScale[i]);
    if (a > max) max = a;
  }
  return max;
}

/**
 * The row scales of the residual norm of every linear solver: diag_p·max(1, |x_p|) for the
 * warm start x. A residual r_p then measures the error of V_p relative to max(1, |V_p|)
 * (about r_p / diag_p in absolute terms), so one tolerance serves values of every size.
 */
export function rowScales(sys: LinearSystem, x: Float64Array, out: Float64Array): void {
  const diag = sys.diag;
  for (let i = 0; i < out.length; i++) out[i] = diag[i] * Math.max(1, Math.abs(x[i]));
}
