/**
 * `hjb solve FILE [options]`: compile a problem (a `.ts` source or a `.hjblab` project),
 * solve its HJB equation on a grid (DESIGN.md §4.1) and report (issue 4, item 5).
 *
 * Progress goes to stderr (a bar on a terminal, plain lines otherwise); stdout holds the
 * summary, or with --json exactly one JSON object. Every bad input — a missing file,
 * diagnostics, a bad option, NaN from the problem's functions, a memory refusal — ends
 * with exit code 1 and a one-line message.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { interpolateBatch } from '../../core/grid/interpolate';
import { compileProblem } from '../../core/problem/compile';
import type { CompiledProblem } from '../../core/problem/types';
import { createProject, parseProject, PROJECT_EXTENSION, serializeProject } from '../../core/project/index';
import type { Project, SettingsValues } from '../../core/project/index';
import { gridRunFields, gridRunToProjectRun } from '../../core/project/grid-run';
import { SolverError } from '../../core/solvers/problem';
import { gridLevels, solveGrid } from '../../core/solvers/grid/solve';
import { defaultGridSettings, type GridSettings } from '../../core/solvers/grid/settings';
import type { GridProgress, GridSolution } from '../../core/solvers/grid/types';

/** Options shared by `solve` and `simulate` (the grid solver's settings and the problem's parameters). */
export const solverOptions = {
  grid: { type: 'string' },
  actions: { type: 'string' },
  method: { type: 'string' },
  refine: { type: 'string' },
  tol: { type: 'string' },
  'max-iter': { type: 'string' },
  times: { type: 'string' },
  set: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** node:util parseArgs (strict) with user-facing messages instead of Node's error codes. */
export function parseCliArgs(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
): { values: OptionValues; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: r.values as OptionValues, positionals: r.positionals };
  } catch (err) {
    const full = err instanceof Error ? err.message : String(err);
    const dash = /ambiguous/.test(full) ? ' (write --option=-1.5 for a value that starts with a dash)' : '';
    const first = full
      .split('\n')[0]
      .replace(/\. To specify a positional argument.*$/, '')
      .replace(/\.$/, '');
    const message = first + dash;
    throw new UsageError(`${message}. Usage: ${usage}`);
  }
}

function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function list(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : [];
}

/** A finite number, or a UsageError naming the option. */
export function parseNumber(
  text: string,
  option: string,
  check?: (v: number) => boolean,
  what?: string,
): number {
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v) || (check && !check(v)))
    throw new UsageError(`--${option} needs ${what ?? 'a number'}, not '${text}'`);
  return v;
}

function parseInteger(text: string, option: string, min: number): number {
  return parseNumber(text, option, (v) => Number.isInteger(v) && v >= min, `an integer ≥ ${min}`);
}

/** `201x201` (or `201` for every state) → one size per entry of `names`. */
function parseSizes(text: string, option: string, names: readonly string[], min: number): number[] {
  const parts = text.split(/[x×,]/);
  const sizes = parts.map((p) => parseInteger(p, option, min));
  if (sizes.length === 1) return names.map(() => sizes[0]);
  if (sizes.length !== names.length)
    throw new UsageError(
      `--${option} needs ${names.length} sizes (${names.join(', ')}) or one for all, got '${text}'`,
    );
  return sizes;
}

/** `x1,x2,…` → a point with one coordinate per state. */
export function parsePoint(text: string, option: string, problem: CompiledProblem): number[] {
  const names = problem.states.map((s) => s.name);
  const x = text.split(',').map((p) => parseNumber(p, option));
  if (x.length !== names.length)
    throw new UsageError(
      `--${option} needs ${names.length} coordinate(s) (${names.join(', ')}), got '${text}'`,
    );
  return x;
}

