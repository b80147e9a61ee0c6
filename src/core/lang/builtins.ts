/**
 * The helpers of `"hjb-lab"`, the `Math` object and the array methods the language
 * offers. Everything here works on numbers (folding) and on symbols (building IR).
 */
import { UNARY_OPS, type UnaryOp } from './ir';
import { LangError } from './diagnostics';
import { binaryOperator, mathBinary, mathUnary } from './arith';
import type { CallSite, Value } from './values';
import { ArrayValue, Builtin, ObjectValue, SpecValue, describe, isNumeric } from './values';

/** Largest array the interpreter will build. */
export const MAX_ARRAY = 100_000;

/** Calls a user or builtin function (provided by the interpreter, which counts steps). */
export type Caller = (fn: Value, args: Value[], site: CallSite) => Value;

const UNARY_HELPERS: readonly (readonly [string, UnaryOp])[] = [
  ['sin', 'sin'],
  ['cos', 'cos'],
  ['tan', 'tan'],
  ['asin', 'asin'],
  ['acos', 'acos'],
  ['atan', 'atan'],
  ['sinh', 'sinh'],
  ['cosh', 'cosh'],
  ['tanh', 'tanh'],
  ['exp', 'exp'],
  ['log', 'log'],
  ['sqrt', 'sqrt'],
  ['abs', 'abs'],
  ['sign', 'sign'],
  ['floor', 'floor'],
  ['ceil', 'ceil'],
];

/**
 * Everything `"hjb-lab"` exports, for completion and diagnostics. The first group is the
 * list of docs/architecture.md §4.1; `range`, `norm`, the inverse and hyperbolic functions and `ceil`
 * are small additions that make loops and geometry read naturally.
 */
export const HELPER_NAMES: readonly string[] = [
  'problem',
  'diffusion',
  'sin',
  'cos',
  'tan',
  'exp',
  'log',
  'sqrt',
  'tanh',
  'abs',
  'sign',
  'min',
  'max',
  'clamp',
  'atan2',
  'hypot',
  'pow',
  'floor',
  'sum',
  'dot',
  'matvec',
  'range',
  'norm',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'ceil',
];

function arg(args: Value[], i: number, site: CallSite, fname: string): Value {
  if (i >= args.length)
    throw new LangError(`${fname} needs at least ${i + 1} argument${i ? 's' : ''}`, site.loc);
  return args[i];
}

function numericArg(args: Value[], i: number, site: CallSite, fname: string): Value {
  const v = arg(args, i, site, fname);
  if (!isNumeric(v) && typeof v !== 'boolean')
    throw new LangError(`argument ${i + 1} of ${fname} must be a number, but it is ${describe(v)}`, site.loc);
  return v;
}

function arrayArg(v: Value, site: CallSite, fname: string, what = 'its argument'): Value[] {
  if (!(v instanceof ArrayValue))
    throw new LangError(`${fname} expects an array as ${what}, not ${describe(v)}`, site.loc);
  return v.items;
}

function variadic(name: 'min' | 'max' | 'hypot'): Builtin {
  return new Builtin(name, (args, site) => {
    const xs = args.length === 1 && args[0] instanceof ArrayValue ? args[0].items : args;
    if (xs.length === 0) throw new LangError(`${name} needs at least one argument`, site.loc);
    if (name === 'hypot') {
      let acc: Value = 0;
      xs.forEach((x, i) => {
        const v = numericArg(xs, i, site, name);
        acc = binaryOperator('+', acc, binaryOperator('*', v, v, site.loc), site.loc);
      });
      return mathUnary('sqrt', acc, site.loc, name);
    }
    let acc = numericArg(xs, 0, site, name);
    for (let i = 1; i < xs.length; i++)
      acc = mathBinary(name, acc, numericArg(xs, i, site, name), site.loc, name);
    return acc;
  });
}

function sumOf(items: Value[], site: CallSite, fname: string): Value {
  let acc: Value = 0;
  items.forEach((_, i) => {
    acc = binaryOperator('+', acc, numericArg(items, i, site, fname), site.loc);
  });
  return acc;
}

function dotOf(a: Value[], b: Value[], site: CallSite, fname: string): Value {
  if (a.length !== b.length)
    throw new LangError(
      `${fname}: the vectors have different lengths (${a.length} and ${b.length})`,
      site.loc,
    );
  let acc: Value = 0;
  for (let i = 0; i < a.length; i++) {
    acc = binaryOperator(
      '+',
      acc,
      binaryOperator('*', numericArg(a, i, site, fname), numericArg(b, i, site, fname), site.loc),
      site.loc,
    );
  }
  return acc;
}

