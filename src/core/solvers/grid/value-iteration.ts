/**
 * Value iteration in the Markov-chain-approximation form (Kushner & Dupuis): with the local
 * interpolation interval Δt_p(a) = 1/out_p(a) (out = total jump rate of the stencil) the
 * discounted chain gives
 *   V_p ← max_a ( r_p(a) + Σ_s w_ps(a) V_col ) / (ρ + out_p(a)) = max_a (Q_a + out_a V_p)/(ρ + out_a),
 * a monotone contraction with factor max out/(ρ + out) whose fixed point solves the discrete
 * HJB (the sign of ρV − Q_a equals that of V − the ratio). Slow for small ρ or fine grids —
 * Howard is the default — but it needs no linear solver and shows the classical method.
 */
import type { Discretization } from './discretization';
import { improve, policyChanges } from './policy';
import { QEvaluator } from './q-evaluator';
import type { Reporter } from './report';

export interface ValueIterationResult {
  iterations: number;
  converged: boolean;
  cancelled: boolean;
  residual: Float64Array;
  residualMax: number;
  residualL2: number;
}

export function valueIteration(
  disc: Discretization,
  V: Float64Array,
  policy: Float64Array[],
  o: { maxIter: number; tol: number; refine: boolean },
  reporter: Reporter,
): ValueIterationResult {
  const { n, m, rho, stencil, dirichletValue } = disc;
  const ev = new QEvaluator(disc);
  const best = new Float64Array(n);
  const bestOut = new Float64Array(n);
  const residual = new Float64Array(n);
  const prev = Array.from({ length: m }, () => new Float64Array(n));
  let resMax = Infinity;
  let resL2 = Infinity;
  for (let p = 0; p < n; p++) if (stencil.dirichlet[p]) V[p] = dirichletValue[p];
  for (let it = 1; it <= o.maxIter; it++) {
    for (let j = 0; j < m; j++) prev[j].set(policy[j]);
    improve(disc, ev, V, 0, policy, best, { refine: o.refine, score: 'ratio', bestOut });
    let change = 0;
    let sum = 0;
    let count = 0;
    resMax = 0;
    for (let p = 0; p < n; p++) {
      if (stencil.dirichlet[p]) {
        residual[p] = 0;
        continue;
      }
      // ρV − Q at the chosen action, from the ratio: Q = s(ρ + out) − out·V.
      const r = (rho + bestOut[p]) * (V[p] - best[p]);
      residual[p] = r;
      resMax = Math.max(resMax, Math.abs(r));
      sum += r * r;
      count++;
      // Relative to max(1, |V_p|) node by node, as Howard's stop (howard.ts).
      change = Math.max(change, Math.abs(best[p] - V[p]) / Math.max(1, Math.abs(best[p])));
      V[p] = best[p];
    }
    resL2 = Math.sqrt(sum / Math.max(1, count));
    reporter.iteration(
      {
        iteration: it,
        residualMax: resMax,
        residualL2: resL2,
        policyChanges: policyChanges(disc, prev, policy),
      },
      V,
      policy,
    );
    if (change <= o.tol) {
      return {
        iterations: it,
        converged: true,
        cancelled: false,
        residual,
        residualMax: resMax,
        residualL2: resL2,
      };
    }
    if (reporter.cancelled()) {
      return {
        iterations: it,
        converged: false,
        cancelled: true,
        residual,
        residualMax: resMax,
        residualL2: resL2,
      };
    }
  }
  return {
    iterations: o.maxIter,
    converged: false,
    cancelled: false,
    residual,
    residualMax: resMax,
    residualL2: resL2,
  };
}