export function parseOverrides(specs: readonly string[]): Record<string, number> {
  const overrides: Record<string, number> = {};
  for (const spec of specs) {
    const m = /^([A-Za-z_$][\w$]*)=(.+)$/.exec(spec);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) throw new UsageError(`--set needs NAME=NUMBER, not '${spec}'`);
    overrides[m[1]] = v;
  }
  return overrides;
}

/** Grid settings from the project file (if any) and then the command line. */
export function gridSettingsFromOptions(
  values: OptionValues,
  problem: CompiledProblem,
  fromProject: Partial<GridSettings> = {},
): Partial<GridSettings> {
  const s: Partial<GridSettings> = { ...fromProject };
  const grid = str(values, 'grid');
  if (grid !== undefined)
    s.shape = parseSizes(
      grid,
      'grid',
      problem.states.map((x) => x.name),
      3,
    );
  const actions = str(values, 'actions');
  if (actions !== undefined) {
    if (problem.controls.length === 0) throw new UsageError('--actions: the problem has no controls');
    s.actions = parseSizes(
      actions,
      'actions',
      problem.controls.map((c) => c.name),
      1,
    );
  }
  const method = str(values, 'method');
  if (method !== undefined) {
    if (method !== 'howard' && method !== 'value')
      throw new UsageError(`--method must be howard or value, not '${method}'`);
    s.method = method;
  }
  const refine = str(values, 'refine');
  if (refine !== undefined) {
    if (refine !== 'on' && refine !== 'off')
      throw new UsageError(`--refine must be on or off, not '${refine}'`);
    s.refine = refine === 'on';
  }
  const tol = str(values, 'tol');
  if (tol !== undefined) s.tol = parseNumber(tol, 'tol', (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const maxIter = str(values, 'max-iter');
  if (maxIter !== undefined) s.maxIter = parseInteger(maxIter, 'max-iter', 1);
  const times = str(values, 'times');
  if (times !== undefined) s.times = parseInteger(times, 'times', 2);
  return s;
}

const SETTING_KEYS: ReadonlyArray<keyof GridSettings> = [
  'shape',
  'actions',
  'method',
  'refine',
  'tol',
  'maxIter',
  'times',
  'timeSteps',
  'stepping',
  'temperature',
  'boundary',
  'multilevel',
  'linearSolver',
  'memoryLimitMB',
];

/** The grid settings a project stored (unknown or ill-typed fields are left to the defaults). */
function projectSettings(values: SettingsValues): Partial<GridSettings> {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) if (values[key] !== undefined) out[key] = values[key];
  return out as Partial<GridSettings>;
}

export interface LoadedProblem {
  problem: CompiledProblem;
  /** Grid settings stored in a project file (empty for a source file). */
  settings: Partial<GridSettings>;
  /** The problem source that was compiled. */
  source: string;
  /** The project FILE holds (null for a source file). */
  project: Project | null;
}

/** Reads FILE (.ts source or .hjblab project) and compiles it into a control problem. */
export async function loadProblem(file: string, overrides: Record<string, number>): Promise<LoadedProblem> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(
      `cannot read '${file}'${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : code ? ` (${code})` : ''}`,
    );
  }
  let source = text;
  let settings: Partial<GridSettings> = {};
  let project: Project | null = null;
  if (file.endsWith(PROJECT_EXTENSION)) {
    try {
      project = parseProject(text);
      source = project.source;
      if (project.settings.solver === 'grid') settings = projectSettings(project.settings.values);
    } catch (err) {
      throw new UsageError(`'${file}' is not a readable project: ${oneLine(err)}`);
    }
  }
  const result = compileProblem(source, { overrides });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.problem || errors.length > 0) {
    const first = errors[0] ?? result.diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; run 'hjb check ${file}')` : '';
    throw new UsageError(
      first ? `${file}:${first.line}:${first.column}: ${first.message}${more}` : `${file} does not compile`,
    );
  }
  if (result.problem.kind !== 'control')
    throw new UsageError(`'${file}' is a diffusion problem; the grid solver solves control problems`);
  return { problem: result.problem, settings, source, project };
}

export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Progress on stderr: a bar rewritten in place on a terminal, a few plain lines otherwise. */
export function progressReporter(
  io: CliIO,
  problem: CompiledProblem,
  settings: Partial<GridSettings>,
): { onProgress: (p: GridProgress) => void; done: () => void } {
  const shape = settings.shape ?? null;
  const periodic = problem.states.map((s) => s.periodic || s.boundary === 'periodic');
  const levelCount =
    problem.horizon === null && shape ? gridLevels(shape, periodic, settings.multilevel ?? true).length : 1;
  let lastPrint = -Infinity;
  let lastLevel = -1;
  let drawn = false;
  const start = performance.now();
  const onProgress = (p: GridProgress) => {
    const now = performance.now();
    const levelChanged = p.level !== lastLevel;
    lastLevel = p.level;
    if (!levelChanged && now - lastPrint < (io.stderrIsTTY ? 100 : 500)) return;
    lastPrint = now;
    const T = problem.horizon;
    const fraction =
      T !== null && p.time !== undefined
        ? 1 - p.time / T
        : Math.min(1, (levelCount - 1 - p.level + Math.min(1, p.iteration / 50)) / levelCount);
    const where =
      T !== null && p.time !== undefined
        ? `t = ${p.time.toFixed(3)}`
        : `level ${levelCount - p.level}/${levelCount}, iteration ${p.iteration}`;
    const text = `${where}, residual ${p.residualMax.toExponential(2)}, policy changes ${p.policyChanges}, ${p.elapsed.toFixed(1)} s`;
    if (io.stderrIsTTY) {
      const width = 24;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      io.stderr(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${text}\x1b[K`);
      drawn = true;
    } else io.stderr(`solving: ${text}\n`);
  };
  const done = () => {
    if (drawn) io.stderr('\r\x1b[K');
    else if (!io.stderrIsTTY && lastLevel >= 0)
      io.stderr(`solving: done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  };
  return { onProgress, done };
}

/** What a solve also records for a stored run (the lab's run history, DESIGN.md §6). */
export interface SolveRecord {
  /** Error against the exact solution per iteration on the final grid. */
  exactError: number[];
  /** 1-D infinite horizon: V after every iteration on the final grid (the lab draws V_k(x)). */
  snapshots: Float64Array[];
}

/** Runs the grid solver, turning solver errors into one-line user messages. */
export function runSolver(
  problem: CompiledProblem,
  settings: Partial<GridSettings>,
  io: CliIO,
  record?: SolveRecord,
): GridSolution {
  const progress = progressReporter(io, problem, settings);
  const keepIterates = record !== undefined && problem.states.length === 1 && problem.horizon === null;
  const onProgress = (p: GridProgress) => {
    if (record && p.level === 0) {
      if (p.exactError) record.exactError.push(p.exactError.value.max);
      if (keepIterates && p.snapshot) record.snapshots.push(p.snapshot.slice());
    }
    progress.onProgress(p);
  };
  try {
    const solution = solveGrid(problem, settings, { onProgress, snapshotEvery: keepIterates ? 1 : 0 });
    if (keepIterates && record) record.snapshots.push(solution.value.slice());
    return solution;
  } catch (err) {
    if (err instanceof SolverError) throw new UsageError(oneLine(err));
    throw err;
  } finally {
    progress.done();
  }
}

/** V (problem's own sense) and the policy at the stored time nearest below/above t, linearly between. */
function fieldsAt(solution: GridSolution, t: number | null): { value: Float64Array; policy: Float64Array[] } {
  const { times, values, policies } = solution;
  if (t === null || !times || !values || !policies) return { value: solution.value, policy: solution.policy };
  const n = solution.value.length;
  const K = times.length;
  let i0 = 0;
  while (i0 < K - 2 && times[i0 + 1] <= t) i0++;
  const span = times[i0 + 1] - times[i0];
  const w = span > 0 ? Math.min(1, Math.max(0, (t - times[i0]) / span)) : 0;
  const mix = (a: Float64Array) => {
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) out[p] = (1 - w) * a[i0 * n + p] + w * a[(i0 + 1) * n + p];
    return out;
  };
  return { value: mix(values), policy: policies.map(mix) };
}

export interface AtPoint {
  x: number[];
  value: number;
  policy: number[];
}

export function evaluateAt(solution: GridSolution, points: number[][], t: number | null): AtPoint[] {
  if (points.length === 0) return [];
  const { value, policy } = fieldsAt(solution, t);
  const d = solution.grid.shape.length;
  const coords = Array.from({ length: d }, (_, i) => Float64Array.from(points, (x) => x[i]));
  const n = points.length;
  const v = new Float64Array(n);
  interpolateBatch(solution.grid, value, coords, v, n);
  const pol = policy.map((a) => {
    const out = new Float64Array(n);
    interpolateBatch(solution.grid, a, coords, out, n);
    return out;
  });
  return points.map((x, p) => ({ x, value: v[p], policy: pol.map((a) => a[p]) }));
}

export function solutionReport(solution: GridSolution, at: AtPoint[]): Record<string, unknown> {
  return {
    solver: 'grid',
    method: solution.method,
    converged: solution.converged,
    iterations: solution.iterations,
    seconds: solution.seconds,
    residual: { max: solution.residualMax, l2: solution.residualL2 },
    grid: { shape: solution.grid.shape, bounds: solution.grid.bounds },
    ...(solution.exactError ? { exactError: solution.exactError } : {}),
    at,
  };
}

const g = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v));

function summary(problem: CompiledProblem, s: GridSolution, at: AtPoint[], atTime: number | null): string {
  const lines = [
    `'${problem.title}': grid ${s.grid.shape.join(' × ')}, ${s.method}, ${s.converged ? 'converged' : s.status} after ${s.iterations} ${problem.horizon !== null ? 'time steps' : 'iterations'} in ${s.seconds.toFixed(2)} s`,
    `  residual: max ${g(s.residualMax)}, L2 ${g(s.residualL2)}`,
  ];
  if (s.exactError) {
    const e = s.exactError;
    lines.push(
      `  error vs exact (middle 60 %): value max ${g(e.value.max)} (relative ${g(e.value.relMax)})` +
        (e.policy ? `, policy max ${g(e.policy.max)}` : ''),
    );
  }
  const valueName = problem.objective === 'minimize' ? 'cost-to-go' : 'value';
  for (const a of at) {
    const pol = problem.controls.map((c, j) => `${c.name} = ${g(a.policy[j])}`).join(', ');
    lines.push(
      `  at ${problem.states.map((st, i) => `${st.name} = ${g(a.x[i])}`).join(', ')}` +
        `${problem.horizon !== null ? `, t = ${g(atTime ?? 0)}` : ''}: ${valueName} ${g(a.value)}${pol ? `, ${pol}` : ''}`,
    );
  }
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n') + '\n';
}

/** Writes through a temporary file in the same directory and renames it into place. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(`cannot write '${file}'${code ? ` (${code})` : ''}`);
  }
}

const usage =
  'npm run hjb -- solve FILE [--grid 201x201] [--actions 41|41x21] [--method howard|value] ' +
  '[--refine on|off] [--tol 1e-8] [--max-iter N] [--times K] [--set NAME=VALUE]... ' +
  '[--at x1,x2,...]... [--at-time t] [--json] [--out result.json] [--save OUT.hjblab]';

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The lab's run status for a finished solve (src/renderer/state/controller.ts, finalStatus). */
function runStatus(s: GridSolution): string {
  if (s.converged || s.status === 'converged') return 'converged';
  return `failed: not converged after ${s.iterations} iterations (residual ${s.residualMax.toExponential(2)})`;
}

/**
 * The project to save: FILE's project (or a new one around the source) with the new run
 * stored and selected, and the settings it was solved with in the settings form.
 */
export function projectWithRun(
  loaded: LoadedProblem,
  settings: Partial<GridSettings>,
  solution: GridSolution,
  record: SolveRecord,
): Project {
  const { problem, project, source } = loaded;
  const base =
    project ?? createProject({ title: problem.title, source, settings: { solver: 'grid', values: {} } });
  const ids = new Set(base.runs.map((r) => r.id));
  let k = base.runs.length + 1;
  while (ids.has(`run-cli-${k}`)) k++;
  const id = `run-cli-${k}`;
  const values: SettingsValues = {
    ...(base.settings.solver === 'grid' ? base.settings.values : {}),
    ...(stripUndefined(settings) as SettingsValues),
  };
  const run = gridRunToProjectRun(gridRunFields(problem, solution), {
    id,
    label: `#${k} ${problem.title} (hjb solve)`,
    status: runStatus(solution),
    source,
    settings: { ...defaultGridSettings(problem), ...stripUndefined(settings) } as SettingsValues,
    exactErrorHistory: record.exactError,
    snapshots: record.snapshots,
  });
  return createProject({
    ...base,
    settings: { solver: 'grid', values },
    view: { ...base.view, selectedRunId: id },
    runs: [...base.runs, run],
  });
}

