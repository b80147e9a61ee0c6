/**
 * `hjb solve --compare-grid`: the grid solver runs first on the same problem with its
 * default settings, and each history entry of the chosen solver gains gridValueError and
 * gridPolicyError, the relative L2 differences of V and of the policy over the grid run's
 * nodes in the middle 60 % of the box, as the lab's convergence chart computes them
 * (core/solvers/compare.ts). In 4-D both displays are the same 2-D slice through the box
 * centre, and the errors are over that slice.
 */
import type { CliIO } from '../command';
import { UsageError } from '../command';
import { historyWithGridErrors, sameCoverage } from '../../core/solvers/compare';
import { findSolver } from '../../core/solvers/registry';
import type {
  AnyProblem,
  DisplayFields,
  DisplaySnapshot,
  SolverDefinition,
  SolverResult,
} from '../../core/solvers/solver';
import { runSolver } from './run';

/** The centred fraction of the box the errors are taken over (the lab's, and the grid solver's). */
const REGION = 0.6;

/** Runs the grid solver with its defaults; its display is the reference. */
export async function gridReference(
  solver: SolverDefinition,
  problem: AnyProblem,
  io: CliIO,
): Promise<{ display: DisplayFields; warnings: string[] }> {
  if (solver.id === 'grid')
    throw new UsageError(
      '--compare-grid compares another solver with the grid solver; pick it with --solver',
    );
  const grid = findSolver('grid');
  if (!grid) throw new UsageError('--compare-grid needs the grid solver, which is not registered');
  const result = await runSolver(grid, problem, {}, io);
  const warnings = result.warnings.map((w) => `grid run for --compare-grid: ${w}`);
  if (result.status !== 'done' && result.status !== 'converged')
    warnings.push(`the grid run for --compare-grid ended '${result.status}'; its errors compare with that`);
  return { display: result.display, warnings };
}

/**
 * The result with the two errors in its history: per iteration from the display snapshots
 * (by iteration number), and at the last iteration from the final display.
 */
export function withGridComparison(
  result: SolverResult,
  reference: DisplayFields,
  snapshots: Map<number, DisplaySnapshot>,
): SolverResult {
  if (!sameCoverage(result.display, reference))
    throw new UsageError("--compare-grid: the two runs' displays do not cover the same states");
  const last = result.history.iteration.at(-1);
  if (last !== undefined) snapshots.set(last, result.display);
  const history = historyWithGridErrors(result.history, snapshots, reference, REGION);
  return { ...result, history };
}
