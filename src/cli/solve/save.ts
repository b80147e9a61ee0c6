/** `hjb solve --save`: the project with the new run stored the way the lab stores it. */
import { writeFileAtomic } from '../../main/project/atomic-write';
import { UsageError } from '../command';
import { createProject, type Project, type SettingsValues } from '../../core/project/index';
import { runStatusOf, storeRun } from '../../core/project/run-record';
import { displayDrift } from '../../core/solvers/display-slice';
import type { SettingValues, SolverDefinition, SolverResult } from '../../core/solvers/solver';
import type { LoadedProblem } from './load';
import type { SolveRecord } from './run';

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
  const drift = problem.kind === 'control' ? displayDrift(problem, display) : [];
  const run = storeRun(solver, result, {
    id,
    label: `#${k} ${problem.title} (hjb solve)`,
    status: runStatusOf(result),
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
