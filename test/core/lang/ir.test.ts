import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ONE,
  ZERO,
  add,
  binary,
  div,
  mul,
  neg,
  num,
  pow,
  select,
  sub,
  sym,
  unary,
} from '../../../src/core/lang/ir';
import { dagSize, evaluateOne } from '../../../src/core/lang/ir-graph';
import { exprArb, pointArb } from './arb';

const x = sym('x');
const y = sym('y');

describe('IR', () => {
  it('hash-conses: equal structure is the same node', () => {
    expect(sym('x')).toBe(x);
    expect(add(x, y)).toBe(add(x, y));
    expect(add(x, y)).toBe(add(y, x)); // commutative ops are stored in canonical order
    expect(mul(unary('sin', x), y)).toBe(mul(y, unary('sin', x)));
    expect(num(2.5)).toBe(num(2.5));
  });

  it('folds constants', () => {
    expect(add(num(2), num(3))).toBe(num(5));
    expect(unary('cos', num(0))).toBe(ONE);
    expect(binary('lt', num(1), num(2))).toBe(ONE);
    expect(select(num(0), x, y)).toBe(y);
    expect(mul(num(2), mul(num(3), x))).toBe(mul(num(6), x));
  });

  it('simplifies x·1, x+0, 0·x, x−x, −(−x), x/1, x^1, x^0', () => {
    expect(mul(x, ONE)).toBe(x);
    expect(add(x, ZERO)).toBe(x);
    expect(mul(ZERO, unary('sin', x))).toBe(ZERO);
    expect(sub(mul(x, y), mul(y, x))).toBe(ZERO);
    expect(neg(neg(x))).toBe(x);
    expect(div(x, ONE)).toBe(x);
    expect(pow(x, ONE)).toBe(x);
    expect(pow(x, ZERO)).toBe(ONE);
    expect(add(x, x)).toBe(mul(num(2), x));
    expect(sub(mul(num(3), x), x)).toBe(mul(num(2), x));
    expect(select(binary('lt', x, y), x, x)).toBe(x);
  });

  it('shares common subexpressions', () => {
    const s = unary('sin', add(x, y));
    const e = add(mul(s, s), mul(num(2), s));
    expect(dagSize([e])).toBeLessThanOrEqual(8);
  });

  it('simplification never changes the value (random expressions)', () => {
    fc.assert(
      fc.property(exprArb, exprArb, pointArb, (a, b, pt) => {
        const va = evaluateOne(a, pt);
        const vb = evaluateOne(b, pt);
        const checks: [ReturnType<typeof add>, number][] = [
          [add(a, b), va + vb],
          [sub(a, b), va - vb],
          [mul(a, b), va * vb],
          [neg(a), -va],
          [sub(a, a), 0],
        ];
        for (const [e, want] of checks) {
          const got = evaluateOne(e, pt);
          if (Number.isFinite(want))
            expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('evaluates selects and comparisons as 0/1', () => {
    const e = select(binary('gt', x, num(0)), x, neg(x));
    expect(evaluateOne(e, { x: -3 })).toBe(3);
    expect(evaluateOne(e, { x: 2 })).toBe(2);
    expect(evaluateOne(binary('and', binary('gt', x, num(0)), binary('lt', x, num(1))), { x: 0.5 })).toBe(1);
    expect(() => evaluateOne(x, {})).toThrow(/no value for symbol 'x'/);
  });
});
