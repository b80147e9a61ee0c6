/**
 * A 2-D slice of a solved problem for the view when it has more states than a surface can
 * show (docs/architecture.md §5): V, each control and the exact solution on a square grid
 * over two chosen states, the others held at given values, evaluated from the solver's own
 * value and policy fields, so it works for any solver whose result is a function of the
 * state (networks). The lab worker computes one whenever the user moves the slice.
 */
import { gridCoordinates, gridSize, makeGrid, type GridGeometry } from '../grid/tensor';
import { closedLoopDriftAt, exactAt } from '../problem/fields';
import type { CompiledProblem } from '../problem/types';
import { SolverError } from './problem';
import type { DisplayFields, SolverDefinition, SolverResult } from './solver';

export interface SliceSpec {
  /** The two states that span the slice (distinct indices). */
  axes: readonly [number, number];
  /** A value for every state; those of the two axes are ignored. */
  at: readonly number[];
  /** Nodes per axis of the slice (default 61: 3 721 points, a few ms through a small network). */
  nodes?: number;
}

export interface SliceFields {
  display: DisplayFields;
  /** Closed-loop drift f(x, a(x)) per state on the slice's nodes (the view's arrows). */
  drift: Float64Array[];
}

const MAX_NODES = 401;

/** Throws SolverError naming what is wrong with the slice. */
export function checkSlice(problem: CompiledProblem, slice: SliceSpec): void {
  const d = problem.states.length;
  const [a, b] = slice.axes;
  const isAxis = (k: number) => Number.isInteger(k) && k >= 0 && k < d;
  if (!isAxis(a) || !isAxis(b) || a === b)
    throw new SolverError(`a slice needs two different states among 0…${d - 1}, not ${a} and ${b}`);
  if (slice.at.length !== d)
    throw new SolverError(`a slice needs a value for each of the ${d} states, not ${slice.at.length}`);
  slice.at.forEach((v, k) => {
    const s = problem.states[k];
    if (k !== a && k !== b && !(v >= s.min && v <= s.max))
      throw new SolverError(`the slice's ${s.name} = ${v} is outside the box [${s.min}, ${s.max}]`);
  });
  const nodes = slice.nodes ?? 61;
  if (!Number.isInteger(nodes) || nodes < 2 || nodes > MAX_NODES)
    throw new SolverError(`a slice has 2 to ${MAX_NODES} nodes per axis, not ${nodes}`);
}

/** Every state's coordinate at the nodes of a display grid over two axes, the others at `at`. */
function sliceCoordinates(
  grid: GridGeometry,
  axes: readonly [number, number],
  at: readonly number[],
): Float64Array[] {
  const local = gridCoordinates(grid);
  const n = gridSize(grid.shape);
  return at.map((v, k) =>
    k === axes[0] ? local[0] : k === axes[1] ? local[1] : new Float64Array(n).fill(v),
  );
}

/** Every state's coordinate at the nodes of a result's display grid (sliced or not). */
export function displayCoordinates(display: DisplayFields): Float64Array[] {
  return display.slice
    ? sliceCoordinates(display.grid, display.slice.axes, display.slice.at)
    : gridCoordinates(display.grid);
}

/** Closed-loop drift f(x, a(x)) per state at the nodes of a result's display (the view's arrows). */
export function displayDrift(problem: CompiledProblem, display: DisplayFields): Float64Array[] {
  if (display.policy.length === 0) return [];
  return closedLoopDriftAt(problem, displayCoordinates(display), display.policy, display.value.length);
}

export function sliceDisplay<R extends SolverResult>(
  problem: CompiledProblem,
  solver: SolverDefinition<R>,
  result: R,
  slice: SliceSpec,
): SliceFields {
  checkSlice(problem, slice);
  const [a, b] = slice.axes;
  const nodes = slice.nodes ?? 61;
  const grid = makeGrid(
    [a, b].map((k) => {
      const s = problem.states[k];
      return { min: s.min, max: s.max, n: nodes, spacing: 'uniform' as const, periodic: s.periodic };
    }),
  );
  const n = gridSize(grid.shape);
  const xs = sliceCoordinates(grid, [a, b], slice.at);
  const value = [new Float64Array(n)];
  solver.value(problem, result)(xs, 0, value, n);
  const policy = problem.controls.map(() => new Float64Array(n));
  if (policy.length > 0) solver.policy(problem, result)(xs, 0, policy, n);
  const display: DisplayFields = {
    grid,
    slice: { axes: [a, b], at: [...slice.at] },
    value: value[0],
    policy,
  };
  const exact = exactAt(problem, xs, n);
  if (exact) display.exact = exact;
  return { display, drift: displayDrift(problem, display) };
}
