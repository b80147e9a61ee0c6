/**
 * `hjb sweep-dt FILE [--dt a,b,c] [--seed S] [--json]`: the same problem learned by
 * Q-learning at several time steps with the continuous-time and the discrete-time critic,
 * each against the exact solution (docs/numerics.md, "Q-learning"). With --json exactly one
 * object on stdout: { "runs": [{ dt, critic, policyError, valueError?, return, seconds }] }.
 */
import { list, oneFile, parseArgs, str, type OptionSpec } from '../args';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { sweepDt, SWEEP_DTS, type SweepRun } from '../../core/solvers/q-learning';
import { loadProblem } from '../solve/load';
import { parseNumber, parseOverrides } from '../solve/values';

const usage =
  'npm run hjb -- sweep-dt FILE [--dt 0.1,0.03,0.01,0.003] [--seed S] [--json] [--setting NAME=VALUE]... [--set PARAM=VALUE]...';

/** `--setting episodes=20`, `--setting hidden=64,64`, `--setting noise=ou`: learner settings shared by every run. */
function parseSettings(specs: readonly string[]): Record<string, number | string | number[]> {
  const out: Record<string, number | string | number[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--setting needs NAME=VALUE, not '${spec}'`);
    const name = spec.slice(0, eq).trim();
    const text = spec.slice(eq + 1).trim();
    if (name === 'dt' || name === 'critic' || name === 'seed')
      throw new UsageError(`--setting ${name}: the sweep sets it (use --dt or --seed)`);
    const parts = text.split(',');
    const nums = parts.map(Number);
    const numeric = text !== '' && nums.every(Number.isFinite);
    out[name] = numeric ? (parts.length > 1 || name === 'hidden' ? nums : nums[0]) : text;
  }
  return out;
}

function table(runs: readonly SweepRun[]): string {
  const rows = runs.map(
    (r) =>
      `${String(r.dt).padEnd(8)}${r.critic.padEnd(12)}${r.policyError.toFixed(4).padStart(12)}` +
      `${(r.valueError !== undefined ? r.valueError.toFixed(4) : '—').padStart(12)}` +
      `${r.return.toPrecision(5).padStart(12)}${r.seconds.toFixed(1).padStart(9)}`,
  );
  return [
    `${'dt'.padEnd(8)}${'critic'.padEnd(12)}${'policy err'.padStart(12)}${'value err'.padStart(12)}${'return'.padStart(12)}${'seconds'.padStart(9)}`,
    ...rows,
  ].join('\n');
}

const OPTIONS: readonly OptionSpec[] = [
  { name: 'dt', value: 'a,b,…', help: `time steps (default ${SWEEP_DTS.join(',')})` },
  { name: 'seed', value: 'S', help: 'seed of every run (default: the solver’s)' },
  { name: 'json', help: 'print one JSON object { runs: [...] } on stdout' },
  {
    name: 'setting',
    value: 'NAME=VALUE',
    help: 'a Q-learning setting shared by every run (episodes=40, hidden=64,64, noise=ou)',
    multiple: true,
  },
  { name: 'set', value: 'PARAM=VALUE', help: 'override a numeric constant of the problem', multiple: true },
];

export const sweepDtCommand: CliCommand = {
  name: 'sweep-dt',
  summary: 'Q-learning at several time steps with both critics: policy error against Δt',
  usage,
  options: OPTIONS,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs(args, OPTIONS, usage);
    const dtText = str(values, 'dt');
    const seedText = str(values, 'seed');
    const file = oneFile('sweep-dt', positionals, usage);
    const dts =
      dtText !== undefined
        ? dtText.split(',').map((s) => parseNumber(s, 'dt', (v) => v > 0 && v <= 1, 'time steps in (0, 1]'))
        : [...SWEEP_DTS];
    const wholeSeed = (v: number) => Number.isInteger(v) && v >= 0 && v < 2 ** 31;
    const seed =
      seedText !== undefined ? parseNumber(seedText, 'seed', wholeSeed, 'a whole number ≥ 0') : undefined;
    const settings = parseSettings(list(values, 'setting'));
    const { problem } = await loadProblem(file, parseOverrides(list(values, 'set')));
    if (problem.kind !== 'control')
      throw new UsageError(`'${file}' is a diffusion problem; the sweep learns control problems`);
    if (!problem.kernels.exact)
      throw new UsageError(`'${file}' has no exact solution to measure the policy error against`);
    let runs: SweepRun[];
    try {
      runs = await sweepDt(problem, {
        dts,
        settings,
        ...(seed !== undefined ? { seed } : {}),
        onRun: (r, i, total) =>
          io.stderr(
            `sweep-dt: ${i + 1}/${total} dt ${r.dt} ${r.critic}: policy error ${r.policyError.toFixed(4)}\n`,
          ),
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    if (values.json) io.stdout(`${JSON.stringify({ runs })}\n`);
    else io.stdout(`${table(runs)}\n`);
    return 0;
  },
};