function specBuilder(kind: 'problem' | 'diffusion'): Builtin {
  return new Builtin(kind, (args, site) => {
    const spec = args[0];
    if (args.length !== 1 || !(spec instanceof ObjectValue))
      throw new LangError(`${kind}(...) takes one object: ${kind}({ ... })`, site.loc);
    return new SpecValue(kind, spec, site.loc);
  });
}

/** The helper functions, by name. */
export function makeHelpers(): Map<string, Value> {
  const h = new Map<string, Value>();
  h.set('problem', specBuilder('problem'));
  h.set('diffusion', specBuilder('diffusion'));
  for (const [name, op] of UNARY_HELPERS) {
    h.set(
      name,
      new Builtin(name, (args, site) => mathUnary(op, numericArg(args, 0, site, name), site.loc, name)),
    );
  }
  h.set('min', variadic('min'));
  h.set('max', variadic('max'));
  h.set('hypot', variadic('hypot'));
  h.set(
    'atan2',
    new Builtin('atan2', (args, site) =>
      mathBinary(
        'atan2',
        numericArg(args, 0, site, 'atan2'),
        numericArg(args, 1, site, 'atan2'),
        site.loc,
        'atan2',
      ),
    ),
  );
  h.set(
    'pow',
    new Builtin('pow', (args, site) =>
      binaryOperator('**', numericArg(args, 0, site, 'pow'), numericArg(args, 1, site, 'pow'), site.loc),
    ),
  );
  h.set(
    'clamp',
    new Builtin('clamp', (args, site) => {
      const x = numericArg(args, 0, site, 'clamp');
      const lo = numericArg(args, 1, site, 'clamp');
      const hi = numericArg(args, 2, site, 'clamp');
      return mathBinary('min', mathBinary('max', x, lo, site.loc, 'clamp'), hi, site.loc, 'clamp');
    }),
  );
  h.set(
    'sum',
    new Builtin('sum', (args, site) => sumOf(arrayArg(arg(args, 0, site, 'sum'), site, 'sum'), site, 'sum')),
  );
  h.set(
    'dot',
    new Builtin('dot', (args, site) =>
      dotOf(
        arrayArg(arg(args, 0, site, 'dot'), site, 'dot', 'first argument'),
        arrayArg(arg(args, 1, site, 'dot'), site, 'dot', 'second argument'),
        site,
        'dot',
      ),
    ),
  );
  h.set(
    'norm',
    new Builtin('norm', (args, site) => {
      const v = arrayArg(arg(args, 0, site, 'norm'), site, 'norm');
      return mathUnary('sqrt', dotOf(v, v, site, 'norm'), site.loc, 'norm');
    }),
  );
  h.set(
    'matvec',
    new Builtin('matvec', (args, site) => {
      const rows = arrayArg(arg(args, 0, site, 'matvec'), site, 'matvec', 'first argument (a matrix)');
      const v = arrayArg(arg(args, 1, site, 'matvec'), site, 'matvec', 'second argument (a vector)');
      return new ArrayValue(
        rows.map((row, i) => {
          const r = arrayArg(row, site, 'matvec', `row ${i} of the matrix`);
          return dotOf(r, v, site, 'matvec');
        }),
      );
    }),
  );
  h.set(
    'range',
    new Builtin('range', (args, site) => {
      const a = arg(args, 0, site, 'range');
      const b = args.length > 1 ? args[1] : undefined;
      if (typeof a !== 'number' || (b !== undefined && typeof b !== 'number'))
        throw new LangError('range(n) or range(start, end) needs numbers known at compile time', site.loc);
      const [start, end] = b === undefined ? [0, a] : [a, b];
      if (!Number.isInteger(start) || !Number.isInteger(end))
        throw new LangError('range needs whole numbers', site.loc);
      const n = Math.max(0, end - start);
      if (n > MAX_ARRAY)
        throw new LangError(`range of ${n} elements is too large (limit ${MAX_ARRAY})`, site.loc);
      return new ArrayValue(Array.from({ length: n }, (_, i) => start + i));
    }),
  );
  return h;
}

const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  PI: Math.PI,
  E: Math.E,
  LN2: Math.LN2,
  LN10: Math.LN10,
  LOG2E: Math.LOG2E,
  LOG10E: Math.LOG10E,
  SQRT2: Math.SQRT2,
  SQRT1_2: Math.SQRT1_2,
};

// Math.* functions of one argument: every unary IR op except the operators − and !.
const MATH_UNARY: readonly UnaryOp[] = UNARY_OPS.filter((op) => op !== 'neg' && op !== 'not');

