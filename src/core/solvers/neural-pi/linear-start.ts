/**
 * The first policy of neural policy iteration, when the problem has a local linear-quadratic
 * model at the middle of its boxes (docs/numerics.md, "Neural policy iteration"): the
 * dynamics linearised and the reward expanded to second order at (x_c, a_c), the box
 * centres, and the discounted Riccati equation of that model solved for a linear feedback
 *   a = a_c − K (x − x_c),   K = R⁻¹(BᵀP + Nᵀ).
 * Why: policy iteration from a policy with a poor value diverged on the 6-D LQR (the middle
 * of the control box, a = 0, leaves three double integrators uncontrolled; its value is
 * about 20× the optimum and its greedy policy is bang-bang at the control bounds, whose
 * rollouts chatter). The local model is used only where it is one: (x_c, a_c) an
 * equilibrium (f = 0, ∂r/∂a = 0), the control cost −∂²r/∂a² positive definite, and the
 * Riccati flow settling; otherwise (Merton: wealth drifts) there is no linear start and the
 * first policy stays the middle of the control box.
 */
import { choleskySolve, fitMse } from '../../nn';
import { Random } from '../../sim/random';
import { KernelRunner } from '../kernels';
import { scaleInputs, type NeuralPiModel } from './model';
import type { PiProblem } from './problem';
import { uniformStates } from './sampling';

export interface LinearStart {
  /** Gain K, m×d row-major, in the problem's units. */
  K: Float64Array;
  /** The Riccati solution, d×d: the model's value is −½(x − x_c)ᵀP(x − x_c) + const. */
  P: Float64Array;
  centre: Float64Array;
  control: Float64Array;
}

/** Matrices of the local model, maximise sense: r ≈ r_c − ½(xᵀQx + 2xᵀNa + aᵀRa). */
interface LocalModel {
  A: Float64Array; // d×d
  B: Float64Array; // d×m
  Q: Float64Array; // d×d
  N: Float64Array; // d×m
  R: Float64Array; // m×m
}

/**
 * f and r at (x_c, a_c) with every coordinate of z = (x, a) moved by ±h and every pair
 * by (±h_i, ±h_j), in one kernel batch; then central differences. Quadratic rewards and
 * linear dynamics are differentiated exactly up to rounding (steps 1e-3 of each box).
 */
