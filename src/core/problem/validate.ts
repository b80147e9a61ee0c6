/**
 * Reading a spec object with diagnostics: small checked accessors used by the control
 * and diffusion compilers. Each collects an error with a location instead of throwing,
 * so one compile reports every independent mistake at once.
 */
import type { Diagnostic } from './types';
import type { Loc } from '../lang/diagnostics';
import { LangError, WHOLE_FILE, toDiagnostic } from '../lang/diagnostics';
import { didYouMean } from '../lang/suggest';
import type { Value } from '../lang/values';
import { ArrayValue, ObjectValue, describe, isExpr } from '../lang/values';

export class SpecReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly fallback: Loc = WHOLE_FILE) {}

  error(message: string, loc: Loc | null | undefined): void {
    this.diagnostics.push(toDiagnostic(message, loc ?? this.fallback, 'error'));
  }

  warn(message: string, loc: Loc | null | undefined): void {
    this.diagnostics.push(toDiagnostic(message, loc ?? this.fallback, 'warning'));
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Run a part of the compile; a LangError becomes a diagnostic and the part yields null. */
  attempt<T>(part: () => T): T | null {
    try {
      return part();
    } catch (err) {
      if (err instanceof LangError) {
        this.diagnostics.push(toDiagnostic(err.message, err.loc, err.severity));
        return null;
      }
      throw err;
    }
  }

  /** Location of a property of a spec object (the `key: value` text), or of the object. */
  locOf(obj: ObjectValue, key: string): Loc {
    return obj.propLocs.get(key) ?? obj.loc ?? this.fallback;
  }

  /** Reject keys the spec does not know, suggesting the closest known one. */
  checkKeys(obj: ObjectValue, known: readonly string[], what: string): void {
    for (const key of obj.props.keys()) {
      if (!known.includes(key))
        this.error(`${what} has no field '${key}'${didYouMean(key, known)}`, this.locOf(obj, key));
    }
  }

  /** A finite number known at compile time, or null (with a diagnostic). */
  number(v: Value, what: string, loc: Loc): number | null {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'number') this.error(`${what} must be a finite number, not ${v}`, loc);
    else if (isExpr(v))
      this.error(`${what} must be a number known at compile time, not an expression of the state`, loc);
    else this.error(`${what} must be a number, but it is ${describe(v)}`, loc);
    return null;
  }

  /** A [min, max] pair from an array or from { min, max }. */
  interval(v: Value, what: string, loc: Loc): [number, number] | null {
    let lo: Value;
    let hi: Value;
    if (v instanceof ArrayValue) {
      if (v.items.length !== 2) {
        this.error(`${what} must be [min, max], but the array has ${v.items.length} element(s)`, loc);
        return null;
      }
      [lo, hi] = v.items;
    } else if (v instanceof ObjectValue) {
      lo = v.props.get('min');
      hi = v.props.get('max');
      if (lo === undefined || hi === undefined) {
        this.error(`${what} needs both min and max`, loc);
        return null;
      }
    } else {
      this.error(`${what} must be [min, max] or { min, max }, not ${describe(v)}`, loc);
      return null;
    }
    const a = this.number(lo, `the lower bound of ${what}`, loc);
    const b = this.number(hi, `the upper bound of ${what}`, loc);
    if (a === null || b === null) return null;
    return [a, b];
  }

  string(v: Value, what: string, loc: Loc): string | null {
    if (typeof v === 'string') return v;
    this.error(`${what} must be text, not ${describe(v)}`, loc);
    return null;
  }

  boolean(v: Value, what: string, loc: Loc): boolean | null {
    if (typeof v === 'boolean') return v;
    this.error(`${what} must be true or false, not ${describe(v)}`, loc);
    return null;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(v: Value, options: readonly T[], what: string, loc: Loc): T | null {
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    const shown = options.map((o) => `'${o}'`).join(', ');
    const hint = typeof v === 'string' ? didYouMean(v, options) : '';
    this.error(`${what} must be one of ${shown}${hint}`, loc);
    return null;
  }
}

/** "2×k", "3×3": the shape wording used in messages. */
export function shape(rows: number | string, cols: number | string): string {
  return `${rows}×${cols}`;
}
