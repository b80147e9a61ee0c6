/**
 * Merton's problem in log wealth (docs/numerics.md §12.2 and §14.5) learned with the
 * default settings, seed only: the returns span decades, so the learner switches to
 * relative terms (a constant first policy with a finite value, then held-window
 * improvement against a relative value) and learns one action for every state.
 *
 * Tolerances, from the measured statistics: over seeds 1–4 the improvement rounds' π
 * scattered by about 0.01 about 0.64 (the final π is the mean of three rounds: standard
 * error about 0.006), with a systematic offset of +0.01 to +0.02 (seeds 1–3 at the
 * defaults: 0.637, 0.640, 0.633 against π* = 0.625). The goal's 0.05 is then more than five
 * standard errors beyond the offset. k carries the quadratic fit's misfit of −1/k
 * (0.055–0.060 against k* = 0.0478; with the exact value of the first policy the fit put
 * it at 0.080 against 0.046): within 40 % of k*. V is within 15 % of V* on the middle
 * (seeds 1–3: 9.7, 9.6, 8.7 %, mostly the log fit's bias, which is systematic).
 */
import { describe, expect, it } from 'vitest';
import { qLearningSolver } from '../../../../src/core/solvers/q-learning';
import { merton } from './fixtures';

const K_TOLERANCE = 0.4;
const V_TOLERANCE = 0.15;

describe('Q-learning on Merton (log wealth)', () => {
  it('learns π within 0.05 of π* at the lab example, seed 1', async () => {
    const { problem, piStar, kStar, value } = merton({
      gamma: 2,
      r: 0.03,
      mu: 0.08,
      sigma: 0.2,
      rho: 0.05,
      zMax: 10,
    });
    const phases: string[] = [];
    const result = await qLearningSolver.solve(
      problem,
      { seed: 1 },
      { onProgress: (p) => p.phase?.startsWith('final') && phases.push(p.phase) },
    );
    expect(result.status).toBe('done');
    // The relative phase reports its stages as it goes.
    expect(phases).toEqual([
      'final phase: relative terms: first policy',
      ...[1, 2, 3, 4].map((r) => `final phase: relative terms: round ${r} of 4`),
    ]);
    const worst = worstErrors(problem, result, 6, piStar, kStar, value);
    expect(worst.pi).toBeLessThan(0.05);
    expect(worst.k).toBeLessThan(K_TOLERANCE);
    expect(worst.v).toBeLessThan(V_TOLERANCE);
  }, 240_000);

  it('learns π within 0.05 of π* on another market with γ = 5, seed 1', async () => {
    const { problem, piStar, kStar, value } = merton({
      gamma: 5,
      r: 0.02,
      mu: 0.07,
      sigma: 0.25,
      rho: 0.04,
      zMax: 8,
    });
    const result = await qLearningSolver.solve(problem, { seed: 1 }, {});
    expect(result.status).toBe('done');
    const worst = worstErrors(problem, result, 4.8, piStar, kStar, value);
    expect(worst.pi).toBeLessThan(0.05);
    expect(worst.k).toBeLessThan(K_TOLERANCE);
    expect(worst.v).toBeLessThan(V_TOLERANCE);
  }, 240_000);
});

/** The worst |π − π*|, |k/k* − 1| and |V/V* − 1| on 25 points of z ∈ [−zMid, zMid]. */
function worstErrors(
  problem: Parameters<typeof qLearningSolver.policy>[0],
  result: Parameters<typeof qLearningSolver.policy>[1],
  zMid: number,
  piStar: number,
  kStar: number,
  value: (z: number) => number,
): { pi: number; k: number; v: number } {
  const n = 25;
  const zs = Float64Array.from({ length: n }, (_, i) => -zMid + (2 * zMid * i) / (n - 1));
  const pi = new Float64Array(n);
  const k = new Float64Array(n);
  const v = new Float64Array(n);
  qLearningSolver.policy(problem, result)([zs], 0, [pi, k], n);
  qLearningSolver.value(problem, result)([zs], 0, [v], n);
  const worst = { pi: 0, k: 0, v: 0 };
  for (let i = 0; i < n; i++) {
    worst.pi = Math.max(worst.pi, Math.abs(pi[i] - piStar));
    worst.k = Math.max(worst.k, Math.abs(k[i] / kStar - 1));
    worst.v = Math.max(worst.v, Math.abs(v[i] / value(zs[i]) - 1));
  }
  return worst;
}
