/**
 * The golden-section refinement of the policy step: around the best grid action, each
 * control in turn is searched in [a − Δ, a + Δ] (two action spacings) for every node of a
 * block at once, one batch-kernel call per step. Derivative-free, so it needs nothing from
 * the language but the kernel; the chosen action is just another action, so the scheme
 * stays monotone.
 */
import { BLOCK, type QEvaluator, type Score } from './q-evaluator';
import type { Discretization } from './discretization';

export const GOLDEN = (Math.sqrt(5) - 1) / 2;
/** Golden-section steps: the bracket (two action spacings) shrinks to 0.618^12 ≈ 3e-3 of itself (a Q error of
 * order (3e-3·Δ)², far below the O(h) error of the scheme). */
export const GOLDEN_STEPS = 12;

export class GoldenScratch {
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
export function refineBlock(
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
