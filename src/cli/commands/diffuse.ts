/**
 * `hjb diffuse FILE [--seed S] [--steps N] [--samples N] [--no-train] [--no-grid]
 * [--at=x,...]... [--at-time=t]... [--json]`: runs the diffusion solver on a diffusion({...})
 * problem and reports V and u at the given points and control times (t = 0 is pure noise,
 * t = T the data) for every solution there is, the training figures, the score errors at
 * the standard forward times, the data floor, the samplers' sliced W2 and MMD², and the
 * control gap. With --json exactly one JSON object on stdout.
 */
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { loadProblem } from '../solve/load';
import type { DiffusionProblem } from '../../core/problem/types';
import { SolverError } from '../../core/solvers/problem';
import { diffusionSolver, fieldsOf } from '../../core/solvers/diffusion';
import type { DiffusionResult } from '../../core/solvers/diffusion';
import { list, oneFile, parseArgs, str, type OptionSpec } from '../args';
import { oneLine, parseNumber } from '../solve/values';

const usage =
  'npm run hjb -- diffuse FILE [--seed S] [--steps N] [--samples N] [--no-train] [--no-grid] ' +
  '[--at=x,...]... [--at-time=t]... [--json]';

/** Reads FILE (a source or a project) through the shared loader; refuses control problems. */
async function loadDiffusion(file: string): Promise<DiffusionProblem> {
  const { problem } = await loadProblem(file, {});
  if (problem.kind !== 'diffusion')
    throw new UsageError(
      `'${file}' is a control problem; 'hjb diffuse' takes diffusion({...}) problems (use 'hjb solve')`,
    );
  return problem;
}

interface AtEntry {
  x: number[];
  t: number;
  exact?: { value: number; control: number[] };
  grid?: { value: number; control: number[] };
  trained?: { control: number[] };
}

function evaluateAt(
  problem: DiffusionProblem,
  result: DiffusionResult,
  points: number[][],
  times: number[],
): AtEntry[] {
  const f = fieldsOf(problem, result);
  const d = problem.dim;
  const out: AtEntry[] = [];
  const one = (
    field: (xs: Float64Array[], t: number, o: Float64Array[], n: number) => void,
    x: number[],
    t: number,
    k: number,
  ) => {
    const xs = x.map((v) => Float64Array.of(v));
    const o = Array.from({ length: k }, () => new Float64Array(1));
    field(xs, t, o, 1);
    return o.map((a) => a[0]);
  };
  for (const x of points)
    for (const t of times) {
      const e: AtEntry = { x, t };
      if (f.exact)
        e.exact = { value: one(f.exact.value, x, t, 1)[0], control: one(f.exact.control, x, t, d) };
      if (f.grid) e.grid = { value: one(f.grid.value, x, t, 1)[0], control: one(f.grid.control, x, t, d) };
      if (f.trained) e.trained = { control: one(f.trained.control, x, t, d) };
      out.push(e);
    }
  return out;
}

export function diffuseReport(
  problem: DiffusionProblem,
  result: DiffusionResult,
  at: AtEntry[],
): Record<string, unknown> {
  const report: Record<string, unknown> = { title: problem.title, dim: problem.dim, at };
  if (result.trained) report.train = { steps: result.trained.steps, seconds: result.trained.seconds };
  report.scoreError = result.scoreErrors;
  if (result.dataFloor) report.dataFloor = result.dataFloor;
  report.samplers = result.samplers.map((s) => ({
    score: s.score,
    method: s.method,
    sw2: s.sw2,
    mmd: s.mmd,
    seconds: s.seconds,
  }));
  const gaps = Object.entries(result.controlGap);
  if (gaps.length > 0)
    report.controlGap = Object.fromEntries(
      gaps.map(([k, g]) => [
        k,
        {
          paths: g.paths,
          steps: g.steps,
          costMinusValue: g.cost,
          costMinusValueSE: g.costSE,
          halfIntegralGap: g.gap,
          halfIntegralGapSE: g.gapSE,
          residual: g.residual,
          residualSE: g.residualSE,
        },
      ]),
    );
  report.status = result.status;
  report.warnings = result.warnings;
  report.seconds = result.seconds;
  return report;
}

