/** Numbers, points and parameter overrides typed on the command line. */
import { UsageError } from '../command';

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

/** `x1,x2,…` → a point with one coordinate per state (`names`). */
export function parsePoint(text: string, option: string, names: readonly string[]): number[] {
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

export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
