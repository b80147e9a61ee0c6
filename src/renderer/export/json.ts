/**
 * A run's result as JSON. Typed arrays become tagged plain arrays, { "float64": [ … ] } (and
 * likewise for the other element types), so the file reads naturally in any language and
 * parses back to the same typed arrays. JSON has no NaN, ±Infinity or −0: those numbers are
 * written as the strings "NaN", "Infinity", "-Infinity", "-0" inside numeric arrays and as
 * { "number": "NaN" } elsewhere. Every other double is written in its shortest round-trip form,
 * so a round trip is exact, bit for bit.
 */
import type { SolverResult } from '../../core/solvers/solver';

const TYPED = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const special = (v: number): string | null =>
  Number.isNaN(v)
    ? 'NaN'
    : v === Infinity
      ? 'Infinity'
      : v === -Infinity
        ? '-Infinity'
        : Object.is(v, -0)
          ? '-0'
          : null;

function typedName(v: unknown): TypedName | null {
  for (const name of Object.keys(TYPED) as TypedName[]) if (v instanceof TYPED[name]) return name;
  return null;
}

/** Plain-JSON form of a value holding typed arrays (functions and undefined are dropped, as JSON does). */
export function encode(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const s = special(value);
    return s === null ? value : { number: s };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  const t = typedName(value);
  if (t) {
    const arr = value as Typed;
    const out = new Array<number | string>(arr.length);
    for (let i = 0; i < arr.length; i++) out[i] = special(arr[i]) ?? arr[i];
    return { [t]: out };
  }
  if (Array.isArray(value)) return value.map((v) => encode(v));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === 'function') continue;
      out[k] = encode(v);
    }
    return out;
  }
  return null;
}

const fromSpecial = (v: number | string): number => (typeof v === 'number' ? v : v === '-0' ? -0 : Number(v));

/** Inverse of `encode`. */
export function decode(json: Json): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((v) => decode(v));
  const keys = Object.keys(json);
  if (keys.length === 1) {
    const k = keys[0];
    const v = json[k];
    if (k in TYPED && Array.isArray(v)) {
      const arr = new TYPED[k as TypedName](v.length);
      for (let i = 0; i < v.length; i++) arr[i] = fromSpecial(v[i] as number | string);
      return arr;
    }
    if (k === 'number' && typeof v === 'string') return fromSpecial(v);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decode(json[k]);
  return out;
}

/** Format tag written at the top of every exported result. */
export const RESULT_FORMAT = 'hjb-lab/result@1';

/** A solver result (or any result object) as JSON text, with a format tag. */
export function solutionToJson(solution: object, meta: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: RESULT_FORMAT, ...(encode(meta) as object), result: encode(solution) });
}

/** Parse a file written by `solutionToJson`. */
export function solutionFromJson<T = unknown>(text: string): { result: T; meta: Record<string, unknown> } {
  const parsed = JSON.parse(text) as { [key: string]: Json };
  if (parsed['format'] !== RESULT_FORMAT)
    throw new Error(`not an HJB Lab result (format ${String(parsed['format'])})`);
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) if (k !== 'format' && k !== 'result') meta[k] = decode(v);
  return { result: decode(parsed['result']) as T, meta };
}

/**
 * What a result export holds: the fields every solver's result has (status, warnings,
 * history, summary, display fields), without solver-specific extras.
 */
export function exportedResult(r: SolverResult): SolverResult {
  const { solver, status, warnings, seconds, iterations, history, display, summary } = r;
  return { solver, status, warnings, seconds, iterations, history, display, summary };
}
