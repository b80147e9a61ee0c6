/**
 * Batch evaluation of a problem kernel over structure-of-arrays inputs, shared by the grid
 * solver and the simulator. Inputs are matched to the kernel's declared input names (states,
 * controls, `t`), outputs are allocated once, and every call is checked for NaN/Inf so that
 * a bad problem function stops the run with a message naming the function and the state
 * (docs/numerics.md §10.4) instead of silently poisoning the value function.
 */
import type { BatchKernel } from '../problem/types';
import { SolverError, type SolverProblem } from './problem';

export type KernelRole = 'dynamics' | 'terminal' | 'exit' | 'target' | 'exact';

export class KernelRunner {
  readonly controls: Float64Array[];
  readonly t: Float64Array;
  readonly outs: Float64Array[];
  private readonly ins: Float64Array[];
  /** Position of each state in the kernel's inputs (−1 when the kernel ignores it). */
  private readonly stateSlots: number[];

  constructor(
    private readonly problem: SolverProblem,
    private readonly kernel: BatchKernel,
    private readonly role: KernelRole,
    /** One array per state, at least `capacity` long: the points to evaluate. */
    private states: readonly Float64Array[],
    readonly capacity: number,
  ) {
    this.controls = problem.controls.map(() => new Float64Array(capacity));
    this.t = new Float64Array(capacity);
    this.ins = kernel.inputs.map((name) => {
      const s = problem.states.findIndex((st) => st.name === name);
      if (s >= 0) return states[s];
      const c = problem.controls.findIndex((ct) => ct.name === name);
      if (c >= 0) return this.controls[c];
      if (name === 't') return this.t;
      throw new SolverError(`the ${role} kernel asks for an unknown input '${name}'`);
    });
    this.outs = kernel.outputs.map(() => new Float64Array(capacity));
    this.stateSlots = problem.states.map((st) => kernel.inputs.indexOf(st.name));
  }

  /** Points the kernel evaluates from now on (e.g. views of one block of grid nodes). */
  setStates(states: readonly Float64Array[]): void {
    this.states = states;
    this.stateSlots.forEach((slot, i) => {
      if (slot >= 0) this.ins[slot] = states[i];
    });
  }

  /** Outputs not to check for NaN (e.g. Σ when it was checked once and does not depend on the control). */
  uncheckedOutputs: ReadonlySet<number> = new Set();

  /** Fills every control input with a constant action. */
  setConstantControls(action: ArrayLike<number>, n: number): void {
    for (let j = 0; j < this.controls.length; j++) this.controls[j].fill(action[j], 0, n);
  }

  /**
   * Evaluates points 0…n−1. `skip` marks points whose outputs are not used (Dirichlet
   * nodes): they are not checked for NaN.
   */
  run(n: number, skip?: Uint8Array): void {
    this.runAt(0, n, skip);
  }

  /** Like run, for points that are nodes offset…offset+n−1 (skip is indexed by node). */
  runAt(offset: number, n: number, skip?: Uint8Array): void {
    this.offset = offset;
    this.kernel.run(this.ins, this.outs, n);
    // x − x is 0 for finite x and NaN for NaN and ±Inf; the branch is almost never taken,
    // so this costs about one cycle per value.
    for (let o = 0; o < this.outs.length; o++) {
      if (this.uncheckedOutputs.has(o)) continue;
      const out = this.outs[o];
      for (let p = 0; p < n; p++) {
        const x = out[p];
        if (x - x !== 0) {
          this.fail(o, n, skip);
          break;
        }
      }
    }
  }

  private offset = 0;

  private fail(o: number, n: number, skip: Uint8Array | undefined): void {
    const out = this.outs[o];
    for (let p = 0; p < n; p++) {
      if (Number.isFinite(out[p]) || (skip && skip[this.offset + p])) continue;
      throw new SolverError(
        `${this.functionName(o)} returned ${out[p]} at ${this.describePoint(p)}. ` +
          'Check the problem for a division by zero, a log or sqrt of a negative number, or an overflow there.',
      );
    }
  }

  /** The user's name of output o: drift f_x, noise Σ[i,l], reward/cost, terminal, exit, target. */
  functionName(o: number): string {
    const p = this.problem;
    const d = p.states.length;
    switch (this.role) {
      case 'dynamics': {
        if (o < d) return `drift f_${p.states[o].name}`;
        const k = p.noiseDim;
        if (o < d + d * k) {
          const e = o - d;
          return `noise Σ[${p.states[Math.floor(e / k)].name}, ${e % k}]`;
        }
        return p.sense === 1 ? 'reward' : 'cost';
      }
      case 'terminal':
        return 'terminal reward';
      case 'exit':
        return 'exit reward';
      case 'target':
        return 'target';
      case 'exact':
        return o === 0 ? 'exact value' : `exact policy ${p.controls[o - 1]?.name ?? o - 1}`;
    }
  }

  describePoint(p: number): string {
    const parts = this.problem.states.map((s, i) => `${s.name} = ${fmt(this.states[i][p])}`);
    const controls = this.problem.controls.map((c, j) => `${c.name} = ${fmt(this.controls[j][p])}`);
    const tail =
      controls.length > 0 ? ` (${controls.join(', ')}, t = ${fmt(this.t[p])})` : ` (t = ${fmt(this.t[p])})`;
    return parts.join(', ') + tail;
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, '');
}
