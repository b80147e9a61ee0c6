/**
 * Soft (KL-regularised) policy step, docs/numerics.md §2.5, §5.4: with temperature α and a uniform prior
 * over the finite action set A,
 *   ρV = α log( (1/|A|) Σ_a exp(Q_a/α) ),  π(a|x) ∝ exp(Q_a/α),  Q_a = r_a + L^a V.
 * Policy iteration for it evaluates the Boltzmann policy π of the current V: the mixed
 * generator Σ_a π_a L^a (the same stencil pattern, rates averaged, still monotone) with the
 * reward Σ_a π_a r_a − α Σ_a π_a log(|A| π_a). As α → 0 this is the hard max; for any α the
 * soft value lies within α log|A| / ρ below the hard one.
 */
import type { Discretization } from './discretization';
import { ensureDiffusion } from './discretization';
import { BLOCK, type QEvaluator } from './q-evaluator';
import { addDriftRates, diffusionRates } from './stencil';
import type { LinearSystem } from './system';

/**
 * Writes the mixed rates and effective reward of the Boltzmann policy of V into sys, the
 * soft maximum into `best`, and the mean action per control into `policy`.
 */
export function softStep(
  disc: Discretization,
  ev: QEvaluator,
  V: Float64Array,
  t: number,
  alpha: number,
  sys: LinearSystem,
  policy: Float64Array[],
  best: Float64Array,
): void {
  const { n, m, d, k, actions, runner, stencil } = disc;
  const A = actions.count;
  ev.prepare(V, t);
  // Pass 1: all Q_a, their maximum and the partition function.
  const qs = new Float64Array(n * A);
  const qmax = new Float64Array(n).fill(-Infinity);
  const a0 = new Float64Array(m);
  for (let start = 0; start < n; start += BLOCK) {
    const len = ev.block(start);
    for (let a = 0; a < A; a++) {
      for (let j = 0; j < m; j++) a0[j] = actions.values[a * m + j];
      ev.runner.setConstantControls(a0, len);
      ev.evaluate(false);
      for (let e = 0; e < len; e++) {
        const p = start + e;
        const q = ev.q[e];
        qs[a * n + p] = q;
        if (q > qmax[p]) qmax[p] = q;
      }
    }
  }
  const z = new Float64Array(n);
  for (let a = 0; a < A; a++) for (let p = 0; p < n; p++) z[p] += Math.exp((qs[a * n + p] - qmax[p]) / alpha);
  for (let p = 0; p < n; p++) best[p] = qmax[p] + alpha * Math.log(z[p] / A);
  // Pass 2: mix the rates and rewards with the Boltzmann weights.
  ensureDiffusion(disc, t);
  const slots = stencil.slots;
  const wa = new Float64Array(n * slots);
  sys.w.fill(0);
  sys.reward.fill(0);
  for (let j = 0; j < m; j++) policy[j].fill(0);
  for (let a = 0; a < A; a++) {
    for (let j = 0; j < m; j++) a0[j] = actions.values[a * m + j];
    runner.setConstantControls(a0, n);
    runner.t.fill(t, 0, n);
    runner.run(n, stencil.dirichlet);
    const outs = runner.outs;
    if (disc.diffusion) wa.set(disc.diffusion);
    else diffusionRates(stencil, outs.slice(d, d + d * k), k, wa);
    addDriftRates(stencil, outs.slice(0, d), wa);
    const r = outs[d + d * k];
    for (let p = 0; p < n; p++) {
      const pi = Math.exp((qs[a * n + p] - qmax[p]) / alpha) / z[p];
      if (pi === 0) continue;
      // −α π log(|A| π): the KL cost of π against the uniform prior.
      sys.reward[p] += pi * (r[p] - alpha * Math.log(A * pi));
      const b = p * slots;
      for (let s = 0; s < slots; s++) sys.w[b + s] += pi * wa[b + s];
      for (let j = 0; j < m; j++) policy[j][p] += pi * a0[j];
    }
  }
}
