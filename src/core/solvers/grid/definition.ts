/**
 * The grid HJB solver as a SolverDefinition: what it accepts, its settings, and its
 * solution turned into the solver-agnostic result (display fields, named history, policy
 * and value as functions, project-file arrays).
 */
import { exactFields } from '../../problem/fields';
import type { GridGeometry } from '../../grid/tensor';
import type { CompiledProblem } from '../../problem/types';
import { SolverError } from '../problem';
import type {
  AnyProblem,
  RunHistory,
  SettingValues,
  SolverDefinition,
  SolverHooks,
  SolverResult,
  StoredRun,
} from '../solver';
import { gridFor } from './discretization';
import { gridPolicyField, gridValueField } from './fields';
import { progressFraction } from './progress';
import { gridRunArrays, gridRunSummary, storedGridSolution } from './stored';
import { defaultGridSettings, gridSettingSpecs, resolveGridSettings, type GridSettings } from './settings';
import { solveGrid } from './solve';
import type { GridProgress, GridSolution } from './types';

/** The grid solver's result: the common fields plus the solution they were made from. */
export interface GridResult extends SolverResult {
  solver: 'grid';
  solution: GridSolution;
}

/** Below this many nodes on any state a grid solution says little (the CLI's 6-D LQR at 5⁶ was off by 145 %). */
export const COARSE_NODES = 10;
export const MAX_STATES = 4;

function controlProblem(problem: AnyProblem): CompiledProblem {
  if (problem.kind !== 'control')
    throw new SolverError(gridSolver.accepts(problem) ?? 'not a control problem');
  return problem;
}

/**
 * The lab's defaults: the solver's, except that a 1-D infinite-horizon problem solves on
 * its final grid only (the lab draws V_k(x) over the iterations k, so every iterate must
 * live on that grid; a coarse-to-fine start would leave one or two iterates there).
 */
export function gridDefaults(problem: CompiledProblem): GridSettings {
  const d = defaultGridSettings(problem);
  return problem.states.length === 1 && problem.horizon === null ? { ...d, multilevel: false } : d;
}

function coarseWarning(problem: CompiledProblem, shape: readonly number[]): string | null {
  const coarse = problem.states
    .filter((_, i) => shape[i] < COARSE_NODES)
    .map((s, i) => `${s.name} (${shape[i]})`);
  if (coarse.length === 0) return null;
  return (
    `the grid is too coarse to mean much: fewer than ${COARSE_NODES} nodes on ${coarse.join(', ')}; ` +
    'the value and policy may be far from the solution. Refine the grid, or pick a solver that does not grid the state space.'
  );
}

type Exact = { value: Float64Array; policy: Float64Array[] } | null;

/** The solver-agnostic result around a grid solution (arrays shared, not copied). */
export function gridResult(solution: GridSolution, exact: Exact, valueError: readonly number[]): GridResult {
  const h = solution.history;
  const history: RunHistory = {
    iteration: h.iteration,
    seconds: h.seconds,
    metrics: { residualMax: h.residualMax, residualL2: h.residualL2, policyChanges: h.policyChanges },
  };
  if (valueError.length === h.iteration.length && valueError.some((e) => !Number.isNaN(e)))
    history.metrics['valueError'] = valueError.slice();
  const summary: SolverResult['summary'] = {
    method: solution.method,
    residualMax: solution.residualMax,
    residualL2: solution.residualL2,
  };
  if (solution.levels && solution.levels.length > 1) summary['iterationsPerLevel'] = solution.levels;
  if (solution.exactError) {
    summary['valueError'] = solution.exactError.value.max;
    summary['valueErrorRelative'] = solution.exactError.value.relMax;
    if (solution.exactError.policy) summary['policyError'] = solution.exactError.policy.max;
  }
  return {
    solver: 'grid',
    status: solution.status,
    warnings: solution.warnings,
    seconds: solution.seconds,
    iterations: solution.iterations,
    history,
    display: {
      grid: solution.grid,
      value: solution.value,
      policy: solution.policy,
      residual: solution.residual,
      ...(exact ? { exact } : {}),
      ...(solution.times && solution.values && solution.policies
        ? { times: solution.times, values: solution.values, policies: solution.policies }
        : {}),
    },
    summary,
    solution,
  };
}