function localModel(problem: PiProblem, xc: Float64Array, ac: Float64Array): LocalModel | null {
  const d = problem.states.length;
  const m = problem.controls.length;
  const k = problem.noiseDim;
  const nz = d + m;
  const h = Float64Array.from([...problem.states, ...problem.controls], (s) => 1e-3 * (s.max - s.min));
  // Point list: centre, ±e_i, and (±e_i ± e_j) for i < j.
  const offsets: Array<Array<[number, number]>> = [[]];
  for (let i = 0; i < nz; i++) offsets.push([[i, 1]], [[i, -1]]);
  for (let i = 0; i < nz; i++)
    for (let j = i + 1; j < nz; j++)
      for (const si of [1, -1])
        for (const sj of [1, -1])
          offsets.push([
            [i, si],
            [j, sj],
          ]);
  const n = offsets.length;
  const xs = problem.states.map(() => new Float64Array(n));
  const runner = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', xs, n);
  offsets.forEach((off, p) => {
    for (let i = 0; i < d; i++) xs[i][p] = xc[i];
    for (let j = 0; j < m; j++) runner.controls[j][p] = ac[j];
    for (const [c, s] of off) {
      if (c < d) xs[c][p] += s * h[c];
      else runner.controls[c - d][p] += s * h[c];
    }
  });
  runner.run(n);
  const out = runner.outs;
  const r = out[d + d * k];
  const r0 = r[0];
  const diff = (o: Float64Array, c: number) => (o[1 + 2 * c] - o[2 + 2 * c]) / (2 * h[c]);
  const A = new Float64Array(d * d);
  const B = new Float64Array(d * m);
  for (let i = 0; i < d; i++)
    for (let c = 0; c < nz; c++) {
      if (c < d) A[i * d + c] = diff(out[i], c);
      else B[i * m + (c - d)] = diff(out[i], c);
    }
  // An equilibrium: f(x_c, a_c) = 0 and ∇r = 0 there, each relative to how much f or r
  // changes over the boxes (a drift or a linear reward would shift the feedback).
  const half = Float64Array.from(h, (v) => 500 * v);
  for (let i = 0; i < d; i++) {
    let spread = 0;
    for (let c = 0; c < nz; c++) spread += Math.abs(diff(out[i], c)) * half[c];
    if (Math.abs(out[i][0]) > 1e-9 * spread) return null;
  }
  let rSpread = Math.abs(r0);
  for (let c = 0; c < nz; c++)
    rSpread = Math.max(rSpread, Math.abs(r[1 + 2 * c] - 2 * r0 + r[2 + 2 * c]) * (half[c] / h[c]) ** 2);
  for (let c = 0; c < nz; c++) if (Math.abs(diff(r, c)) * half[c] > 1e-9 * rSpread) return null;
  // Hessian of r (z-space), negated: the cost's curvature.
  const Hz = new Float64Array(nz * nz);
  for (let c = 0; c < nz; c++) Hz[c * nz + c] = -(r[1 + 2 * c] - 2 * r0 + r[2 + 2 * c]) / (h[c] * h[c]);
  let p = 1 + 2 * nz;
  for (let i = 0; i < nz; i++)
    for (let j = i + 1; j < nz; j++) {
      const v = -(r[p] - r[p + 1] - r[p + 2] + r[p + 3]) / (4 * h[i] * h[j]);
      Hz[i * nz + j] = Hz[j * nz + i] = v;
      p += 4;
    }
  const Q = new Float64Array(d * d);
  const N = new Float64Array(d * m);
  const R = new Float64Array(m * m);
  for (let i = 0; i < nz; i++)
    for (let j = 0; j < nz; j++) {
      const v = Hz[i * nz + j];
      if (i < d && j < d) Q[i * d + j] = v;
      else if (i < d) N[i * m + (j - d)] = v;
      else if (j >= d) R[(i - d) * m + (j - d)] = v;
    }
  return { A, B, Q, N, R };
}

function matmul(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < k; l++) {
      const v = a[i * k + l];
      if (v === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j] += v * b[l * m + j];
    }
  return c;
}

function transpose(a: Float64Array, n: number, m: number): Float64Array {
  const t = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
  return t;
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (const v of a) s = Math.max(s, Math.abs(v));
  return s;
}

/**
 * P of the discounted Riccati equation 0 = Q̃ + ÃᵀP + PÃ − P S P, with Ã = A − ρ/2·I − B R⁻¹Nᵀ,
 * Q̃ = Q − N R⁻¹ Nᵀ, S = B R⁻¹ Bᵀ, as the limit of the Riccati flow dP/dτ = (right side)
 * from P = 0 (which increases to the stabilising solution when one exists), by RK4 with a
 * step from the flow's current rate. null when it does not settle.
 */
