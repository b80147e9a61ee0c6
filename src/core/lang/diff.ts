/**
 * Symbolic differentiation of the IR (first derivatives; apply twice for second).
 *
 * Works over the DAG in topological order with one derivative per node, so the cost is
 * linear in the number of distinct nodes even when subexpressions are shared many times.
 * Conventions at non-smooth points (the derivative a solver sees there):
 * - comparisons, logic, floor/ceil/round/trunc and sign are piecewise constant: 0;
 * - abs′(x) = sign(x) (0 at 0), min/max/select differentiate the branch taken.
 */
import type { BinaryOp, Expr, UnaryOp } from './ir';
import { ONE, ZERO, add, binary, div, mul, neg, num, pow, select, sub, unary } from './ir';
import { topoOrder } from './ir-graph';

/** ∂e/∂symbol. */
export function diff(e: Expr, symbol: string): Expr {
  return diffMany([e], symbol)[0];
}

/** ∂e/∂symbol for several roots at once, sharing the work on common subexpressions. */
export function diffMany(roots: readonly Expr[], symbol: string): Expr[] {
  const d = new Map<number, Expr>();
  for (const e of topoOrder(roots))
    d.set(
      e.id,
      derivative(e, symbol, (x) => d.get(x.id)!),
    );
  return roots.map((r) => d.get(r.id)!);
}

/** Gradient with respect to several symbols. */
export function gradient(e: Expr, symbols: readonly string[]): Expr[] {
  return symbols.map((s) => diff(e, s));
}

function derivative(e: Expr, symbol: string, d: (x: Expr) => Expr): Expr {
  if (e.op === 'const') return ZERO;
  if (e.op === 'sym') return e.name === symbol ? ONE : ZERO;
  if (e.op === 'select') {
    const [c, a, b] = e.args;
    return select(c, d(a), d(b));
  }
  if (e.args.length === 1) {
    const a = e.args[0];
    const da = d(a);
    if (da === ZERO) return ZERO;
    return mul(unaryDerivative(e.op as UnaryOp, a, e), da);
  }
  const [a, b] = e.args;
  const da = d(a);
  const db = d(b);
  if (da === ZERO && db === ZERO) return ZERO;
  return binaryDerivative(e.op as BinaryOp, a, b, e, da, db);
}

/** f′(a) for e = f(a). */
function unaryDerivative(op: UnaryOp, a: Expr, e: Expr): Expr {
  switch (op) {
    case 'neg':
      return num(-1);
    case 'sin':
      return unary('cos', a);
    case 'cos':
      return neg(unary('sin', a));
    case 'tan':
      return add(ONE, mul(e, e)); // 1 + tan²
    case 'asin':
      return div(ONE, unary('sqrt', sub(ONE, mul(a, a))));
    case 'acos':
      return neg(div(ONE, unary('sqrt', sub(ONE, mul(a, a)))));
    case 'atan':
      return div(ONE, add(ONE, mul(a, a)));
    case 'sinh':
      return unary('cosh', a);
    case 'cosh':
      return unary('sinh', a);
    case 'tanh':
      return sub(ONE, mul(e, e)); // 1 − tanh²
    case 'exp':
      return e;
    case 'expm1':
      return unary('exp', a);
    case 'log':
      return div(ONE, a);
    case 'log1p':
      return div(ONE, add(ONE, a));
    case 'log2':
      return div(num(1 / Math.LN2), a);
    case 'log10':
      return div(num(1 / Math.LN10), a);
    case 'sqrt':
      return div(num(0.5), e);
    case 'cbrt':
      return div(ONE, mul(num(3), mul(e, e)));
    case 'abs':
      return unary('sign', a);
    case 'sign':
    case 'floor':
    case 'ceil':
    case 'round':
    case 'trunc':
    case 'not':
      return ZERO;
  }
}

function binaryDerivative(op: BinaryOp, a: Expr, b: Expr, e: Expr, da: Expr, db: Expr): Expr {
  switch (op) {
    case 'add':
      return add(da, db);
    case 'sub':
      return sub(da, db);
    case 'mul':
      return add(mul(da, b), mul(a, db));
    case 'div':
      // (a/b)′ = (a′ − (a/b)·b′) / b
      return div(sub(da, mul(e, db)), b);
    case 'pow': {
      if (b.op === 'const') {
        // (aⁿ)′ = n·aⁿ⁻¹·a′ (valid for negative a with integer n, unlike the log form)
        return mul(mul(b, pow(a, num(b.value - 1))), da);
      }
      // (a^b)′ = a^b·(b′·ln a + b·a′/a)
      const termB = db === ZERO ? ZERO : mul(db, unary('log', a));
      const termA = da === ZERO ? ZERO : div(mul(b, da), a);
      return mul(e, add(termB, termA));
    }
    case 'atan2': {
      // atan2(y, x)′ = (x·y′ − y·x′) / (x² + y²)
      return div(sub(mul(b, da), mul(a, db)), add(mul(a, a), mul(b, b)));
    }
    case 'min':
      return select(binary('le', a, b), da, db);
    case 'max':
      return select(binary('ge', a, b), da, db);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
    case 'and':
    case 'or':
      return ZERO;
  }
}
