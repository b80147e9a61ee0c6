/**
 * The improvement step's last move on the actor: Gauss–Newton on its output layer against
 * the held pairs, with V and the advantage's factor L as the Adam steps left them
 * (docs/numerics.md §14.5, "The actor's outer part").
 *
 * Why: the Adam steps move the actor's shape little. The TD phase leaves it S-shaped (1-D
 * LQR, lab, seed 1: gain +13 % near x = 0, −11 % near the faces), and after 1000 Adam steps
 * on the pairs its part outside the middle 60 % of the box kept an error of 0.126 (relative
 * L2 against −Kx) while the pairs' targets there are right. The loss is nearly quadratic in
 * the output layer's weights (through tanh and the quadratic advantage); solved in them
 * on the same pairs, the outer part's error fell to 0.038 and the middle's gain went from
 * +0.6 % to −0.8 %, in at most eight iterations.
 */
import { choleskySolve, forward, ForwardScratch, Tape } from '../../nn';
import { wall } from './actor';
import { factorSize, quadraticBackward, quadraticForward } from './advantage';
import type { Chunked } from './chunks';
import type { HeldPairs } from './held-pairs';
import { advantageScale, symexp, valueWeight, type Networks } from './networks';

/** Gauss–Newton iterations at most... */
const ITERATIONS = 8;
/**
 * ...and the relative fall of the loss below which they stop (lab LQR, seed 1, ridge 10⁻⁴:
 * 1.8·10⁻⁴, 1.3·10⁻⁵, 1.3·10⁻⁶, 1.4·10⁻⁷ after the first; an iteration on 2.3·10⁴ pairs
 * took 0.1–0.3 s at load 20 on 2 cores).
 */
const CONVERGED = 1e-6;
/** Step halvings tried before an iteration is given up. */
const HALVINGS = 10;
/**
 * Ridge towards the output layer the Adam steps left, relative to the normal matrix's mean
 * diagonal: the features are nearly dependent, and without it the weights' norm went from
 * 0.4 to 100 for a loss 0.6 % lower (lab LQR, seed 1; ridge 1e-8). The outer part's error
 * after the first round (same run): 0.033 at 1e-8, 0.038 at 1e-5, 0.062 at 1e-4, 0.107 at
 * 1e-3; 0.126 after the Adam steps alone.
 */
const RIDGE = 1e-5;

/**
 * Minimises the improvement's loss Σ w(V)·(V + Δt·s·q(a − μ̃) − y)² + ½ Σ wall(u)² (the
 * loss of quadraticStep, actor.ts's wall included) over the actor's output layer, μ̃ =
 * tanh(u), u = W·h(z) + b with the features h fixed. Each iteration solves the linearised
 * least squares (with the ridge towards the weights the solve started from) and halves the
 * step until the loss falls; it stops when none does or the fall is below CONVERGED.
 * Chunked after every iteration.
 */
