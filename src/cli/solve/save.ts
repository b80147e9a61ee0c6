/** `hjb solve --save`: the project with the new run stored the way the lab stores it. */
import { writeFileAtomic } from '../../main/project/atomic-write';
import { UsageError } from '../command';
import { closedLoopDrift } from '../../core/problem/fields';
import { createProject, type Project, type SettingsValues } from '../../core/project/index';
import { storeRun } from '../../core/project/run-record';
import type { SettingValues, SolverDefinition, SolverResult } from '../../core/solvers/solver';
import type { LoadedProblem } from './load';
import type { SolveRecord } from './run';

/** The lab's run status for a finished solve (the same strings as the lab's run session). */
function runStatus(r: SolverResult): string {
  if (r.status === 'converged' || r.status === 'done') return 'converged';
  const residual = r.summary['residualMax'];
  const tail = typeof residual === 'number' ? ` (residual ${residual.toExponential(2)})` : '';
  return `failed: not converged after ${r.iterations} iterations${tail}`;
}

/**
 * The project to save: FILE's project (or a new one around the source) with the new run
 * stored and selected, and the solver and settings it was solved with in the settings form.
 */
export function projectWithRun(
  loaded: LoadedProblem,
  solver: SolverDefinition,
  given: SettingValues,
  resolved: SettingValues,
  result: SolverResult,
  record: SolveRecord,
): Project {
  const { problem, project, source } = loaded;
  const base =
    project ?? createProject({ title: problem.title, source, settings: { solver: solver.id, values: {} } });
  const ids = new Set(base.runs.map((r) => r.id));
  let k = base.runs.length + 1;
  while (ids.has(`run-cli-${k}`)) k++;
  const id = `run-cli-${k}`;
  const values: SettingsValues = {
    ...(base.settings.solver === solver.id ? base.settings.values : {}),
    ...given,
  };
  const display = result.display;
  const drift =
    problem.kind === 'control' && display.policy.length > 0
      ? closedLoopDrift(problem, display.grid, display.policy)
      : [];
  const run = storeRun(solver, result, {
    id,
    label: `#${k} ${problem.title} (hjb solve)`,
    status: runStatus(result),
    source,
    settings: resolved,
    drift,
    snapshots: record.snapshots,
  });
  return createProject({
    ...base,
    settings: { solver: solver.id, values },
    view: { ...base.view, selectedRunId: id },
    runs: [...base.runs, run],
  });
}

/** Writes through a flushed temporary file in the same folder, renamed into place. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(`cannot write '${file}'${code ? ` (${code})` : ''}`);
  }
}
