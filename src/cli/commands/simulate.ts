/**
 * `hjb simulate FILE --from x1,x2 [options]`: closed-loop Euler–Maruyama paths under a
 * solved policy. A problem with controls is solved first (the chosen solver, its defaults
 * or the given settings) and simulated under that solver's policy(); an uncontrolled one
 * is simulated directly. Reports the mean and spread of the state at a few times and of the
 * discounted reward; with --json exactly one JSON object on stdout.
 */
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { simulate as simulatePaths, type SimulationResult } from '../../core/sim/simulate';
import { SolverError } from '../../core/solvers/problem';
import type { SolverResult } from '../../core/solvers/solver';
import type { CompiledProblem } from '../../core/problem/types';
import { list, oneFile, parseArgs, str, type OptionSpec } from '../args';
import { loadProblem } from '../solve/load';
import { chosenSolver, settingsFromOptions, solverOptions } from '../solve/options';
import { runSolver } from '../solve/run';
import { oneLine, parseNumber, parseOverrides, parsePoint } from '../solve/values';

const usage =
  'npm run hjb -- simulate FILE --from x1,x2,... [--paths N] [--horizon T] [--dt h] [--seed s] ' +
  '[--json] [--set NAME=VALUE]... [--solver ID] [--setting NAME=VALUE]... [--grid 201x201] [--tol 1e-8]';

function options(): OptionSpec[] {
  return [
    { name: 'from', value: 'x1,x2,…', help: 'the start state of every path (required)' },
    { name: 'paths', value: 'N', help: 'number of paths (default 1000)' },
    {
      name: 'horizon',
      value: 'T',
      help: "simulated time (default: the problem's horizon, else 5/ρ, else 10)",
    },
    { name: 'dt', value: 'h', help: 'Euler–Maruyama time step (default 0.01)' },
    { name: 'seed', value: 's', help: 'random seed (default 1): the same seed gives the same paths' },
    ...solverOptions(),
  ];
}

/** Number of report times (t = 0, …, T) in the summary. */
const REPORT_TIMES = 5;

interface Moments {
  t: number;
  mean: number[];
  std: number[];
}

function momentsAt(r: SimulationResult, d: number, step: number): Moments {
  const mean: number[] = [];
  const std: number[] = [];
  for (let i = 0; i < d; i++) {
    mean.push(r.mean[step * d + i]);
    std.push(r.std[step * d + i]);
  }
  return { t: r.times[step], mean, std };
}

function report(
  problem: CompiledProblem,
  r: SimulationResult,
  solution: SolverResult | null,
  paths: number,
  from: number[],
  seed: number,
): Record<string, unknown> {
  const d = problem.states.length;
  const steps = r.times.length - 1;
  const at: Moments[] = [];
  for (let q = 0; q < REPORT_TIMES; q++)
    at.push(momentsAt(r, d, Math.round((q * steps) / (REPORT_TIMES - 1))));
  let sum = 0;
  let sum2 = 0;
  for (const v of r.reward) {
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / paths;
  const std = Math.sqrt(Math.max(0, sum2 / paths - mean * mean) * (paths > 1 ? paths / (paths - 1) : 1));
  let stoppedCount = 0;
  for (const t of r.stopped) if (!Number.isNaN(t)) stoppedCount++;
  return {
    paths,
    from,
    seed,
    horizon: r.times[steps],
    dt: steps > 0 ? r.times[1] - r.times[0] : 0,
    steps,
    states: problem.states.map((s) => s.name),
    final: at[at.length - 1],
    at,
    reward: { mean, std, stderr: std / Math.sqrt(paths) },
    stopped: stoppedCount,
    ...(solution
      ? {
          solve: {
            converged: solution.status === 'converged' || solution.status === 'done',
            iterations: solution.iterations,
            seconds: solution.seconds,
            grid: solution.display.grid.shape,
          },
        }
      : {}),
  };
}

const g = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)).toString() : String(v));

