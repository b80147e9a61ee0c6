/**
 * What the user typed into the settings form's number boxes, kept as text ("drafts") so a box
 * can be emptied and retyped (Backspace gives an empty box, then 81 reads 81, not 081) and
 * so a refused value stays on screen, marked, with the validator's reason. The reading is
 * settings-spec.ts's parseSetting — the one validator the worker, the CLI and project files
 * use — so the form refuses exactly what a solve would refuse, with the same words.
 */
import { SolverError } from '../../core/solvers/problem';
import { parseSetting, validateSettings } from '../../core/solvers/settings-spec';
import type { SettingSpec, SettingValues } from '../../core/solvers/solver';

/** Typed text by field: a setting's name, or `name.i` for entry i of an integer list. */
export type SettingDrafts = Readonly<Record<string, string>>;

export function draftKey(name: string, entry?: number): string {
  return entry === undefined ? name : `${name}.${entry}`;
}

function splitKey(key: string): { name: string; entry?: number } {
  const m = /^(.*)\.(\d+)$/.exec(key);
  return m ? { name: m[1] as string, entry: Number(m[2]) } : { name: key };
}

/** Entry i of an integer list read as one integer, named as the validator names it. */
function entrySpec(spec: SettingSpec, entry: number): SettingSpec {
  const which = spec.entries?.[entry];
  return {
    ...spec,
    kind: 'integer',
    name: `${spec.name} ${which !== undefined ? `for ${which}` : `(entry ${entry + 1})`}`,
  };
}

export type FieldReading = { ok: true; value: number } | { ok: false; error: string };

/** A number box's text read through the validator: its value, or why it is refused. */
export function readField(spec: SettingSpec, text: string, entry?: number): FieldReading {
  try {
    const v = parseSetting(entry === undefined ? spec : entrySpec(spec, entry), text);
    return typeof v === 'number'
      ? { ok: true, value: v }
      : { ok: false, error: `${spec.name}: not a number` };
  } catch (err) {
    if (err instanceof SolverError) return { ok: false, error: err.message };
    throw err;
  }
}

/**
 * The settings after the user typed `text` into a field: the draft is kept as typed and,
 * when it reads as a valid value, the value is stored too (list entries over the current
 * list, defaults filled in).
 */
export function editField(
  spec: SettingSpec,
  text: string,
  entry: number | undefined,
  values: SettingValues,
  defaults: SettingValues,
  drafts: SettingDrafts,
): { values: SettingValues; drafts: SettingDrafts } {
  const nextDrafts = { ...drafts, [draftKey(spec.name, entry)]: text };
  const read = readField(spec, text, entry);
  if (!read.ok) return { values, drafts: nextDrafts };
  if (entry === undefined) return { values: { ...values, [spec.name]: read.value }, drafts: nextDrafts };
  const current = values[spec.name] ?? defaults[spec.name];
  const list = Array.isArray(current) ? [...current] : [];
  list[entry] = read.value;
  return { values: { ...values, [spec.name]: list }, drafts: nextDrafts };
}

/** The refusal of each shown field whose text does not read, keyed as the drafts are. */
export function draftErrors(specs: readonly SettingSpec[], drafts: SettingDrafts): Record<string, string> {
  const byName = new Map(specs.filter((s) => s.relevant !== false).map((s) => [s.name, s]));
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(drafts)) {
    const { name, entry } = splitKey(key);
    const spec = byName.get(name);
    if (!spec) continue;
    const read = readField(spec, text, entry);
    if (!read.ok) out[key] = read.error;
  }
  return out;
}

/**
 * Why these settings cannot run, or null: the first field whose text is refused, else the
 * validator's verdict on the stored values (a project file may carry a bad one).
 */
export function settingsProblem(
  specs: readonly SettingSpec[],
  values: SettingValues,
  drafts: SettingDrafts,
): string | null {
  const first = Object.values(draftErrors(specs, drafts))[0];
  if (first !== undefined) return first;
  try {
    validateSettings(specs, values, 'solver', 'drop');
    return null;
  } catch (err) {
    if (err instanceof SolverError) return err.message;
    throw err;
  }
}

/**
 * Drafts that still belong to the problem after a recompile: a list whose length no longer
 * matches its entries is reset to its defaults (fitSettings), and its drafts go with it.
 */
export function fitDrafts(
  drafts: SettingDrafts,
  specs: readonly SettingSpec[],
  values: SettingValues,
): SettingDrafts {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(drafts)) {
    const { name, entry } = splitKey(key);
    const spec = byName.get(name);
    if (!spec) continue;
    const v = values[name];
    const misfit = spec.entries !== undefined && Array.isArray(v) && v.length !== spec.entries.length;
    const outside = entry !== undefined && spec.entries !== undefined && entry >= spec.entries.length;
    if (!misfit && !outside) out[key] = text;
  }
  return out;
}
