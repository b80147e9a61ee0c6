/**
 * The environment's 'constraint' faces, read as the grid solver reads them (docs/numerics.md
 * §3.4): the process stays in the box by its own means, so on such a face a control whose
 * drift points out is not admissible, and the noise normal to the face vanishes. Only
 * projecting the path back is free help (§3.5): on Merton's wealth floor a learner could
 * consume at the top of the box for nothing (docs/numerics.md §14.5).
 *
 * For a system on a constraint face whose drift points out, the control is moved onto the
 * face's admissible set by Newton steps on the normal drift, a ← a − f_n ∇ₐf_n / |∇ₐf_n|²
 * (the problem's ∂f/∂a, clipped to the control box; Merton: k down to what the investment
 * earns), and drift, noise and reward are taken there. The learner never sees this: it
 * is part of the simulated system, like the projection it completes.
 */
import { KernelRunner } from '../solvers/kernels';
import type { SolverProblem } from '../solvers/problem';
import type { BatchKernel, Boundary } from '../problem/types';

const NEWTON_STEPS = 4;

/** A problem whose ∂f/∂a the environment may read (compiled problems have it). */
export type ProblemWithDa = SolverProblem & {
  kernels: SolverProblem['kernels'] & { dynamicsDa?: BatchKernel };
};

export class ConstraintRule {
  private readonly faces: number[];
  private readonly pts: Float64Array[];
  private readonly dyn: KernelRunner;
  private readonly dda: KernelRunner | null;
  private readonly rows: Int32Array;
  private readonly lo: number[];
  private readonly hi: number[];

  /** null when the problem has no constraint face. */
  static create(problem: ProblemWithDa, kinds: readonly Boundary[], capacity: number): ConstraintRule | null {
    return kinds.includes('constraint') ? new ConstraintRule(problem, kinds, capacity) : null;
  }

  private constructor(
    private readonly problem: ProblemWithDa,
    kinds: readonly Boundary[],
    capacity: number,
  ) {
    this.faces = kinds.flatMap((b, i) => (b === 'constraint' ? [i] : []));
    this.pts = problem.states.map(() => new Float64Array(capacity));
    this.dyn = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', this.pts, capacity);
    const da = problem.kernels.dynamicsDa;
    this.dda = da ? new KernelRunner(problem, da, 'dynamics', this.pts, capacity) : null;
    this.rows = new Int32Array(capacity);
    this.lo = problem.states.map((s) => s.min);
    this.hi = problem.states.map((s) => s.max);
  }

  /** The outward normal's sign of the face of state i that v sits on (0: not on one). */
  private side(i: number, v: number): number {
    return v <= this.lo[i] ? -1 : v >= this.hi[i] ? 1 : 0;
  }

  /**
   * Changes in place, for the alive systems on a constraint face, the dynamics runner's
   * controls and outputs (`controls`, `outs`, evaluated at states x and times t).
   */
  apply(
    x: readonly Float64Array[],
    t: Float64Array,
    alive: Uint8Array,
    n: number,
    controls: Float64Array[],
    outs: Float64Array[],
  ): void {
    const { problem, faces, dyn, dda } = this;
    const d = problem.states.length;
    const m = problem.controls.length;
    const k = problem.noiseDim;
    const per = d + d * k + 1;
    let b = 0;
    if (dda) {
      for (let p = 0; p < n; p++) {
        if (!alive[p]) continue;
        if (faces.some((i) => this.side(i, x[i][p]) * outs[i][p] > 0)) this.rows[b++] = p;
      }
    }
    if (b > 0 && dda) {
      for (let q = 0; q < b; q++) {
        const p = this.rows[q];
        for (let i = 0; i < d; i++) this.pts[i][q] = x[i][p];
        for (let j = 0; j < m; j++) dyn.controls[j][q] = controls[j][p];
        dyn.t[q] = dda.t[q] = t[p];
      }
      dyn.run(b);
      for (let it = 0; it < NEWTON_STEPS; it++) {
        for (let j = 0; j < m; j++) dda.controls[j].set(dyn.controls[j].subarray(0, b));
        dda.run(b);
        let moved = false;
        for (let q = 0; q < b; q++) {
          for (const i of faces) {
            const s = this.side(i, this.pts[i][q]);
            const fn = s * dyn.outs[i][q];
            if (s === 0 || fn <= 0) continue;
            let g2 = 0;
            for (let j = 0; j < m; j++) g2 += dda.outs[j * per + i][q] ** 2;
            if (!(g2 > 0)) continue;
            for (let j = 0; j < m; j++) {
              const c = problem.controls[j];
              const a = dyn.controls[j][q] - (fn * s * dda.outs[j * per + i][q]) / g2;
              dyn.controls[j][q] = Math.min(c.max, Math.max(c.min, a));
            }
            moved = true;
          }
        }
        if (!moved) break;
        dyn.run(b);
      }
      for (let q = 0; q < b; q++) {
        const p = this.rows[q];
        for (let j = 0; j < m; j++) controls[j][p] = dyn.controls[j][q];
        for (let o = 0; o < per; o++) outs[o][p] = dyn.outs[o][q];
      }
    }
    for (let p = 0; p < n; p++) {
      if (!alive[p]) continue;
      for (const i of faces)
        if (this.side(i, x[i][p]) !== 0) for (let l = 0; l < k; l++) outs[d + i * k + l][p] = 0;
    }
  }
}
