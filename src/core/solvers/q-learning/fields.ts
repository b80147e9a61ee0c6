/**
 * The learned networks read back in the problem's terms: the policy and V = Q(x, a_ω(x))
 * as batch functions, the display grid, and the errors against the problem's exact
 * solution over a uniform test set of the box. This side holds the problem; the learner
 * (learner.ts) never does.
 */
import { gridCoordinates, makeGrid, type GridGeometry } from '../../grid/tensor';
import type { CompiledProblem } from '../../problem/types';
import { Random } from '../../sim/random';
import { KernelRunner } from '../kernels';
import { relativeL2 } from '../relative-error';
import type { BatchField, DisplayFields } from '../solver';
import { Encoding } from './encoding';
import { Evaluator, type Networks } from './networks';

/** Display nodes per state by dimension (d > 3: a 2-D slice through the middle). */
const DISPLAY_NODES = [0, 201, 61, 25];
const SLICE_NODES = 41;
/** Points of the uniform test set of the errors (seeded, the same for every run). */
export const TEST_POINTS = 2000;
const TEST_SEED = 0x7e57;

export function encodingFor(problem: CompiledProblem): Encoding {
  return new Encoding(
    { min: problem.states.map((s) => s.min), max: problem.states.map((s) => s.max) },
    { min: problem.controls.map((c) => c.min), max: problem.controls.map((c) => c.max) },
    problem.horizon,
  );
}

/** Policy and value of the networks at n points (structure of arrays) at time t. */
export class NetworkFields {
  private readonly evaluator: Evaluator;
  private z = new Float64Array(0);
  private u = new Float64Array(0);

  constructor(
    private readonly problem: CompiledProblem,
    readonly nets: Networks,
    private readonly encoding: Encoding = encodingFor(problem),
  ) {
    this.evaluator = new Evaluator(nets, encoding.zDim, encoding.aDim);
  }

  private encode(xs: readonly Float64Array[], t: number, n: number): void {
    if (this.z.length < n * this.encoding.zDim) {
      this.z = new Float64Array(n * this.encoding.zDim);
      this.u = new Float64Array(n * this.encoding.aDim);
    }
    this.encoding.encodeColumns(xs, t, n, this.z);
  }

  readonly policy: BatchField = (xs, t, out, n) => {
    const m = this.encoding.aDim;
    this.encode(xs, t, n);
    this.evaluator.actions(this.z, n, this.u);
    for (let j = 0; j < m; j++)
      for (let p = 0; p < n; p++) out[j][p] = this.encoding.decodeAction(this.u[p * m + j], j);
  };

  /** V in the problem's own sense (cost-to-go for minimize). */
  readonly value: BatchField = (xs, t, out, n) => {
    this.encode(xs, t, n);
    this.evaluator.values(this.z, n, out[0]);
    for (let p = 0; p < n; p++) out[0][p] *= this.problem.sense;
  };
}

export function displayGrid(problem: CompiledProblem): {
  grid: GridGeometry;
  slice?: DisplayFields['slice'];
} {
  const d = problem.states.length;
  const axis = (i: number, n: number) => ({
    min: problem.states[i].min,
    max: problem.states[i].max,
    n,
    spacing: 'uniform' as const,
    periodic: problem.states[i].periodic,
  });
  if (d <= 3) return { grid: makeGrid(problem.states.map((_, i) => axis(i, DISPLAY_NODES[d]))) };
  const at = problem.states.map((s) => 0.5 * (s.min + s.max));
  return { grid: makeGrid([axis(0, SLICE_NODES), axis(1, SLICE_NODES)]), slice: { axes: [0, 1], at } };
}

/** Full-dimensional coordinates of the display nodes (the slice fixes the other states). */
function displayPoints(
  problem: CompiledProblem,
  grid: GridGeometry,
  slice?: DisplayFields['slice'],
): Float64Array[] {
  const coords = gridCoordinates(grid);
  if (!slice) return coords;
  const n = coords[0].length;
  return problem.states.map((_, i) => {
    const k = slice.axes.indexOf(i);
    return k >= 0 ? coords[k] : new Float64Array(n).fill(slice.at[i]);
  });
}

/** Exact value and policy at points, in the problem's own sense; null without an exact solution. */
export function exactAt(
  problem: CompiledProblem,
  xs: Float64Array[],
  n: number,
): { value: Float64Array; policy: Float64Array[] | null } | null {
  const k = problem.kernels.exact;
  if (!k) return null;
  const runner = new KernelRunner(problem, k, 'exact', xs, n);
  runner.run(n);
  const m = problem.controls.length;
  return {
    value: runner.outs[0].slice(0, n),
    policy: runner.outs.length > m ? runner.outs.slice(1, 1 + m).map((o) => o.slice(0, n)) : null,
  };
}

export function displayFields(problem: CompiledProblem, fields: NetworkFields): DisplayFields {
  const { grid, slice } = displayGrid(problem);
  const xs = displayPoints(problem, grid, slice);
  const n = xs[0].length;
  const value = new Float64Array(n);
  const policy = problem.controls.map(() => new Float64Array(n));
  fields.value(xs, 0, [value], n);
  fields.policy(xs, 0, policy, n);
  const ex = exactAt(problem, xs, n);
  return {
    grid,
    ...(slice ? { slice } : {}),
    value,
    policy,
    ...(ex && ex.policy ? { exact: { value: ex.value, policy: ex.policy } } : {}),
  };
}

export interface TestSet {
  xs: Float64Array[];
  n: number;
  exact: { value: Float64Array; policy: Float64Array[] | null } | null;
}

/** A seeded uniform sample of the box (t = 0) with the exact solution there. */
export function testSet(problem: CompiledProblem, n = TEST_POINTS): TestSet {
  const rng = new Random(TEST_SEED);
  const xs = problem.states.map(() => new Float64Array(n));
  for (let p = 0; p < n; p++)
    problem.states.forEach((s, i) => {
      xs[i][p] = s.min + (s.max - s.min) * rng.uniform();
    });
  return { xs, n, exact: exactAt(problem, xs, n) };
}

/** Relative L2 errors of V and of the policy (all controls together) over the test set. */
export function testErrors(
  problem: CompiledProblem,
  fields: NetworkFields,
  set: TestSet,
): { valueError?: number; policyError?: number } {
  if (!set.exact) return {};
  const { xs, n } = set;
  const v = new Float64Array(n);
  fields.value(xs, 0, [v], n);
  const out: { valueError?: number; policyError?: number } = {
    valueError: relativeL2([v], [set.exact.value]),
  };
  if (set.exact.policy) {
    const a = problem.controls.map(() => new Float64Array(n));
    fields.policy(xs, 0, a, n);
    out.policyError = relativeL2(a, set.exact.policy);
  }
  return out;
}