function summary(problem: CompiledProblem, rep: Record<string, unknown>, r: SimulationResult): string {
  const at = rep.at as Moments[];
  const reward = rep.reward as { mean: number; std: number; stderr: number };
  const names = problem.states.map((s) => s.name);
  const lines = [
    `'${problem.title}': ${String(rep.paths)} paths from (${(rep.from as number[]).map(g).join(', ')}), ` +
      `horizon ${g(rep.horizon as number)}, dt ${g(rep.dt as number)}, seed ${String(rep.seed)}`,
  ];
  for (const m of at)
    lines.push(
      `  t = ${g(m.t).padEnd(7)} ${names.map((n, i) => `${n}: mean ${g(m.mean[i])} ± std ${g(m.std[i])}`).join(', ')}`,
    );
  const what = problem.objective === 'minimize' ? 'discounted cost' : 'discounted reward';
  lines.push(`  ${what}: mean ${g(reward.mean)} (± ${g(reward.stderr)} s.e.), std ${g(reward.std)}`);
  const stopped = rep.stopped as number;
  if (stopped > 0) {
    let tsum = 0;
    for (const t of r.stopped) if (!Number.isNaN(t)) tsum += t;
    lines.push(`  ${stopped} path(s) stopped at the target or an exit face (mean time ${g(tsum / stopped)})`);
  }
  return lines.join('\n') + '\n';
}

export const simulate: CliCommand = {
  name: 'simulate',
  summary: 'solve, then simulate closed-loop paths and report their mean and spread',
  usage,
  get options() {
    return options();
  },
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs(args, options(), usage);
    const file = oneFile('simulate', positionals, usage);
    const fromText = str(values, 'from');
    if (fromText === undefined) throw new UsageError(`--from x1,x2,... is required. Usage: ${usage}`);
    const overrides = parseOverrides(list(values, 'set'));
    const loaded = await loadProblem(file, overrides);
    const problem = loaded.problem;
    if (problem.kind !== 'control')
      throw new UsageError(
        `'${file}' is a diffusion problem; closed-loop simulation needs a control problem`,
      );
    const from = parsePoint(
      fromText,
      'from',
      problem.states.map((s) => s.name),
    );
    problem.states.forEach((s, i) => {
      if (!(from[i] >= s.min && from[i] <= s.max))
        throw new UsageError(`--from: ${s.name} = ${from[i]} is outside [${s.min}, ${s.max}]`);
    });
    const num = (name: string, check: (v: number) => boolean, what: string): number | undefined => {
      const v = str(values, name);
      return v !== undefined ? parseNumber(v, name, check, what) : undefined;
    };
    const paths =
      num('paths', (v) => Number.isInteger(v) && v >= 1 && v <= 1e7, 'a whole number ≥ 1') ?? 1000;
    const horizon = num('horizon', (v) => v > 0, 'a positive number');
    const dt = num('dt', (v) => v > 0, 'a positive number') ?? 0.01;
    const seed = num('seed', (v) => Number.isInteger(v), 'an integer') ?? 1;
    const T = horizon ?? problem.horizon ?? (problem.discount ? 5 / problem.discount : 10);
    const steps = Math.max(1, Math.round(T / dt));
    // The simulator keeps every path at every step: refuse before allocating gigabytes.
    const bytes = paths * (steps + 1) * (problem.states.length + 1) * 8;
    if (bytes > 1024 * 2 ** 20)
      throw new UsageError(
        `${paths} paths × ${steps} steps need about ${Math.round(bytes / 2 ** 20)} MiB; use fewer paths or a larger --dt`,
      );
    const solver = chosenSolver(values, loaded.solver);
    const given = settingsFromOptions(
      values,
      solver,
      problem,
      loaded.solver === solver.id ? loaded.settings : {},
      file,
    );
    const solution = problem.controls.length > 0 ? await runSolver(solver, problem, given, io) : null;
    let result: SimulationResult;
    try {
      const policy = solution ? solver.policy(problem, solution) : null;
      result = simulatePaths(problem, policy, { from, paths, dt, seed, ...(horizon ? { horizon } : {}) });
    } catch (err) {
      if (err instanceof SolverError) throw new UsageError(oneLine(err));
      throw err;
    }
    const rep = report(problem, result, solution, paths, from, seed);
    if (values.json === true) io.stdout(JSON.stringify(rep) + '\n');
    else io.stdout(summary(problem, rep, result));
    return 0;
  },
};
