/**
 * 'constraint' faces along a path, as the grid solver reads them (docs/numerics.md §3.4):
 * the process stays in the box by its own means, so on such a face a control whose drift
 * points out is not admissible, and the noise normal to the face vanishes. Projecting the
 * path back alone is free help (§3.5): on Merton's wealth floor it let the investor consume
 * at k = 0.2–0.3 for nothing; neural policy iteration learnt to gamble its way down to the
 * floor (V 10–30 % off in the middle of the box, §13.2) and a Q-learner could do the same.
 *
 * For a path on a constraint face whose drift points out, the control is moved onto the
 * face's admissible set by Newton steps on the normal drift, a ← a − f_n ∇ₐf_n / |∇ₐf_n|²
 * (the problem's exact ∂f/∂a, clipped to the control box; Merton: k down to what the
 * investment earns), and drift, noise and reward are evaluated again there; the normal
 * noise of every path on a face is then dropped. Where no admissible control is reached the
 * last one stays and the projection keeps the path in the box. A problem without ∂f/∂a
 * keeps its controls and only loses the normal noise.
 *
 * One rule for every simulator: neural PI's rollouts, the Q-learning environment and the
 * lab's closed-loop simulation.
 */
import type { BatchKernel, Boundary } from '../problem/types';
import { KernelRunner } from '../solvers/kernels';
import type { SolverProblem } from '../solvers/problem';

const NEWTON_STEPS = 4;

/** A problem whose ∂f/∂a the rule may read (compiled control problems have it). */
export type ProblemWithDa = SolverProblem & {
  kernels: SolverProblem['kernels'] & { dynamicsDa?: BatchKernel };
};

export class ConstraintFaces {
  private readonly faces: number[];
  private readonly pts: Float64Array[];
  private readonly dyn: KernelRunner;
  private readonly dda: KernelRunner | null;
  private readonly rows: Int32Array;
  private readonly lo: number[];
  private readonly hi: number[];

  /** null when the problem has no constraint face. */
  static create(
    problem: ProblemWithDa,
    kinds: readonly Boundary[],
    capacity: number,
  ): ConstraintFaces | null {
    return kinds.includes('constraint') ? new ConstraintFaces(problem, kinds, capacity) : null;
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
   * Makes one step's controls admissible on constraint faces: `controls` and `outs` are the
   * dynamics runner's inputs and outputs at the n points x, changed in place for the alive
   * paths on a face. `t` holds the points' times (absent: t = 0, time-independent problems).
   */
  apply(
    x: readonly Float64Array[],
    alive: Uint8Array,
    n: number,
    controls: Float64Array[],
    outs: Float64Array[],
    t?: Float64Array,
  ): void {
    const { problem, faces, dyn, dda } = this;
    const d = problem.states.length;
    const m = problem.controls.length;
    const k = problem.noiseDim;
    const per = d + d * k + 1;
    // Paths on a face with an outward drift.
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
        if (t) dyn.t[q] = dda.t[q] = t[p];
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
    // The noise normal to the face vanishes on it.
    for (let p = 0; p < n; p++) {
      if (!alive[p]) continue;
      for (const i of faces)
        if (this.side(i, x[i][p]) !== 0) for (let l = 0; l < k; l++) outs[d + i * k + l][p] = 0;
    }
  }
}
