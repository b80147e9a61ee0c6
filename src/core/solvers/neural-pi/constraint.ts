/**
 * 'constraint' faces along a rollout, as the grid solver reads them (docs/numerics.md §3.4):
 * the process stays in the box by its own means, so on such a face a control whose drift
 * points out is inadmissible and the noise normal to the face vanishes. Projecting the path
 * back alone is free help (§3.5): on Merton's wealth floor it let the investor consume at
 * k = 0.2–0.3 for nothing, policy iteration learnt to gamble its way down to the floor, and
 * V in the middle of the box came out 10–30 % off (docs/numerics.md §13.2).
 *
 * Here, for the paths on a constraint face whose drift points out, the control is moved to
 * the face's admissible set by Newton steps on the normal drift, a ← a − f_n ∇ₐf_n/|∇ₐf_n|²
 * (the problem's exact ∂f/∂a, clipped to the control box; Merton: k down to what the
 * investment earns), and drift, noise and reward are evaluated again there; the normal
 * noise of every path on a face is then dropped. Where no admissible control is reached the
 * last one stays and the projection keeps the path in the box.
 */
import { KernelRunner } from '../kernels';
import type { PiProblem } from './problem';
import type { Boundary } from '../../problem/types';

const NEWTON_STEPS = 4;

export class ConstraintFaces {
  private readonly faces: number[];
  private readonly states: Float64Array[];
  private readonly dyn: KernelRunner;
  private readonly dda: KernelRunner;
  private readonly idx: Int32Array;
  private readonly lo: number[];
  private readonly hi: number[];

  /** null when the problem has no constraint face. */
  static create(problem: PiProblem, kinds: readonly Boundary[], capacity: number): ConstraintFaces | null {
    return kinds.includes('constraint') ? new ConstraintFaces(problem, kinds, capacity) : null;
  }

  private constructor(
    private readonly problem: PiProblem,
    kinds: readonly Boundary[],
    capacity: number,
  ) {
    this.faces = kinds.flatMap((b, i) => (b === 'constraint' ? [i] : []));
    this.states = problem.states.map(() => new Float64Array(capacity));
    this.dyn = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', this.states, capacity);
    this.dda = new KernelRunner(problem, problem.kernels.dynamicsDa, 'dynamics', this.states, capacity);
    this.idx = new Int32Array(capacity);
    this.lo = problem.states.map((s) => s.min);
    this.hi = problem.states.map((s) => s.max);
  }

  /** −1 below, +1 above: the outward normal of state i's face that x sits on, else 0. */
  private side(i: number, v: number): number {
    return v <= this.lo[i] ? -1 : v >= this.hi[i] ? 1 : 0;
  }

  /**
   * Makes the step's controls admissible on constraint faces: `outs` and `controls` are the
   * dynamics runner's outputs and inputs at the n points x (alive paths only), changed in
   * place for the paths on a face.
   */
  apply(
    x: readonly Float64Array[],
    alive: Uint8Array,
    n: number,
    controls: Float64Array[],
    outs: Float64Array[],
  ): void {
    const { problem, faces } = this;
    const d = problem.states.length;
    const m = problem.controls.length;
    const k = problem.noiseDim;
    // Paths on a face with an outward drift.
    let b = 0;
    for (let p = 0; p < n; p++) {
      if (!alive[p]) continue;
      for (const i of faces) {
        const s = this.side(i, x[i][p]);
        if (s !== 0 && s * outs[i][p] > 0) {
          this.idx[b++] = p;
          break;
        }
      }
    }
    if (b > 0) {
      for (let q = 0; q < b; q++) {
        const p = this.idx[q];
        for (let i = 0; i < d; i++) this.states[i][q] = x[i][p];
        for (let j = 0; j < m; j++) this.dyn.controls[j][q] = controls[j][p];
      }
      this.dyn.run(b);
      const per = d + d * k + 1;
      for (let it = 0; it < NEWTON_STEPS; it++) {
        for (let j = 0; j < m; j++) this.dda.controls[j].set(this.dyn.controls[j].subarray(0, b));
        this.dda.run(b);
        let moved = false;
        for (let q = 0; q < b; q++) {
          for (const i of faces) {
            const s = this.side(i, this.states[i][q]);
            const fn = s * this.dyn.outs[i][q];
            if (s === 0 || fn <= 0) continue;
            let g2 = 0;
            for (let j = 0; j < m; j++) g2 += this.dda.outs[j * per + i][q] ** 2;
            if (!(g2 > 0)) continue;
            for (let j = 0; j < m; j++) {
              const c = problem.controls[j];
              const a = this.dyn.controls[j][q] - (fn * s * this.dda.outs[j * per + i][q]) / g2;
              this.dyn.controls[j][q] = Math.min(c.max, Math.max(c.min, a));
            }
            moved = true;
          }
        }
        if (!moved) break;
        this.dyn.run(b);
      }
      for (let q = 0; q < b; q++) {
        const p = this.idx[q];
        for (let j = 0; j < m; j++) controls[j][p] = this.dyn.controls[j][q];
        for (let o = 0; o < per; o++) outs[o][p] = this.dyn.outs[o][q];
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
