/**
 * The one validator of solver settings, derived from the solvers' SettingSpec lists: the
 * panel, the worker, the CLI and project files all go through it, so a bound is written
 * once (in the spec) and every entry point refuses the same values with the same message.
 */
import { SolverError } from './problem';
import type { AnyProblem, SettingSpec, SettingValue, SettingValues, SolverDefinition } from './solver';

/** What to do with a key no spec names: refuse it (CLI, worker) or drop it (old project files). */
export type UnknownKeys = 'error' | 'drop';

/** "an integer in [3, 20001]", "on or off", "one of howard, value": for messages and help lines. */
export function describeRange(spec: SettingSpec): string {
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? ` in [${fmt(spec.min)}, ${fmt(spec.max)}]`
      : spec.min !== undefined
        ? ` ≥ ${fmt(spec.min)}`
        : spec.max !== undefined
          ? ` ≤ ${fmt(spec.max)}`
          : '';
  switch (spec.kind) {
    case 'integer':
      return `an integer${range}`;
    case 'number':
      return `a number${range}`;
    case 'boolean':
      return 'on or off';
    case 'choice':
      return `one of ${(spec.choices ?? []).join(', ')}`;
    case 'integer-list': {
      const n = spec.entries?.length;
      const what =
        n === undefined
          ? 'integers'
          : n === 1
            ? `1 integer (${spec.entries![0]})`
            : `${n} integers (${spec.entries!.join(', ')})`;
      return `${what}${range}`;
    }
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential().replace('e+', 'e')
    : String(v);
}

function inRange(spec: SettingSpec, v: number): boolean {
  return (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max);
}

function shown(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(shown).join(', ')}]`;
  return String(v);
}

/** Checks one value against its spec; returns null or the reason it is refused. */
export function checkSetting(spec: SettingSpec, v: unknown): string | null {
  const need = `${spec.name} must be ${describeRange(spec)} (got ${shown(v)})`;
  switch (spec.kind) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && inRange(spec, v) ? null : need;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && inRange(spec, v) ? null : need;
    case 'boolean':
      return typeof v === 'boolean' ? null : `${spec.name} must be on or off (got ${shown(v)})`;
    case 'choice':
      return typeof v === 'string' && (spec.choices ?? []).includes(v) ? null : need;
    case 'integer-list': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) return need;
      const names = spec.entries;
      if (names && v.length !== names.length)
        return `${spec.name} needs ${names.length} sizes (one per ${names.join(', ')}), got ${v.length}`;
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as number;
        if (!Number.isInteger(x) || !inRange(spec, x)) {
          const entry = names ? ` for ${names[i]}` : ` (entry ${i + 1})`;
          const range = describeRange({ ...spec, kind: 'integer' });
          return `${spec.name}${entry} must be ${range} (got ${shown(x)})`;
        }
      }
      return null;
    }
  }
}

/**
 * `values` checked against `specs`: every named value must be valid, unknown names are
 * refused (or dropped). Returns only the checked values; the caller merges defaults.
 * Throws one SolverError listing every problem, prefixed by `who` ("grid solver").
 */
export function validateSettings(
  specs: readonly SettingSpec[],
  values: Readonly<Record<string, unknown>>,
  who: string,
  unknown: UnknownKeys = 'error',
): SettingValues {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: SettingValues = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const spec = byName.get(name);
    if (!spec) {
      if (unknown === 'error')
        problems.push(`unknown setting '${name}' (settings: ${specs.map((s) => s.name).join(', ')})`);
      continue;
    }
    const why = checkSetting(spec, v);
    if (why) problems.push(why);
    else out[name] = (Array.isArray(v) ? v.slice() : v) as SettingValue;
  }
  if (problems.length > 0) throw new SolverError(`invalid ${who} settings: ${problems.join('; ')}`);
  return out;
}

/**
 * A value typed on a command line (or in a text field) read as its spec says: integer lists
 * as `201x201`, `201,201` or one size for every entry (`201`); booleans as on/off,
 * true/false, yes/no, 1/0. Throws SolverError naming the setting.
 */
export function parseSetting(spec: SettingSpec, text: string): SettingValue {
  const t = text.trim();
  const bad = (): never => {
    throw new SolverError(`${spec.name} must be ${describeRange(spec)}, not '${text}'`);
  };
  let v: SettingValue;
  switch (spec.kind) {
    case 'integer':
    case 'number':
      v = t === '' ? NaN : Number(t);
      if (!Number.isFinite(v)) bad();
      break;
    case 'boolean': {
      const k = t.toLowerCase();
      if (['on', 'true', 'yes', '1'].includes(k)) v = true;
      else if (['off', 'false', 'no', '0'].includes(k)) v = false;
      else return bad();
      break;
    }
    case 'choice':
      v = t;
      break;
    case 'integer-list': {
      const parts = t.split(/[x×,]/).map((p) => (p.trim() === '' ? NaN : Number(p)));
      if (parts.some((x) => !Number.isFinite(x))) bad();
      const n = spec.entries?.length;
      v = parts.length === 1 && n !== undefined ? Array.from({ length: n }, () => parts[0]) : parts;
      break;
    }
  }
  const why = checkSetting(spec, v);
  if (why) throw new SolverError(why);
  return v;
}

/**
 * A solver's settings for a problem: its defaults overridden by `values`, each checked
 * against the solver's descriptions. The worker, the CLI and project files all call this.
 */
export function resolveSettings(
  solver: SolverDefinition,
  problem: AnyProblem,
  values: Readonly<Record<string, unknown>>,
  unknown: UnknownKeys = 'error',
): SettingValues {
  const specs = solver.settings.describe(problem);
  return {
    ...solver.settings.defaults(problem),
    ...validateSettings(specs, values, `${solver.id} solver`, unknown),
  };
}