function riccati(model: LocalModel, d: number, m: number, rho: number): Float64Array | null {
  const { A, B, Q, N, R } = model;
  // R⁻¹Bᵀ and R⁻¹Nᵀ by Cholesky (R must be positive definite).
  const RiBt = transpose(B, d, m);
  const RiNt = transpose(N, d, m);
  const both = new Float64Array(m * 2 * d);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < d; j++) {
      both[i * 2 * d + j] = RiBt[i * d + j];
      both[i * 2 * d + d + j] = RiNt[i * d + j];
    }
  if (!choleskySolve(R.slice(), both, m, 2 * d)) return null;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < d; j++) {
      RiBt[i * d + j] = both[i * 2 * d + j];
      RiNt[i * d + j] = both[i * 2 * d + d + j];
    }
  const At = matmul(B, RiNt, d, m, d);
  for (let i = 0; i < d * d; i++) At[i] = A[i] - At[i];
  for (let i = 0; i < d; i++) At[i * d + i] -= rho / 2;
  const Qt = matmul(N, RiNt, d, m, d);
  for (let i = 0; i < d * d; i++) Qt[i] = Q[i] - Qt[i];
  const S = matmul(B, RiBt, d, m, d);
  const rhs = (P: Float64Array): Float64Array => {
    const AP = matmul(transpose(At, d, d), P, d, d, d);
    const PSP = matmul(matmul(P, S, d, d, d), P, d, d, d);
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        out[i * d + j] = Qt[i * d + j] + AP[i * d + j] + AP[j * d + i] - PSP[i * d + j];
    return out;
  };
  let P = new Float64Array(d * d);
  const qn = Math.max(maxAbs(Qt), 1e-300);
  for (let step = 0; step < 200_000; step++) {
    const k1 = rhs(P);
    if (maxAbs(k1) <= 1e-11 * Math.max(qn, maxAbs(P))) return P;
    // The flow's stiffness near P is that of Ã − SP; from P = 0 it must also allow for
    // P growing to about √(Q̃/S), else the first step from a slow Ã overshoots and the
    // flow blows up (1-D LQR with α = 0.04: Ã = −0.01, a first step of 1.7 time units).
    const rate = 2 * d * (maxAbs(At) + maxAbs(S) * maxAbs(P) + Math.sqrt(maxAbs(S) * qn)) + rho + 1e-12;
    const dt = 0.2 / rate;
    const add = (a: Float64Array, b: Float64Array, s: number) => a.map((v, i) => v + s * b[i]);
    const k2 = rhs(add(P, k1, dt / 2));
    const k3 = rhs(add(P, k2, dt / 2));
    const k4 = rhs(add(P, k3, dt));
    P = P.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    if (!P.every(Number.isFinite)) return null;
  }
  return null;
}

/** The linear feedback of the local model at the box centres, or null (see above). */
export function linearStart(problem: PiProblem): LinearStart | null {
  const d = problem.states.length;
  const m = problem.controls.length;
  const rho = problem.discount ?? 0;
  const centre = Float64Array.from(problem.states, (s) => 0.5 * (s.min + s.max));
  const control = Float64Array.from(problem.controls, (c) => 0.5 * (c.min + c.max));
  let model: LocalModel | null;
  try {
    model = localModel(problem, centre, control);
  } catch {
    // The problem's functions refused the probe points (NaN, a domain error).
    return null;
  }
  if (!model) return null;
  const P = riccati(model, d, m, rho);
  if (!P) return null;
  // K = R⁻¹(BᵀP + Nᵀ).
  const K = matmul(transpose(model.B, d, m), P, m, d, d);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) K[i * d + j] += model.N[j * m + i];
  if (!choleskySolve(model.R.slice(), K, m, d)) return null;
  if (!K.every(Number.isFinite)) return null;
  return { K, P, centre, control };
}

/**
 * Trains the actor to the linear start's feedback, clipped 0.1 % inside the control box,
 * in the squash's coordinates (logits), over n uniform states of the box.
 */
export function fitActorToLinear(
  problem: PiProblem,
  model: NeuralPiModel,
  start: LinearStart,
  n: number,
  seed: number,
): void {
  const d = problem.states.length;
  const m = problem.controls.length;
  const xs = uniformStates(problem, n, new Random(seed));
  const Xn = new Float64Array(n * d);
  scaleInputs(model, xs, n, Xn);
  const Y = new Float64Array(n * m);
  for (let p = 0; p < n; p++)
    for (let j = 0; j < m; j++) {
      let a = start.control[j];
      for (let i = 0; i < d; i++) a -= start.K[j * d + i] * (xs[i][p] - start.centre[i]);
      const lo = model.controlLo[j];
      const w = model.controlHi[j] - lo;
      const s = Math.min(1 - 1e-3, Math.max(1e-3, (a - lo) / w));
      Y[p * m + j] = Math.log(s / (1 - s));
    }
  fitMse(model.actor, Xn, Y, n, {
    steps: 600,
    batchSize: 256,
    lrMax: 3e-3,
    lrMin: 1e-4,
    seed: seed + 1,
    solveOutputEvery: 50,
  });
}
