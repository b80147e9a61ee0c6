/**
 * What each IR op computes on numbers (docs/architecture.md §4.2): one definition shared by
 * constant folding, the reference evaluator and the generated kernels, so they cannot drift.
 */
import type { BinaryOp, UnaryOp } from './ir';

/** Numeric semantics of every op, shared by folding, the reference evaluator and kernels. */
export function applyUnary(op: UnaryOp, a: number): number {
  switch (op) {
    case 'neg':
      return -a;
    case 'sin':
      return Math.sin(a);
    case 'cos':
      return Math.cos(a);
    case 'tan':
      return Math.tan(a);
    case 'asin':
      return Math.asin(a);
    case 'acos':
      return Math.acos(a);
    case 'atan':
      return Math.atan(a);
    case 'sinh':
      return Math.sinh(a);
    case 'cosh':
      return Math.cosh(a);
    case 'tanh':
      return Math.tanh(a);
    case 'exp':
      return Math.exp(a);
    case 'expm1':
      return Math.expm1(a);
    case 'log':
      return Math.log(a);
    case 'log1p':
      return Math.log1p(a);
    case 'log2':
      return Math.log2(a);
    case 'log10':
      return Math.log10(a);
    case 'sqrt':
      return Math.sqrt(a);
    case 'cbrt':
      return Math.cbrt(a);
    case 'abs':
      return Math.abs(a);
    case 'sign':
      return Math.sign(a);
    case 'floor':
      return Math.floor(a);
    case 'ceil':
      return Math.ceil(a);
    case 'round':
      return Math.round(a);
    case 'trunc':
      return Math.trunc(a);
    case 'not':
      return a === 0 ? 1 : 0;
  }
}

export function applyBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'pow':
      return a ** b;
    case 'atan2':
      return Math.atan2(a, b);
    case 'min':
      return Math.min(a, b);
    case 'max':
      return Math.max(a, b);
    case 'lt':
      return a < b ? 1 : 0;
    case 'le':
      return a <= b ? 1 : 0;
    case 'gt':
      return a > b ? 1 : 0;
    case 'ge':
      return a >= b ? 1 : 0;
    case 'eq':
      return a === b ? 1 : 0;
    case 'ne':
      return a !== b ? 1 : 0;
    case 'and':
      return a !== 0 && b !== 0 ? 1 : 0;
    case 'or':
      return a !== 0 || b !== 0 ? 1 : 0;
  }
}
