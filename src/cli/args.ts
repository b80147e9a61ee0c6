/**
 * Command-line arguments read the way Unix tools read them (getopt_long): `--name value`
 * and `--name=value`; an option that takes a value takes the next argument whatever it
 * looks like, so `--at -1.5` and `--from -1,2` are numbers, not options. `--` ends the
 * options. Each option has one line of help.
 */
import { UsageError } from './command';

export interface OptionSpec {
  name: string;
  /** Shown after the name in help: `--grid NxM`. Absent: a switch that takes no value. */
  value?: string;
  help: string;
  /** May be given more than once (values are collected in order). */
  multiple?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** Reads `args` against `options`; unknown options and missing values are UsageErrors naming the usage. */
export function parseArgs(
  args: readonly string[],
  options: readonly OptionSpec[],
  usage: string,
): ParsedArgs {
  const byName = new Map(options.map((o) => [o.name, o]));
  const values: OptionValues = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      if (a.startsWith('-') && a.length > 1 && !/^-[\d.]/.test(a))
        throw new UsageError(`Unknown option '${a}'. Usage: ${usage}`);
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`Unknown option '--${name}'. Usage: ${usage}`);
    let value: string | boolean;
    if (spec.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value. Usage: ${usage}`);
      value = true;
    } else if (eq >= 0) value = a.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    else throw new UsageError(`--${name} needs a value (${spec.value}). Usage: ${usage}`);
    if (spec.multiple) {
      const list = values[name];
      values[name] = [...(Array.isArray(list) ? list : []), String(value)];
    } else values[name] = value;
  }
  return { values, positionals };
}

/** One line per option, aligned: `  --grid NxM        nodes per state, …`. */
export function optionHelp(options: readonly OptionSpec[]): string[] {
  const heads = options.map((o) => `--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.min(28, Math.max(...heads.map((h) => h.length)) + 2);
  return options.map((o, i) => `  ${heads[i].padEnd(width)}${o.help}${o.multiple ? ' (repeatable)' : ''}`);
}

export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : [];
}

/** The one FILE a command takes: "which file?" without one, a clear refusal with two. */
export function oneFile(command: string, positionals: readonly string[], usage: string): string {
  if (positionals.length === 0) throw new UsageError(`which file? Usage: ${usage}`);
  if (positionals.length > 1)
    throw new UsageError(`${command} takes one file, got '${positionals[0]}' and '${positionals[1]}'`);
  return positionals[0];
}
