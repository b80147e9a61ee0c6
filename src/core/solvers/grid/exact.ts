/**
 * Errors against the problem's exact solution (docs/numerics.md §10.3, §12) on the middle 60 % of the box,
 * away from the boundary layers that truncating the domain creates. Both sides are in the
 * problem's own sense.
 */
import { middleMask } from '../../grid/tensor';
import { KernelRunner } from '../kernels';
import type { Discretization } from './discretization';
import type { ExactError } from './types';

export class ExactComparison {
  private readonly runner: KernelRunner | null;
  readonly mask: Uint8Array;
  private lastT = Number.NaN;

  constructor(private readonly disc: Discretization) {
    const exact = disc.problem.kernels.exact;
    this.runner = exact ? new KernelRunner(disc.problem, exact, 'exact', disc.coords, disc.n) : null;
    this.mask = middleMask(disc.grid, 0.6);
  }

  get available(): boolean {
    return this.runner !== null;
  }

  /** Exact value (output 0) and policies (outputs 1…) at every node at time t. */
  evaluate(t: number): readonly Float64Array[] | null {
    const r = this.runner;
    if (!r) return null;
    if (t !== this.lastT) {
      const n = this.disc.n;
      const mid = this.disc.problem.controls.map((c) => 0.5 * (c.min + c.max));
      r.setConstantControls(mid, n);
      r.t.fill(t, 0, n);
      r.run(n);
      this.lastT = t;
    }
    return r.outs;
  }

  /** value: the user's V; policy per control. */
  compare(
    value: Float64Array,
    policy: readonly Float64Array[],
    t: number,
    valueOffset = 0,
  ): ExactError | undefined {
    const outs = this.evaluate(t);
    if (!outs) return undefined;
    const { n, m } = this.disc;
    const mask = this.mask;
    const ev = outs[0];
    let maxErr = 0;
    let maxRef = 0;
    for (let p = 0; p < n; p++) {
      if (!mask[p]) continue;
      maxErr = Math.max(maxErr, Math.abs(value[valueOffset + p] - ev[p]));
      maxRef = Math.max(maxRef, Math.abs(ev[p]));
    }
    const result: ExactError = { value: { max: maxErr, relMax: maxRef > 0 ? maxErr / maxRef : maxErr } };
    if (outs.length >= 1 + m && m > 0) {
      let maxPol = 0;
      for (let j = 0; j < m; j++) {
        const ex = outs[1 + j];
        const pj = policy[j];
        for (let p = 0; p < n; p++)
          if (mask[p]) maxPol = Math.max(maxPol, Math.abs(pj[valueOffset + p] - ex[p]));
      }
      result.policy = { max: maxPol };
    }
    return result;
  }
}
