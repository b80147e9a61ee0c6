/**
 * The symbolic IR (docs/architecture.md §4.2): a hash-consed expression DAG.
 *
 * Every node is created through the smart constructors below, which
 * - fold constants (an operation whose arguments are all constants becomes a constant),
 * - apply a small set of algebraic simplifications (x·1, x+0, 0·x, x−x, −(−x), …),
 * - and intern the result, so structurally equal expressions are the same object.
 *
 * Interning makes common subexpressions shared for free (the batch kernel computes each
 * node once) and lets simplifications compare subtrees by identity.
 *
 * The intern table is global, so that `diff`, printers and kernels need no context. To
 * keep a long-running editor session from growing it without bound, the table is cleared
 * when it passes MAX_TABLE entries: nodes made before the reset stay valid (ids are
 * never reused); they are merely no longer shared with nodes made afterwards.
 */
import { applyBinary, applyUnary } from './op-values';

export type UnaryOp =
  | 'neg'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sinh'
  | 'cosh'
  | 'tanh'
  | 'exp'
  | 'expm1'
  | 'log'
  | 'log1p'
  | 'log2'
  | 'log10'
  | 'sqrt'
  | 'cbrt'
  | 'abs'
  | 'sign'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'trunc'
  | 'not';

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'atan2'
  | 'min'
  | 'max'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'eq'
  | 'ne'
  | 'and'
  | 'or';

export type Op = 'const' | 'sym' | UnaryOp | BinaryOp | 'select';

export const UNARY_OPS: readonly UnaryOp[] = [
  'neg',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'sqrt',
  'cbrt',
  'abs',
  'sign',
  'floor',
  'ceil',
  'round',
  'trunc',
  'not',
];

export const BINARY_OPS: readonly BinaryOp[] = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'atan2',
  'min',
  'max',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'ne',
  'and',
  'or',
];

/** One node of the DAG. Treat as opaque and immutable; build only with the constructors. */
export interface Expr {
  /** Unique, increasing: arguments always have smaller ids than the node. */
  readonly id: number;
  readonly op: Op;
  readonly args: readonly Expr[];
  /** The value of a `const` node (0 otherwise). */
  readonly value: number;
  /** The name of a `sym` node ('' otherwise). */
  readonly name: string;
}

const MAX_TABLE = 2_000_000;
let table = new Map<string, Expr>();
let nextId = 1;

function intern(op: Op, args: readonly Expr[], value: number, name: string): Expr {
  let key: string;
  if (op === 'const') key = Object.is(value, -0) ? 'c:0' : `c:${value}`;
  else if (op === 'sym') key = `s:${name}`;
  else if (args.length === 1) key = `${op}:${args[0].id}`;
  else if (args.length === 2) key = `${op}:${args[0].id},${args[1].id}`;
  else key = `${op}:${args.map((a) => a.id).join(',')}`;
  const found = table.get(key);
  if (found) return found;
  if (table.size >= MAX_TABLE) table = new Map();
  // -0 is normalised to 0: the IR does not distinguish signed zeros.
  const node: Expr = Object.freeze({ id: nextId++, op, args, value: value === 0 ? 0 : value, name });
  table.set(key, node);
  return node;
}

/** Number of interned nodes (for tests and diagnostics). */
export function internedCount(): number {
  return table.size;
}

export function num(value: number): Expr {
  return intern('const', [], value, '');
}

export function sym(name: string): Expr {
  return intern('sym', [], 0, name);
}

export const ZERO = num(0);
export const ONE = num(1);

export function isConst(e: Expr, v?: number): boolean {
  return e.op === 'const' && (v === undefined || e.value === v || (Number.isNaN(v) && Number.isNaN(e.value)));
}

/** Ops whose value is always 0 or 1. */
export function isBooleanValued(e: Expr): boolean {
  switch (e.op) {
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
    case 'and':
    case 'or':
    case 'not':
      return true;
    case 'const':
      return e.value === 0 || e.value === 1;
    default:
      return false;
  }
}

const COMMUTATIVE = new Set<Op>(['add', 'mul', 'min', 'max', 'eq', 'ne', 'and', 'or']);

/** Split `c·x` into (c, x) so that sums can combine like terms. */
function coefficient(e: Expr): [number, Expr] {
  if (e.op === 'mul' && e.args[0].op === 'const') return [e.args[0].value, e.args[1]];
  if (e.op === 'neg') return [-1, e.args[0]];
  return [1, e];
}

export function unary(op: UnaryOp, a: Expr): Expr {
  if (a.op === 'const') return num(applyUnary(op, a.value));
  switch (op) {
    case 'neg':
      if (a.op === 'neg') return a.args[0];
      if (a.op === 'sub') return binary('sub', a.args[1], a.args[0]);
      if (a.op === 'mul' && a.args[0].op === 'const') return binary('mul', num(-a.args[0].value), a.args[1]);
      break;
    case 'abs':
      if (a.op === 'abs' || a.op === 'exp' || a.op === 'sqrt' || isBooleanValued(a)) return a;
      if (a.op === 'neg') return unary('abs', a.args[0]);
      break;
    case 'sign':
    case 'floor':
    case 'ceil':
    case 'round':
    case 'trunc':
      if (op !== 'sign' && (a.op === 'floor' || a.op === 'ceil' || a.op === 'round' || a.op === 'trunc'))
        return a;
      if (isBooleanValued(a)) return a;
      break;
    case 'log':
      if (a.op === 'exp') return a.args[0];
      break;
    case 'not':
      if (a.op === 'not' && isBooleanValued(a.args[0])) return a.args[0];
      break;
    default:
      break;
  }
  return intern(op, [a], 0, '');
}

