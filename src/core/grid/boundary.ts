/**
 * Boundary behaviour per state (docs/numerics.md §3). These are different problems, not
 * numerical details:
 * - reflect: the process is pushed back for free; in the scheme the outward drift is
 *   zeroed at the face and the second difference uses the mirror node (Neumann).
 * - periodic: the state wraps (angles).
 * - exit: the process stops at the face and collects the exit reward (Dirichlet nodes).
 * - constraint: controls whose drift points out of the box are inadmissible at a face
 *   node, and noise normal to the face vanishes there.
 * The same rules move simulated paths (src/core/sim), so closed-loop runs see the process
 * the solver optimised.
 */
import type { Boundary } from '../problem/types';

export type { Boundary };

export const BOUNDARIES: readonly Boundary[] = ['reflect', 'periodic', 'exit', 'constraint'];

/** The boundary a state uses: periodic states always wrap; otherwise the state's own rule. */
export function stateBoundary(
  state: { periodic: boolean; boundary: Boundary },
  fallback?: Boundary,
): Boundary {
  if (state.periodic || state.boundary === 'periodic') return 'periodic';
  return state.boundary ?? fallback ?? 'reflect';
}

/**
 * Moves a simulated coordinate back into [lo, hi] by the rule of a non-exit face:
 * reflect mirrors (repeatedly, for large steps), periodic wraps, constraint projects.
 * For exit faces the caller stops the path instead (see `leaves`).
 */
export function applyBoundary(kind: Boundary, lo: number, hi: number, x: number): number {
  if (x >= lo && x <= hi) return x;
  switch (kind) {
    case 'periodic': {
      const period = hi - lo;
      let y = (x - lo) % period;
      if (y < 0) y += period;
      return lo + y;
    }
    case 'reflect': {
      let y = x;
      for (let i = 0; i < 8 && (y < lo || y > hi); i++) y = y < lo ? 2 * lo - y : 2 * hi - y;
      return Math.min(hi, Math.max(lo, y));
    }
    default:
      return Math.min(hi, Math.max(lo, x));
  }
}

/** True when a coordinate has left the box through an exit face (closed box: the face counts). */
export function leaves(lo: number, hi: number, x: number): boolean {
  return !(x > lo && x < hi);
}
