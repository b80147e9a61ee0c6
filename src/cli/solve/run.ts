/**
 * Running a solver from the command line: progress on stderr (a bar rewritten in place on a
 * terminal, a few plain lines otherwise), numbered as the solver reports it ("level 2 of 3,
 * iteration 7"), and the solver's refusals and errors as one-line user messages.
 */
import type { CliIO } from '../command';
import { UsageError } from '../command';
import { SolverError } from '../../core/solvers/problem';
import { resolveSettings } from '../../core/solvers/settings-spec';
import type {
  AnyProblem,
  DisplaySnapshot,
  SettingValues,
  SolverDefinition,
  SolverProgress,
  SolverResult,
} from '../../core/solvers/solver';
import { oneLine } from './values';

const g3 = (v: number) => (Number.isInteger(v) ? String(v) : v.toExponential(2));

/** "level 2 of 3, iteration 7, residual max 1.2e-3, policy changes 4, 0.4 s" */
export function progressLine(solver: SolverDefinition, p: SolverProgress): string {
  const parts: string[] = [];
  if (p.phase && !p.phase.startsWith('iteration')) parts.push(p.phase);
  parts.push(`iteration ${p.iteration}`);
  const label = (name: string) => solver.metrics?.find((m) => m.name === name)?.label ?? name;
  for (const [name, v] of Object.entries(p.metrics)) parts.push(`${label(name)} ${g3(v)}`);
  parts.push(`${p.elapsed.toFixed(1)} s`);
  return parts.join(', ');
}

export function progressReporter(
  io: CliIO,
  solver: SolverDefinition,
): { onProgress: (p: SolverProgress) => void; done: () => void } {
  let lastPrint = -Infinity;
  let lastPhase: string | undefined;
  let drawn = false;
  let any = false;
  const start = performance.now();
  const onProgress = (p: SolverProgress) => {
    any = true;
    const now = performance.now();
    const phaseChanged =
      p.phase !== lastPhase && !(p.phase ?? '').startsWith('iteration') && !(p.phase ?? '').startsWith('t =');
    lastPhase = p.phase;
    if (!phaseChanged && now - lastPrint < (io.stderrIsTTY ? 100 : 500)) return;
    lastPrint = now;
    const text = progressLine(solver, p);
    if (io.stderrIsTTY) {
      const width = 24;
      const filled = Math.round(Math.max(0, Math.min(1, p.fraction ?? 0)) * width);
      io.stderr(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${text}\x1b[K`);
      drawn = true;
    } else io.stderr(`solving: ${text}\n`);
  };
  const done = () => {
    if (drawn) io.stderr('\r\x1b[K');
    else if (!io.stderrIsTTY && any)
      io.stderr(`solving: done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  };
  return { onProgress, done };
}

/** What a solve also keeps for a stored run: 1-D infinite horizon, V after every iteration. */
export interface SolveRecord {
  snapshots: Float64Array[];
}

/**
 * Checks that the solver takes the problem and the settings (the same rule and validator
 * as the app), runs it, and turns refusals and solver errors into one-line UsageErrors.
 * `snapshots`, when given, collects the display snapshot of every iteration by its number.
 */
export async function runSolver(
  solver: SolverDefinition,
  problem: AnyProblem,
  given: SettingValues,
  io: CliIO,
  record?: SolveRecord,
  snapshots?: Map<number, DisplaySnapshot>,
): Promise<SolverResult> {
  const refusal = solver.accepts(problem);
  if (refusal !== null) throw new UsageError(`the ${solver.id} solver cannot take this problem: ${refusal}`);
  const progress = progressReporter(io, solver);
  const keepIterates =
    record !== undefined &&
    problem.kind === 'control' &&
    problem.states.length === 1 &&
    problem.horizon === null;
  try {
    const settings = resolveSettings(solver, problem, given);
    const result = await solver.solve(problem, settings, {
      snapshotEvery: keepIterates || snapshots ? 1 : 0,
      onProgress: (p) => {
        if (snapshots && p.snapshot) snapshots.set(p.iteration, p.snapshot);
        if (keepIterates && record && p.snapshot) record.snapshots.push(p.snapshot.value.slice());
        progress.onProgress(p);
      },
    });
    if (keepIterates && record) record.snapshots.push(result.display.value.slice());
    return result;
  } catch (err) {
    if (err instanceof SolverError) throw new UsageError(oneLine(err));
    throw err;
  } finally {
    progress.done();
  }
}
