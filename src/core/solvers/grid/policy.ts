/**
 * The policy step of every grid method: Q (q-evaluator.ts) maximised over the discrete
 * action grid and optionally refined by a golden-section search per control around the best
 * grid action (golden.ts). All points move together: one batch kernel call per action or per
 * golden-section step, never per point — or, where the problem allows, one generated fused
 * kernel for the whole step (fused-step.ts). Then the incumbent rule that keeps Howard's
 * policy from flipping between near-ties.
 */
import type { Discretization } from './discretization';
import { upwindMaxArgs, upwindMaxKernel } from './fused-step';
import { GoldenScratch, refineBlock } from './golden';
import { BLOCK, type QEvaluator, type Score } from './q-evaluator';

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