export function binary(op: BinaryOp, a: Expr, b: Expr): Expr {
  if (a.op === 'const' && b.op === 'const') return num(applyBinary(op, a.value, b.value));
  // Canonical order for commutative ops: constants first, then by id. Shares a+b and b+a.
  if (COMMUTATIVE.has(op) && (b.op === 'const' || (a.op !== 'const' && b.id < a.id))) {
    const s = a;
    a = b;
    b = s;
  }
  switch (op) {
    case 'add': {
      if (isConst(a, 0)) return b;
      if (b.op === 'neg') return binary('sub', a, b.args[0]);
      if (a.op === 'neg') return binary('sub', b, a.args[0]);
      // c1 + (c2 + x) → (c1 + c2) + x
      if (a.op === 'const' && b.op === 'add' && b.args[0].op === 'const')
        return binary('add', num(a.value + b.args[0].value), b.args[1]);
      const [ca, xa] = coefficient(a);
      const [cb, xb] = coefficient(b);
      if (xa === xb) return binary('mul', num(ca + cb), xa);
      break;
    }
    case 'sub': {
      if (isConst(b, 0)) return a;
      if (isConst(a, 0)) return unary('neg', b);
      if (a === b) return ZERO;
      if (b.op === 'neg') return binary('add', a, b.args[0]);
      if (b.op === 'const') return binary('add', num(-b.value), a);
      const [ca, xa] = coefficient(a);
      const [cb, xb] = coefficient(b);
      if (xa === xb) return binary('mul', num(ca - cb), xa);
      break;
    }
    case 'mul': {
      if (isConst(a, 0)) return ZERO; // 0·x = 0: the IR assumes finite values, like algebra does.
      if (isConst(a, 1)) return b;
      if (isConst(a, -1)) return unary('neg', b);
      if (a.op === 'const' && b.op === 'mul' && b.args[0].op === 'const')
        return binary('mul', num(a.value * b.args[0].value), b.args[1]);
      if (a.op === 'const' && b.op === 'neg') return binary('mul', num(-a.value), b.args[0]);
      if (a.op === 'neg' && b.op === 'neg') return binary('mul', a.args[0], b.args[0]);
      if (a.op === 'neg') return unary('neg', binary('mul', a.args[0], b));
      if (b.op === 'neg') return unary('neg', binary('mul', a, b.args[0]));
      // Pull constants out of products: (c·x)·y → c·(x·y).
      if (a.op === 'mul' && a.args[0].op === 'const')
        return binary('mul', a.args[0], binary('mul', a.args[1], b));
      if (b.op === 'mul' && b.args[0].op === 'const')
        return binary('mul', b.args[0], binary('mul', a, b.args[1]));
      break;
    }
    case 'div': {
      if (isConst(b, 1)) return a;
      if (isConst(b, -1)) return unary('neg', a);
      if (isConst(a, 0)) return ZERO;
      if (a === b) return ONE;
      // x / c → (1/c)·x keeps constants at the front of products.
      if (b.op === 'const' && b.value !== 0) return binary('mul', num(1 / b.value), a);
      if (a.op === 'neg') return unary('neg', binary('div', a.args[0], b));
      if (b.op === 'neg') return unary('neg', binary('div', a, b.args[0]));
      break;
    }
    case 'pow': {
      if (isConst(b, 0)) return ONE;
      if (isConst(b, 1)) return a;
      if (isConst(a, 1)) return ONE;
      if (a.op === 'pow' && a.args[1].op === 'const' && b.op === 'const' && Number.isInteger(b.value))
        return binary('pow', a.args[0], num(a.args[1].value * b.value));
      break;
    }
    case 'min':
    case 'max':
      if (a === b) return a;
      break;
    case 'lt':
    case 'gt':
    case 'ne':
      if (a === b) return ZERO;
      break;
    case 'le':
    case 'ge':
    case 'eq':
      if (a === b) return ONE;
      break;
    case 'and':
      if (a.op === 'const') return a.value === 0 ? ZERO : isBooleanValued(b) ? b : binary('ne', b, ZERO);
      if (a === b && isBooleanValued(a)) return a;
      break;
    case 'or':
      if (a.op === 'const') return a.value !== 0 ? ONE : isBooleanValued(b) ? b : binary('ne', b, ZERO);
      if (a === b && isBooleanValued(a)) return a;
      break;
    default:
      break;
  }
  return intern(op, [a, b], 0, '');
}

/** `cond ? a : b` with a symbolic condition (nonzero = true). */
export function select(cond: Expr, a: Expr, b: Expr): Expr {
  if (cond.op === 'const') return cond.value !== 0 ? a : b;
  if (a === b) return a;
  if (cond.op === 'not') return select(cond.args[0], b, a);
  return intern('select', [cond, a, b], 0, '');
}

// Short names used throughout the language and the differentiator.
export const add = (a: Expr, b: Expr): Expr => binary('add', a, b);
export const sub = (a: Expr, b: Expr): Expr => binary('sub', a, b);
export const mul = (a: Expr, b: Expr): Expr => binary('mul', a, b);
export const div = (a: Expr, b: Expr): Expr => binary('div', a, b);
export const pow = (a: Expr, b: Expr): Expr => binary('pow', a, b);
export const neg = (a: Expr): Expr => unary('neg', a);
