/**
 * Values of the compile-time interpreter. Numbers, strings, booleans, null/undefined are
 * JavaScript's own; symbolic numbers are IR nodes (Expr); arrays, objects and functions
 * are our own classes (plain Maps and lists, no prototypes reachable from user code).
 */
import type { Expr } from './ir';
import { num } from './ir';
import type { Loc } from './diagnostics';
import { LangError } from './diagnostics';

export type Value =
  number | string | boolean | null | undefined | Expr | ArrayValue | ObjectValue | FunctionValue | SpecValue;

export class ArrayValue {
  constructor(public items: Value[]) {}
}

/** What an object stands for, so messages can say "state" rather than "property". */
export type ObjectKind = 'object' | 'states' | 'controls' | 'module';

export class ObjectValue {
  readonly props: Map<string, Value>;
  constructor(
    entries: Iterable<[string, Value]> = [],
    public kind: ObjectKind = 'object',
    /** Where the object literal was written (for messages about the spec). */
    public loc: Loc | null = null,
    /** Per-property source locations, when known. */
    public propLocs: Map<string, Loc> = new Map(),
  ) {
    this.props = new Map(entries);
  }

  has(key: string): boolean {
    return this.props.has(key);
  }

  get(key: string): Value {
    return this.props.get(key);
  }
}

export interface CallSite {
  loc: Loc;
}

export type FunctionValue = Closure | Builtin;

/** A user function: parameters and body are Babel nodes, `env` the defining scope. */
export class Closure {
  constructor(
    readonly params: readonly unknown[],
    readonly body: unknown,
    readonly env: unknown,
    readonly name: string,
    readonly loc: Loc,
  ) {}
}

/** A helper implemented here (sin, sum, problem, Math.sqrt, array methods …). */
export class Builtin {
  constructor(
    readonly name: string,
    readonly fn: (args: Value[], site: CallSite) => Value,
  ) {}
}

/** The result of `problem({...})` or `diffusion({...})`. */
export class SpecValue {
  constructor(
    readonly kind: 'problem' | 'diffusion',
    readonly spec: ObjectValue,
    readonly loc: Loc,
  ) {}
}

export function isExpr(v: Value): v is Expr {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof ArrayValue) &&
    !(v instanceof ObjectValue) &&
    !(v instanceof Closure) &&
    !(v instanceof Builtin) &&
    !(v instanceof SpecValue)
  );
}

export function isNumeric(v: Value): v is number | Expr {
  return typeof v === 'number' || isExpr(v);
}

export function isFunction(v: Value): v is FunctionValue {
  return v instanceof Closure || v instanceof Builtin;
}

/** A short description of a value's kind for messages. */
export function describe(v: Value): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `the text '${v.length > 20 ? v.slice(0, 20) + '…' : v}'`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (v instanceof ArrayValue) return `an array of length ${v.items.length}`;
  if (v instanceof ObjectValue) return 'an object';
  if (v instanceof Closure || v instanceof Builtin) return 'a function';
  if (v instanceof SpecValue) return `a ${v.kind}`;
  return 'an expression of the state';
}

/** A number or IR node as IR. Booleans count as 0/1 like in JavaScript arithmetic. */
export function toExpr(v: Value, loc: Loc, what = 'this value'): Expr {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return num(v ? 1 : 0);
  if (isExpr(v)) return v;
  throw new LangError(`${what} must be a number, but it is ${describe(v)}`, loc);
}

/** Collapse constant IR to a plain number so compile-time arithmetic stays numeric. */
export function settle(e: Expr): number | Expr {
  return e.op === 'const' ? e.value : e;
}