export const solve: CliCommand = {
  name: 'solve',
  summary: 'solve a problem on a grid and report the value and policy',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCliArgs(
      args,
      {
        ...solverOptions,
        at: { type: 'string', multiple: true },
        'at-time': { type: 'string' },
        out: { type: 'string' },
        save: { type: 'string' },
      },
      usage,
    );
    if (positionals.length === 0) throw new UsageError(`which file? Usage: ${usage}`);
    if (positionals.length > 1)
      throw new UsageError(`solve takes one file, got '${positionals[0]}' and '${positionals[1]}'`);
    const file = positionals[0];
    const overrides = parseOverrides(list(values, 'set'));
    const save = str(values, 'save');
    if (save !== undefined && !save.endsWith(PROJECT_EXTENSION))
      throw new UsageError(`--save needs a ${PROJECT_EXTENSION} file name, not '${save}'`);
    if (save !== undefined && Object.keys(overrides).length > 0)
      throw new UsageError('--save cannot store --set overrides (a project keeps its source as written)');
    const loaded = await loadProblem(file, overrides);
    const { problem, settings: stored } = loaded;
    const settings = gridSettingsFromOptions(values, problem, stored);
    const points = list(values, 'at').map((p) => parsePoint(p, 'at', problem));
    const atTimeText = str(values, 'at-time');
    let atTime: number | null = null;
    if (atTimeText !== undefined) {
      if (problem.horizon === null) throw new UsageError('--at-time needs a finite-horizon problem');
      const T = problem.horizon;
      atTime = parseNumber(atTimeText, 'at-time', (v) => v >= 0 && v <= T, `a time in [0, ${T}]`);
    }
    const out = str(values, 'out');
    const record: SolveRecord | undefined =
      save !== undefined ? { exactError: [], snapshots: [] } : undefined;
    const solution = runSolver(problem, settings, io, record);
    const at = evaluateAt(solution, points, atTime);
    const report = solutionReport(solution, at);
    const json = JSON.stringify(report);
    if (out !== undefined) await writeAtomic(out, json + '\n');
    if (save !== undefined && record) {
      let text: string;
      try {
        text = serializeProject(projectWithRun(loaded, settings, solution, record));
      } catch (err) {
        throw new UsageError(`cannot save '${save}': ${oneLine(err)}`);
      }
      await writeAtomic(save, text);
    }
    if (values.json === true) io.stdout(json + '\n');
    else io.stdout(summary(problem, solution, at, atTime));
    if (values.json === true)
      for (const w of solution.warnings) io.stderr(`hjb solve: warning: ${oneLine(w)}\n`);
    return 0;
  },
};