function formatText(r: Record<string, unknown>): string {
  const lines: string[] = [
    `${String(r.title)} (${String(r.dim)}-D): ${String(r.status)} in ${(r.seconds as number).toFixed(1)} s`,
  ];
  for (const e of r.at as AtEntry[]) {
    const parts = [`x = [${e.x.join(', ')}], t = ${e.t}:`];
    if (e.exact)
      parts.push(
        `exact V ${e.exact.value.toPrecision(6)} u [${e.exact.control.map((v) => v.toPrecision(5)).join(', ')}]`,
      );
    if (e.grid)
      parts.push(
        `grid V ${e.grid.value.toPrecision(6)} u [${e.grid.control.map((v) => v.toPrecision(5)).join(', ')}]`,
      );
    if (e.trained) parts.push(`trained u [${e.trained.control.map((v) => v.toPrecision(5)).join(', ')}]`);
    lines.push(parts.join('  '));
  }
  if (r.train) {
    const t = r.train as { steps: number; seconds: number };
    lines.push(`training: ${t.steps} steps in ${t.seconds.toFixed(1)} s`);
  }
  for (const row of r.scoreError as { s: number; grid?: number; trained?: number }[])
    lines.push(
      `score error at s = ${row.s}:` +
        (row.grid !== undefined ? ` grid ${(100 * row.grid).toFixed(2)} %` : '') +
        (row.trained !== undefined ? ` trained ${(100 * row.trained).toFixed(2)} %` : ''),
    );
  if (r.dataFloor) {
    const f = r.dataFloor as { sw2: number; mmd: number };
    lines.push(`data floor: sliced W2 ${f.sw2.toFixed(4)}, MMD² ${f.mmd.toExponential(2)}`);
  }
  for (const s of r.samplers as { score: string; method: string; sw2?: number; mmd?: number }[])
    lines.push(
      `sampler ${s.score} ${s.method}: sliced W2 ${s.sw2?.toFixed(4) ?? '–'}, MMD² ${s.mmd?.toExponential(2) ?? '–'}`,
    );
  for (const w of r.warnings as string[]) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

const OPTIONS: OptionSpec[] = [
  { name: 'seed', value: 'S', help: 'seed of every random draw (default 0)' },
  { name: 'steps', value: 'N', help: 'training steps' },
  { name: 'samples', value: 'N', help: 'particles per sampler and held-out set' },
  { name: 'no-train', help: 'skip the trained network' },
  { name: 'no-grid', help: 'skip the grid solution' },
  { name: 'at', value: 'x1,x2,…', multiple: true, help: 'report V and u at this point' },
  {
    name: 'at-time',
    value: 't',
    multiple: true,
    help: 'control time for --at (0 noise … T data; default 0)',
  },
  { name: 'json', help: 'print one JSON object' },
];

export const diffuse: CliCommand = {
  name: 'diffuse',
  summary: 'run the diffusion solver (exact, grid, trained) with samplers and metrics',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    try {
      const { values, positionals } = parseArgs(args, OPTIONS, usage);
      const problem = await loadDiffusion(oneFile('diffuse', positionals, usage));
      const settings = diffusionSolver.settings.defaults(problem);
      const int = (name: string, min: number) => {
        const v = str(values, name);
        return v !== undefined
          ? parseNumber(v, name, (x) => Number.isInteger(x) && x >= min, `a whole number ≥ ${min}`)
          : undefined;
      };
      const seed = int('seed', 0);
      const steps = int('steps', 1);
      const samples = int('samples', 2);
      if (seed !== undefined) settings.seed = seed;
      if (steps !== undefined) settings.trainSteps = steps;
      if (samples !== undefined) settings.samples = samples;
      if (values['no-train'] === true) settings.train = false;
      if (values['no-grid'] === true) settings.grid = false;
      const pts = list(values, 'at').map((text) => {
        const x = text.split(',').map((v) => parseNumber(v, 'at', undefined, 'comma-separated numbers'));
        if (x.length !== problem.dim)
          throw new UsageError(
            `--at needs ${problem.dim} numbers (the data is ${problem.dim}-D), not '${text}'`,
          );
        return x;
      });
      const T = problem.horizon;
      const times = list(values, 'at-time').map((v) =>
        parseNumber(v, 'at-time', (t) => t >= 0 && t <= T, `a control time in [0, ${T}]`),
      );
      const result = await diffusionSolver.solve(problem, settings, {
        onProgress: io.stderrIsTTY ? (p) => io.stderr(`\r${p.phase ?? ''}`.padEnd(60)) : undefined,
      });
      if (io.stderrIsTTY) io.stderr('\n');
      const report = diffuseReport(
        problem,
        result,
        evaluateAt(problem, result, pts, times.length > 0 ? times : pts.length > 0 ? [0] : []),
      );
      io.stdout(values.json === true ? JSON.stringify(report) + '\n' : formatText(report));
      return 0;
    } catch (err) {
      if (err instanceof UsageError || err instanceof SolverError) {
        io.stderr(`hjb diffuse: ${oneLine(err)}\n`);
        return 1;
      }
      throw err;
    }
  },
};