export const gridSolver: SolverDefinition<GridResult> = {
  id: 'grid',
  title: 'Grid HJB solver',
  description:
    'Monotone upwind finite differences on a tensor grid, solved by policy (Howard) or value iteration, coarse to fine; implicit time stepping for a finite horizon.',

  scope: `control problems with 1–${MAX_STATES} states: discounted, exit, minimum-time and finite-horizon`,

  accepts(problem) {
    if (problem.kind === 'diffusion') return 'diffusion problems need the diffusion solver';
    const d = problem.states.length;
    if (d > MAX_STATES)
      return `the grid solver handles 1–${MAX_STATES} states; this problem has ${d} — pick neural policy iteration`;
    return null;
  },

  metrics: [
    { name: 'residualMax', label: 'residual max', scale: 'log' },
    { name: 'residualL2', label: 'residual L2', scale: 'log' },
    { name: 'valueError', label: 'error vs exact', scale: 'log' },
    { name: 'policyChanges', label: 'policy changes', scale: 'linear' },
  ],

  liveSettings(settings, states) {
    const shape = settings['shape'] as number[] | undefined;
    const actions = settings['actions'] as number[] | undefined;
    if (states === 1) return { ...settings, shape: [Math.min(shape?.[0] ?? 201, 401)], multilevel: false };
    if (states === 2)
      return {
        ...settings,
        shape: (shape ?? [61, 61]).map((n) => Math.min(n, 61)),
        ...(actions ? { actions: actions.map((m) => Math.min(m, 21)) } : {}),
      };
    return null;
  },

  settings: {
    describe: (problem) =>
      problem === undefined
        ? gridSettingSpecs()
        : problem.kind === 'control'
          ? gridSettingSpecs(problem)
          : [],
    defaults: (problem) =>
      problem.kind === 'control' ? (defaultGridSettings(problem) as unknown as SettingValues) : {},
    labDefaults: (problem) =>
      problem.kind === 'control' ? (gridDefaults(problem) as unknown as SettingValues) : {},
  },

  solve(problem: AnyProblem, settings: SettingValues, hooks: SolverHooks): GridResult {
    const p = controlProblem(problem);
    const refusal = gridSolver.accepts(p);
    if (refusal) throw new SolverError(refusal);
    const s = resolveGridSettings(p, settings as unknown as Partial<GridSettings>);
    const valueError: number[] = [];
    let snapshotGrid: GridGeometry | null = null;
    let firstResidual: number | null = null;
    const onProgress = (g: GridProgress) => {
      if (g.exactError) valueError.push(g.exactError.value.max);
      else valueError.push(Number.NaN);
      if (hooks.onProgress) report(g);
      // After the report, so that a paused run shows the iteration it stopped after.
      hooks.checkpoint?.();
    };
    const report = (g: GridProgress) => {
      const metrics: Record<string, number> = {
        residualMax: g.residualMax,
        residualL2: g.residualL2,
        policyChanges: g.policyChanges,
      };
      if (g.exactError) metrics['valueError'] = g.exactError.value.max;
      if (g.level === 0) firstResidual ??= g.residualMax;
      // Coarse levels are a small part of the work: the bar starts on the final grid.
      const fraction =
        g.level > 0
          ? 0
          : progressFraction({
              elapsed: g.elapsed,
              iteration: valueError.length,
              maxIter: s.maxIter,
              residual: g.residualMax,
              firstResidual: firstResidual ?? g.residualMax,
              tol: s.tol,
              horizon: p.horizon,
              ...(g.time !== undefined ? { time: g.time } : {}),
            });
      hooks.onProgress!({
        iteration: g.iteration,
        elapsed: g.elapsed,
        metrics,
        fraction,
        phase:
          g.time !== undefined
            ? `t = ${g.time.toFixed(3)}`
            : g.levels > 1
              ? `level ${g.levels - g.level} of ${g.levels}`
              : `iteration ${g.iteration}`,
        ...(g.snapshot
          ? { snapshot: { grid: (snapshotGrid ??= gridFor(p, s, s.shape)), value: g.snapshot } }
          : {}),
      });
    };
    const solution = solveGrid(p, s, {
      onProgress,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      ...(hooks.snapshotEvery !== undefined ? { snapshotEvery: hooks.snapshotEvery } : {}),
    });
    const warning = coarseWarning(p, solution.grid.shape);
    if (warning) solution.warnings.push(warning);
    return gridResult(solution, exactFields(p, solution.grid), valueError);
  },

  policy: (_problem, result) => gridPolicyField(result.solution),
  value: (_problem, result) => gridValueField(result.solution),

  toRun(result: GridResult): StoredRun {
    return {
      summary: gridRunSummary(result.solution),
      arrays: gridRunArrays(
        result.solution,
        result.display.exact ?? null,
        result.history.metrics['valueError'] ?? [],
      ),
    };
  },

  fromRun(run: StoredRun): GridResult {
    const { solution, exact, valueError } = storedGridSolution(run);
    return gridResult(solution, exact, valueError);
  },
};
