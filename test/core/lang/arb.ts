/** Random IR expressions for property tests (shared by the lang tests). */
import fc from 'fast-check';
import type { Expr } from '../../../src/core/lang/ir';
import { binary, num, select, sym, unary } from '../../../src/core/lang/ir';

export const SYMBOLS = ['x', 'y', 'z'];

/** Smooth-ish random expressions over x, y, z (domains kept valid: log/sqrt of positive things). */
export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SYMBOLS).map((s) => sym(s)),
    fc.double({ min: -3, max: 3, noNaN: true }).map((v) => num(Math.round(v * 100) / 100)),
    fc
      .tuple(fc.constantFrom('add', 'sub', 'mul') as fc.Arbitrary<'add' | 'sub' | 'mul'>, tie('e'), tie('e'))
      .map(([op, a, b]) => binary(op, a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => binary('div', a, binary('add', num(2), unary('sin', b)))),
    fc
      .tuple(
        fc.constantFrom('sin', 'cos', 'tanh', 'atan', 'neg') as fc.Arbitrary<
          'sin' | 'cos' | 'tanh' | 'atan' | 'neg'
        >,
        tie('e'),
      )
      .map(([op, a]) => unary(op, a)),
    tie('e').map((a) => unary('exp', unary('sin', a))),
    tie('e').map((a) => unary('log', binary('add', num(1.5), unary('cos', a)))),
    tie('e').map((a) => unary('sqrt', binary('add', num(1), binary('mul', a, a)))),
    fc.tuple(tie('e'), fc.integer({ min: 2, max: 4 })).map(([a, n]) => binary('pow', a, num(n))),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => binary('atan2', a, binary('add', num(3), unary('cos', b)))),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => select(binary('lt', c, num(0.3)), a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => binary('max', a, b)),
  ),
})).e;

export const pointArb = fc
  .tuple(...SYMBOLS.map(() => fc.double({ min: -2, max: 2, noNaN: true })))
  .map((xs) => Object.fromEntries(SYMBOLS.map((s, i) => [s, xs[i]])) as Record<string, number>);
