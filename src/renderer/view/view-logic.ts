/**
 * The control view's decisions that need no React: which path coordinates run along the
 * drawn surface, whether two runs' surfaces can be differenced, the start state of a click,
 * and what an empty view says.
 */
import type { Run, TrajectoryBundle } from '../state/types';
import type { DerivedView } from './derive';
import type { PathAxis, TrajectorySet } from './layers/trajectories';

/** Which path coordinates run along the surface's axes, or null when paths are not drawn. */
export function pathAxes(derived: DerivedView, run: Run): readonly [PathAxis, PathAxis] | null {
  if (derived.sliceOf) return derived.sliceOf.axes;
  if (derived.mode === 'surface-2d') return [0, 1];
  if (derived.mode === 'time-1d') return [0, 'time'];
  if (derived.mode === 'slice') {
    const d = run.problem.states.length;
    const ab = [...Array(d).keys()].filter((k) => k !== derived.slice?.axis);
    return [ab[0], ab[1]];
  }
  return null;
}

/**
 * Whether two derived views can be differenced node by node: the same kind of surface over
 * the same quantities (and, for slices of 3-D grids, the same slice). Not for 1-D
 * convergence views, whose second axis is each run's own iteration count.
 */
export function differenceApplies(own: DerivedView, other: DerivedView): boolean {
  if (own.mode === 'convergence-1d' || own.mode !== other.mode) return false;
  const a = own.surface.labels;
  const b = other.surface.labels;
  if (a.x !== b.x || a.y !== b.y) return false;
  if (own.slice || other.slice) {
    const span = Math.abs(own.surface.xs[own.surface.xs.length - 1] - own.surface.xs[0]) || 1;
    return (
      !!own.slice &&
      !!other.slice &&
      own.slice.axis === other.slice.axis &&
      Math.abs(own.slice.value - other.slice.value) <= 1e-9 * span
    );
  }
  if (own.sliceOf || other.sliceOf) return JSON.stringify(own.sliceOf) === JSON.stringify(other.sliceOf);
  return true;
}

/** The full start state for a click at data point (x, y) of the displayed surface. */
export function startState(derived: DerivedView, run: Run, x: number, y: number): number[] | null {
  const grid = run.result?.result.display.grid;
  if (!grid) return null;
  if (derived.sliceOf) {
    if (!derived.sliceOf.at) return null;
    const from = [...derived.sliceOf.at];
    from[derived.sliceOf.axes[0]] = x;
    from[derived.sliceOf.axes[1]] = y;
    return from;
  }
  if (derived.mode === 'surface-2d') return [x, y];
  if (derived.mode === 'time-1d' || derived.mode === 'convergence-1d') return [x];
  const axes = pathAxes(derived, run);
  if (!axes || !derived.slice) return null;
  const from = grid.axes.map((a) => a[Math.floor(a.length / 2)]);
  from[derived.slice.axis] = derived.slice.value;
  from[axes[0] as number] = x;
  from[axes[1] as number] = y;
  return from;
}

/** What an empty view says while the selected run has nothing to draw yet. */
export function waitingText(status: string): string {
  if (status === 'paused') return 'Paused before the first picture: Step or Resume to go on.';
  if (status === 'running') return 'Solving: the surface appears with the first snapshot.';
  return `No surface to show (${status}). Run again to see the value function.`;
}

const sets = new WeakMap<TrajectoryBundle, TrajectorySet>();

/** The bundle's paths as the view draws them (one object per bundle: the view's layer memos on it). */
export function toSet(b: TrajectoryBundle): TrajectorySet {
  let set = sets.get(b);
  if (!set) {
    set = { d: b.d, paths: b.paths, steps: b.steps, times: b.times, states: b.states, reward: b.reward };
    sets.set(b, set);
  }
  return set;
}
