/**
 * Operators of the language on interpreter values: numbers fold, symbols build IR.
 * JavaScript semantics where they make sense for numbers (booleans count as 0/1, `+`
 * joins text); anything else is a diagnostic.
 */
import type { BinaryOp, UnaryOp } from './ir';
import { binary, num, select, unary, isBooleanValued } from './ir';
import { applyBinary, applyUnary } from './op-values';
import type { Loc } from './diagnostics';
import { LangError } from './diagnostics';
import type { Value } from './values';
import { ArrayValue, describe, isExpr, settle, toExpr } from './values';

/** Longest string the interpreter will build. */
export const MAX_STRING = 100_000;

const ARITH: Readonly<Record<string, BinaryOp>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '**': 'pow',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '===': 'eq',
  '==': 'eq',
  '!==': 'ne',
  '!=': 'ne',
};

function numberLike(v: Value): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

export function binaryOperator(operator: string, a: Value, b: Value, loc: Loc): Value {
  if (operator === '+' && (typeof a === 'string' || typeof b === 'string')) {
    if (typeof a === 'object' || typeof b === 'object' || a === undefined || b === undefined)
      throw new LangError(`cannot join ${describe(a)} and ${describe(b)} into text`, loc);
    const s = String(a) + String(b);
    if (s.length > MAX_STRING) throw new LangError(`text longer than ${MAX_STRING} characters`, loc);
    return s;
  }
  if (operator === '===' || operator === '!==' || operator === '==' || operator === '!=') {
    const equal = operator === '===' || operator === '==';
    if (!(isExpr(a) || isExpr(b))) {
      // Concrete values: identity/value equality as in JavaScript's ===.
      const same = numberLike(a) && numberLike(b) ? Number(a) === Number(b) : a === b;
      return equal ? same : !same;
    }
  }
  if (operator === '%') {
    if (numberLike(a) && numberLike(b)) return Number(a) % Number(b);
    // JavaScript's remainder truncates: a % b = a − b·trunc(a / b).
    const ea = toExpr(a, loc, 'the left side of %');
    const eb = toExpr(b, loc, 'the right side of %');
    return settle(binary('sub', ea, binary('mul', eb, unary('trunc', binary('div', ea, eb)))));
  }
  const op = ARITH[operator];
  if (op === undefined)
    throw new LangError(`the operator '${operator}' is not supported in problem files`, loc);
  if (numberLike(a) && numberLike(b)) {
    const r = applyBinary(op, Number(a), Number(b));
    return op === 'lt' || op === 'le' || op === 'gt' || op === 'ge' || op === 'eq' || op === 'ne'
      ? r === 1
      : r;
  }
  if (typeof a === 'string' || typeof b === 'string')
    throw new LangError(`cannot compute ${describe(a)} ${operator} ${describe(b)}`, loc);
  return settle(
    binary(
      op,
      toExpr(a, loc, `the left side of ${operator}`),
      toExpr(b, loc, `the right side of ${operator}`),
    ),
  );
}

export function unaryOperator(operator: string, a: Value, loc: Loc): Value {
  switch (operator) {
    case '-':
      if (numberLike(a)) return -Number(a);
      return settle(unary('neg', toExpr(a, loc, 'the operand of unary minus')));
    case '+':
      if (numberLike(a)) return Number(a);
      return toExpr(a, loc, 'the operand of unary plus');
    case '!':
      if (isExpr(a)) return settle(unary('not', a));
      return !truthy(a, loc);
    default:
      throw new LangError(`the operator '${operator}' is not supported in problem files`, loc);
  }
}

/** JavaScript truthiness of a concrete value; symbolic values have none. */
export function truthy(v: Value, loc: Loc): boolean {
  if (isExpr(v)) throw new LangError('this condition depends on the state, control or time', loc);
  return Boolean(v);
}

/** `cond ? a : b` where cond is symbolic: a select node, elementwise for arrays. */
export function symbolicSelect(cond: Value, a: Value, b: Value, loc: Loc): Value {
  const c = toExpr(cond, loc, 'the condition');
  if (a instanceof ArrayValue && b instanceof ArrayValue) {
    if (a.items.length !== b.items.length)
      throw new LangError(
        `both branches of this conditional must have the same length (${a.items.length} vs ${b.items.length})`,
        loc,
      );
    return new ArrayValue(a.items.map((x, i) => symbolicSelect(c, x, b.items[i], loc)));
  }
  return settle(select(c, toExpr(a, loc, 'the first branch'), toExpr(b, loc, 'the second branch')));
}

/** `a && b`, `a || b` with a symbolic left side: boolean-valued IR (0 or 1). */
export function symbolicLogic(operator: '&&' | '||', a: Value, b: Value, loc: Loc): Value {
  const ea = toExpr(a, loc, `the left side of ${operator}`);
  const eb = toExpr(b, loc, `the right side of ${operator}`);
  const bb = isBooleanValued(eb) ? eb : binary('ne', eb, num(0));
  return settle(
    binary(operator === '&&' ? 'and' : 'or', isBooleanValued(ea) ? ea : binary('ne', ea, num(0)), bb),
  );
}

/** A unary math function on a number or symbol. */
export function mathUnary(op: UnaryOp, a: Value, loc: Loc, name: string): Value {
  if (numberLike(a)) return applyUnary(op, Number(a));
  return settle(unary(op, toExpr(a, loc, `the argument of ${name}`)));
}

export function mathBinary(op: BinaryOp, a: Value, b: Value, loc: Loc, name: string): Value {
  if (numberLike(a) && numberLike(b)) return applyBinary(op, Number(a), Number(b));
  return settle(
    binary(
      op,
      toExpr(a, loc, `the first argument of ${name}`),
      toExpr(b, loc, `the second argument of ${name}`),
    ),
  );
}