export function* fitActorOutput(nets: Networks, pairs: HeldPairs, dt: number): Chunked<void> {
  const { actor, q, value } = nets;
  if (!value || pairs.n === 0) return;
  const { z, a, y, n } = pairs;
  const m = actor.spec.outputs;
  const layer = actor.layers[actor.layers.length - 1];
  const h = layer.nin;
  const k = h + 1;
  const np = m * k;
  const tape = new Tape(actor, n);
  tape.forward(z, n);
  const F = tape.inputs[actor.layers.length - 1];
  // What the output layer does not change: V's part of the residual, the weights, Δt·s, L.
  const scratch = new ForwardScratch();
  const v = forward(value, z, n, new Float64Array(n), scratch);
  const fs = factorSize(m);
  const l = forward(q, z, n, new Float64Array(n * fs), scratch);
  const S = nets.valueScale;
  const base = new Float64Array(n);
  const w = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const V = S * symexp(v[i]);
    w[i] = valueWeight(V, S);
    c[i] = dt * advantageScale(nets, V);
    base[i] = V - y[i];
  }
  const params = actor.params;
  const anchor = params.slice(layer.w, layer.b + m);
  let lambda = 0;
  const u = new Float64Array(n * m);
  const mu = new Float64Array(n * m);
  const d = new Float64Array(n * m);
  const qv = new Float64Array(n);
  const wv = new Float64Array(n * m);
  const dd = new Float64Array(n * m);
  const dl = new Float64Array(n * fs);
  const ones = new Float64Array(n).fill(1);
  /** u, μ̃, d and q at the current output layer; returns the loss. */
  const evaluate = (): number => {
    for (let i = 0; i < n; i++)
      for (let o = 0; o < m; o++) {
        let s = params[layer.b + o];
        for (let j = 0; j < h; j++) s += params[layer.w + o * h + j] * F[i * h + j];
        u[i * m + o] = s;
        mu[i * m + o] = Math.tanh(s);
        d[i * m + o] = a[i * m + o] - mu[i * m + o];
      }
    quadraticForward(d, l, n, m, qv, wv);
    let loss = 0;
    for (let j = 0; j < anchor.length; j++) loss += lambda * (params[layer.w + j] - anchor[j]) ** 2;
    for (let i = 0; i < n; i++) {
      const r = base[i] + c[i] * qv[i];
      loss += w[i] * r * r;
      for (let o = 0; o < m; o++) loss += 0.5 * wall(u[i * m + o]) ** 2;
    }
    return loss;
  };
  const A = new Float64Array(np * np);
  const B = new Float64Array(np);
  const g = new Float64Array(m);
  const J = new Float64Array(np);
  let loss = evaluate();
  for (let it = 0; it < ITERATIONS; it++) {
    // ∂q/∂d for every row (quadraticBackward with ∂loss/∂q = 1); ∂q/∂μ̃ = −∂q/∂d.
    quadraticBackward(d, l, wv, ones, n, m, dd, dl);
    A.fill(0);
    B.fill(0);
    // The normal equations' lower triangle, one rank-one term per pair (and per wall hit).
    for (let i = 0; i < n; i++) {
      const r = base[i] + c[i] * qv[i];
      for (let o = 0; o < m; o++) g[o] = -c[i] * dd[i * m + o] * (1 - mu[i * m + o] ** 2);
      for (let o = 0; o < m; o++) {
        for (let j = 0; j < h; j++) J[o * k + j] = g[o] * F[i * h + j];
        J[o * k + h] = g[o];
      }
      for (let s = 0; s < np; s++) {
        const js = w[i] * J[s];
        B[s] -= js * r;
        const at = s * np;
        for (let t = 0; t <= s; t++) A[at + t] += js * J[t];
      }
      for (let o = 0; o < m; o++) {
        const push = wall(u[i * m + o]);
        if (push === 0) continue;
        for (let p = 0; p < k; p++) {
          const fp = p < h ? F[i * h + p] : 1;
          B[o * k + p] -= 0.5 * push * fp;
          const at = (o * k + p) * np + o * k;
          for (let p2 = 0; p2 <= p; p2++) A[at + p2] += 0.5 * fp * (p2 < h ? F[i * h + p2] : 1);
        }
      }
    }
    for (let s = 0; s < np; s++) for (let t = 0; t < s; t++) A[t * np + s] = A[s * np + t];
    if (it === 0) {
      let trace = 0;
      for (let p = 0; p < np; p++) trace += A[p * np + p];
      lambda = (RIDGE * trace) / np;
    }
    for (let o = 0; o < m; o++)
      for (let p = 0; p < k; p++) {
        const at = o * k + p;
        const from = p < h ? o * h + p : h * m + o;
        A[at * np + at] += lambda;
        B[at] -= lambda * (params[layer.w + from] - anchor[from]);
      }
    if (!choleskySolve(A, B, np, 1)) return;
    const start = params.slice(layer.w, layer.b + m);
    const set = (t: number) => {
      for (let o = 0; o < m; o++) {
        for (let j = 0; j < h; j++) params[layer.w + o * h + j] = start[o * h + j] + t * B[o * k + j];
        params[layer.b + o] = start[layer.b - layer.w + o] + t * B[o * k + h];
      }
    };
    let t = 1;
    let next = Infinity;
    for (let tries = 0; tries < HALVINGS; tries++, t /= 2) {
      set(t);
      next = evaluate();
      if (next < loss) break;
    }
    if (!(next < loss)) {
      set(0);
      evaluate();
      return;
    }
    const fall = (loss - next) / loss;
    loss = next;
    if (fall < CONVERGED) return;
    yield;
  }
}
