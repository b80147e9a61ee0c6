/**
 * `hjb solve FILE [options]`: compile a problem (a `.ts` source or a `.hjblab` project),
 * solve it with a registered solver (the grid solver by default) and report.
 *
 * Progress goes to stderr (a bar on a terminal, plain lines otherwise); stdout holds the
 * summary, or with --json exactly one JSON object. Every bad input — a missing file,
 * diagnostics, a bad option, a problem the solver does not take, NaN from the problem's
 * functions, a memory refusal — ends with exit code 1 and a one-line message.
 */
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { list, oneFile, parseArgs, str, type OptionSpec } from '../args';
import { PROJECT_EXTENSION, serializeProject } from '../../core/project/index';
import { resolveSettings } from '../../core/solvers/settings-spec';
import type { DisplaySnapshot } from '../../core/solvers/solver';
import { loadProblem } from '../solve/load';
import { chosenSolver, seedOption, settingsFromOptions, solverOptions } from '../solve/options';
import { evaluateAt, solutionReport, summaryText } from '../solve/report';
import { gridReference, withGridComparison } from '../solve/compare';
import { runSolver, type SolveRecord } from '../solve/run';
import { projectWithRun, writeAtomic } from '../solve/save';
import { oneLine, parseNumber, parseOverrides, parsePoint } from '../solve/values';

const usage =
  'npm run hjb -- solve FILE [--solver ID] [--seed S] [--setting NAME=VALUE]... [--grid 201x201] [--tol 1e-8] ' +
  '[--set NAME=VALUE]... [--at x1,x2,...]... [--at-time t] [--compare-grid] [--json] [--out result.json] [--save OUT.hjblab]';

function options(): OptionSpec[] {
  return [
    ...solverOptions(),
    seedOption,
    { name: 'at', value: 'x1,x2,…', multiple: true, help: 'report V and the policy at this state' },
    { name: 'at-time', value: 't', help: 'finite horizon: the time for --at (default 0)' },
    {
      name: 'compare-grid',
      help: 'solve with the grid solver first (its defaults, 1–4 states) and add gridValueError and gridPolicyError to each history entry: relative L2 over its nodes in the middle 60 % of the box',
    },
    { name: 'out', value: 'FILE.json', help: 'also write the JSON report to FILE (atomically)' },
    {
      name: 'save',
      value: `FILE${PROJECT_EXTENSION}`,
      help: 'save a project with this run, as the lab would',
    },
  ];
}

export const solve: CliCommand = {
  name: 'solve',
  summary: 'solve a problem and report the value and policy',
  usage,
  get options() {
    return options();
  },
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs(args, options(), usage);
    const file = oneFile('solve', positionals, usage);
    const overrides = parseOverrides(list(values, 'set'));
    const save = str(values, 'save');
    if (save !== undefined && !save.endsWith(PROJECT_EXTENSION))
      throw new UsageError(`--save needs a ${PROJECT_EXTENSION} file name, not '${save}'`);
    if (save !== undefined && Object.keys(overrides).length > 0)
      throw new UsageError('--save cannot store --set overrides (a project keeps its source as written)');
    const loaded = await loadProblem(file, overrides);
    const { problem } = loaded;
    const solver = chosenSolver(values, loaded.solver);
    const given = settingsFromOptions(
      values,
      solver,
      problem,
      loaded.solver === solver.id ? loaded.settings : {},
      file,
      str(values, 'seed'),
    );
    const names = problem.kind === 'control' ? problem.states.map((s) => s.name) : problem.names;
    const points = list(values, 'at').map((p) => parsePoint(p, 'at', names));
    const atTimeText = str(values, 'at-time');
    let atTime: number | null = null;
    if (atTimeText !== undefined) {
      if (problem.horizon === null) throw new UsageError('--at-time needs a finite-horizon problem');
      const T = problem.horizon;
      atTime = parseNumber(atTimeText, 'at-time', (v) => v >= 0 && v <= T, `a time in [0, ${T}]`);
    }
    const out = str(values, 'out');
    const compare = values['compare-grid'] === true;
    if (compare && problem.kind !== 'control') throw new UsageError('--compare-grid needs a control problem');
    const reference = compare ? await gridReference(solver, problem, io) : null;
    const record: SolveRecord = { snapshots: [] };
    const snapshots = reference ? new Map<number, DisplaySnapshot>() : undefined;
    let result = await runSolver(
      solver,
      problem,
      given,
      io,
      save !== undefined ? record : undefined,
      snapshots,
    );
    if (problem.kind !== 'control')
      throw new UsageError('only control problems have a value and policy to report');
    if (reference && snapshots) {
      result = withGridComparison(result, reference.display, snapshots);
      result.warnings.push(...reference.warnings);
    }
    const at = evaluateAt(solver, problem, result, points, atTime);
    const json = JSON.stringify(solutionReport(solver, result, at));
    if (out !== undefined) await writeAtomic(out, json + '\n');
    if (save !== undefined) {
      let text: string;
      try {
        const resolved = resolveSettings(solver, problem, given);
        text = serializeProject(projectWithRun(loaded, solver, given, resolved, result, record));
      } catch (err) {
        throw new UsageError(`cannot save '${save}': ${oneLine(err)}`);
      }
      await writeAtomic(save, text);
    }
    if (values.json === true) {
      io.stdout(json + '\n');
      for (const w of result.warnings) io.stderr(`hjb solve: warning: ${oneLine(w)}\n`);
    } else io.stdout(summaryText(solver, problem, result, at, atTime));
    return 0;
  },
};
