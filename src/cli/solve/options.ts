/**
 * The solver options of `hjb solve` and `hjb simulate`, derived from the registry: `--solver
 * ID`, `--setting NAME=VALUE` for every setting of the chosen solver, and each setting's
 * short flag (`--grid 201x201`, `--tol 1e-8`, `--memory-limit 4096`) with its help line, and
 * for `hjb solve`, `--seed S` for every solver that has a setting named 'seed'.
 * Values are read and checked by the settings' own descriptions (settings-spec.ts), so the
 * CLI accepts exactly what the app and project files accept.
 */
import { UsageError } from '../command';
import type { OptionSpec, OptionValues } from '../args';
import { list, str } from '../args';
import { SolverError } from '../../core/solvers/problem';
import { listSolvers } from '../../core/solvers/registry';
import { describeRange, parseSetting, validateSettings } from '../../core/solvers/settings-spec';
import type { AnyProblem, SettingSpec, SettingValues, SolverDefinition } from '../../core/solvers/solver';

function placeholder(spec: SettingSpec): string {
  switch (spec.kind) {
    case 'integer-list':
      return 'N[xN…]';
    case 'integer':
      return 'N';
    case 'number':
      return 'X';
    case 'boolean':
      return 'on|off';
    case 'choice':
      return (spec.choices ?? []).join('|');
  }
}

/** Every solver's short flags (a flag two solvers share appears once, with the first one's help). */
function flagOptions(): OptionSpec[] {
  const out: OptionSpec[] = [];
  for (const solver of listSolvers()) {
    for (const spec of solver.settings.describe()) {
      if (!spec.flag || out.some((o) => o.name === spec.flag)) continue;
      const range = spec.kind === 'choice' || spec.kind === 'boolean' ? '' : `; ${describeRange(spec)}`;
      out.push({
        name: spec.flag,
        value: placeholder(spec),
        help: `${spec.help.replace(/\.$/, '')}${range} (${solver.id} setting '${spec.name}')`,
      });
    }
  }
  return out;
}

/** `hjb solve --seed S` (not shared: `hjb simulate --seed` seeds its own paths). */
export const seedOption: OptionSpec = {
  name: 'seed',
  value: 'S',
  help: "the seed of a solver that has one (its setting 'seed'): the same seed gives the same numbers",
};

/** Options shared by `solve` and `simulate`: the solver, its settings, the problem's parameters. */
export function solverOptions(): OptionSpec[] {
  return [
    {
      name: 'solver',
      value: 'ID',
      help: `the solver (${listSolvers()
        .map((s) => s.id)
        .join(', ')}; default: the project's, else the first); 'hjb solvers' describes them`,
    },
    {
      name: 'setting',
      value: 'NAME=VALUE',
      multiple: true,
      help: "any setting of the solver by name ('hjb solvers' lists them)",
    },
    ...flagOptions(),
    {
      name: 'set',
      value: 'NAME=NUMBER',
      multiple: true,
      help: "override a parameter of the problem's source",
    },
    { name: 'json', help: 'print exactly one JSON object on stdout (warnings go to stderr)' },
  ];
}

/** The solver the user asked for (--solver), else the project's, else the first registered. */
export function chosenSolver(values: OptionValues, fromProject: string | null): SolverDefinition {
  const id = str(values, 'solver') ?? fromProject ?? listSolvers()[0]?.id;
  const solver = listSolvers().find((s) => s.id === id);
  if (!solver)
    throw new UsageError(
      `--solver: there is no solver '${String(id)}' (solvers: ${listSolvers()
        .map((s) => s.id)
        .join(', ')})`,
    );
  return solver;
}

function parseAs(spec: SettingSpec, text: string, option: string): SettingValues[string] {
  try {
    return parseSetting(spec, text);
  } catch (err) {
    if (err instanceof SolverError) throw new UsageError(`${option}: ${err.message}`);
    throw err;
  }
}

/**
 * The settings for this solve: those a project stored (checked; settings the solver no
 * longer has are dropped), then the short flags and `--seed`, then `--setting NAME=VALUE`. Only what
 * was given; the solver fills in its defaults.
 */
export function settingsFromOptions(
  values: OptionValues,
  solver: SolverDefinition,
  problem: AnyProblem,
  stored: SettingValues,
  file: string,
  /** `hjb solve --seed S`: the setting named 'seed' (hjb simulate's --seed seeds its paths). */
  seed?: string,
): SettingValues {
  const specs = solver.settings.describe(problem);
  let out: SettingValues;
  try {
    out = validateSettings(specs, stored, `${solver.id} solver`, 'drop');
  } catch (err) {
    throw new UsageError(`'${file}' stores ${err instanceof Error ? err.message : String(err)}`);
  }
  const known = new Set(specs.map((s) => s.flag).filter((f): f is string => f !== undefined));
  for (const option of flagOptions()) {
    const text = str(values, option.name);
    if (text === undefined) continue;
    if (!known.has(option.name))
      throw new UsageError(`--${option.name} is not a setting of the ${solver.id} solver`);
    const spec = specs.find((s) => s.flag === option.name)!;
    out[spec.name] = parseAs(spec, text, `--${option.name}`);
  }
  if (seed !== undefined) {
    const spec = specs.find((s) => s.name === 'seed');
    if (!spec)
      throw new UsageError(`--seed: the ${solver.id} solver has no seed (it draws no random numbers)`);
    out[spec.name] = parseAs(spec, seed, '--seed');
  }
  for (const item of list(values, 'setting')) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/.exec(item);
    if (!m) throw new UsageError(`--setting needs NAME=VALUE, not '${item}'`);
    const spec = specs.find((s) => s.name === m[1]);
    if (!spec)
      throw new UsageError(
        `--setting: the ${solver.id} solver has no setting '${m[1]}' (settings: ${specs.map((s) => s.name).join(', ')})`,
      );
    out[spec.name] = parseAs(spec, m[2], `--setting ${spec.name}`);
  }
  return out;
}
