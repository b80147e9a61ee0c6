/**
 * The grid HJB solver: entry point for its SolverDefinition (definition.ts), the benchmark and the tests.
 *
 * solveGrid(problem, settings, hooks) is synchronous. It refuses before allocating when
 * the memory estimate exceeds settings.memoryLimitMB, validates the settings, then runs
 * - infinite horizon / exit / minimum time: solve-stationary.ts;
 * - finite horizon: implicit or explicit backward stepping, solve-finite.ts.
 * Cancellation (hooks.signal) is checked every outer iteration and inside the linear
 * solvers; a cancelled run RETURNS a solution with status 'cancelled' holding the current
 * iterate (on the requested grid) rather than throwing. Problems with the problem's
 * functions (NaN/Inf), memory and settings throw SolverError with a user-facing message.
 */
import { SolverError, type SolverProblem } from '../problem';
import type { LinearMethod } from './linear';
import { estimateBytes, formatBytes } from './memory';
import { createRecorder } from './recorder';
import { resolveGridSettings, type GridSettings } from './settings';
import { solveFinite } from './solve-finite';
import { solveStationary } from './solve-stationary';
import type { GridSolution, SolveHooks } from './types';

export type { GridSolution, GridProgress, SolveHooks } from './types';
export { gridLevels } from './levels';

/**
 * Policy-evaluation solver used by 'auto'. bench/grid.ts compares the two on the reference
 * problems; see the comment in that file for the figures that decided this.
 */
export function chooseLinearSolver(settings: GridSettings): LinearMethod {
  return settings.linearSolver === 'auto' ? 'gmres' : settings.linearSolver;
}

export function solveGrid(
  problem: SolverProblem,
  partial: Partial<GridSettings>,
  hooks: SolveHooks = {},
): GridSolution {
  const start = performance.now();
  const settings = resolveGridSettings(problem, partial);
  const bytes = estimateBytes(problem, settings);
  const limit = settings.memoryLimitMB * 2 ** 20;
  if (bytes > limit) {
    throw new SolverError(
      `this grid (${settings.shape.join(' × ')} nodes, ${settings.actions.join(' × ') || 'no'} actions) needs about ` +
        `${formatBytes(bytes)} of memory, more than the limit of ${formatBytes(limit)}. ` +
        'Use a coarser grid, or raise the memory limit.',
    );
  }
  const recorder = createRecorder(problem.sense, hooks, start);
  const linear = chooseLinearSolver(settings);
  const warnings: string[] = [];
  if (problem.horizon !== null) return solveFinite(problem, settings, linear, recorder, warnings);
  return solveStationary(problem, settings, linear, recorder, warnings);
}