/** `Math` as an object of constants and functions (no random: problems are deterministic). */
export function makeMath(helpers: Map<string, Value>): ObjectValue {
  const m = new ObjectValue([], 'module');
  for (const [k, v] of Object.entries(MATH_CONSTANTS)) m.props.set(k, v);
  for (const op of MATH_UNARY) {
    const name = `Math.${op}`;
    m.props.set(
      op,
      new Builtin(name, (args, site) => mathUnary(op, numericArg(args, 0, site, name), site.loc, name)),
    );
  }
  for (const k of ['min', 'max', 'hypot', 'atan2', 'pow'] as const) m.props.set(k, helpers.get(k)!);
  return m;
}

/** Methods of arrays: `arr.name(...)`. Mutating ones (push, reverse, fill) behave as in JS. */
export function arrayMethod(arr: ArrayValue, name: string, call: Caller): Builtin | null {
  const items = arr.items;
  const grow = (n: number, site: CallSite): void => {
    if (n > MAX_ARRAY) throw new LangError(`arrays are limited to ${MAX_ARRAY} elements`, site.loc);
  };
  switch (name) {
    case 'map':
      return new Builtin(
        'map',
        (args, site) => new ArrayValue(items.map((x, i) => call(args[0], [x, i], site))),
      );
    case 'forEach':
      return new Builtin('forEach', (args, site) => {
        items.forEach((x, i) => call(args[0], [x, i], site));
        return undefined;
      });
    case 'filter':
      return new Builtin('filter', (args, site) => {
        const out: Value[] = [];
        items.forEach((x, i) => {
          const keep = call(args[0], [x, i], site);
          if (typeof keep === 'object' && keep !== null)
            throw new LangError('filter needs a condition known at compile time', site.loc);
          if (keep) out.push(x);
        });
        return new ArrayValue(out);
      });
    case 'reduce':
      return new Builtin('reduce', (args, site) => {
        let start = 0;
        let acc: Value;
        if (args.length >= 2) acc = args[1];
        else {
          if (items.length === 0)
            throw new LangError('reduce of an empty array needs a start value', site.loc);
          acc = items[0];
          start = 1;
        }
        for (let i = start; i < items.length; i++) acc = call(args[0], [acc, items[i], i], site);
        return acc;
      });
    case 'some':
    case 'every':
      return new Builtin(name, (args, site) => {
        for (let i = 0; i < items.length; i++) {
          const r = call(args[0], [items[i], i], site);
          if (typeof r === 'object' && r !== null)
            throw new LangError(`${name} needs a condition known at compile time`, site.loc);
          if (name === 'some' && r) return true;
          if (name === 'every' && !r) return false;
        }
        return name === 'every';
      });
    case 'slice':
      return new Builtin('slice', (args) => {
        const s = typeof args[0] === 'number' ? args[0] : 0;
        const e = typeof args[1] === 'number' ? args[1] : items.length;
        return new ArrayValue(items.slice(s, e));
      });
    case 'concat':
      return new Builtin('concat', (args, site) => {
        const out = [...items];
        for (const a of args) {
          if (a instanceof ArrayValue) out.push(...a.items);
          else out.push(a);
          grow(out.length, site);
        }
        return new ArrayValue(out);
      });
    case 'push':
      return new Builtin('push', (args, site) => {
        grow(items.length + args.length, site);
        items.push(...args);
        return items.length;
      });
    case 'reverse':
      return new Builtin('reverse', () => {
        items.reverse();
        return arr;
      });
    case 'fill':
      return new Builtin('fill', (args) => {
        items.fill(args[0]);
        return arr;
      });
    case 'indexOf':
    case 'includes':
      return new Builtin(name, (args, site) => {
        const i = items.findIndex((x) => binaryOperator('===', x, args[0], site.loc) === true);
        return name === 'includes' ? i >= 0 : i;
      });
    case 'join':
      return new Builtin('join', (args, site) => {
        const sep = typeof args[0] === 'string' ? args[0] : ',';
        const s = items.map((x) => (typeof x === 'object' && x !== null ? '' : String(x ?? ''))).join(sep);
        if (s.length > 100_000) throw new LangError('text too long', site.loc);
        return s;
      });
    default:
      return null;
  }
}

export const ARRAY_METHODS: readonly string[] = [
  'map',
  'forEach',
  'filter',
  'reduce',
  'some',
  'every',
  'slice',
  'concat',
  'push',
  'reverse',
  'fill',
  'indexOf',
  'includes',
  'join',
];
