import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BinaryOp, UnaryOp } from '../../../src/core/lang/ir';
import { ONE, ZERO, binary, mul, num, select, sym, unary } from '../../../src/core/lang/ir';
import { evaluateOne } from '../../../src/core/lang/ir-graph';
import { diff, diffMany } from '../../../src/core/lang/diff';
import { exprArb, pointArb, SYMBOLS } from './arb';

const x = sym('x');
const y = sym('y');

function fd(e: Parameters<typeof evaluateOne>[0], pt: Record<string, number>, s: string): number {
  const h = 1e-5 * Math.max(1, Math.abs(pt[s]));
  return (evaluateOne(e, { ...pt, [s]: pt[s] + h }) - evaluateOne(e, { ...pt, [s]: pt[s] - h })) / (2 * h);
}

/** Points where every unary op below is smooth. */
const UNARY_DOMAIN: Record<UnaryOp, number> = {
  neg: 0.7,
  sin: 0.7,
  cos: 0.7,
  tan: 0.7,
  asin: 0.4,
  acos: 0.4,
  atan: 0.7,
  sinh: 0.7,
  cosh: 0.7,
  tanh: 0.7,
  exp: 0.7,
  expm1: 0.7,
  log: 0.7,
  log1p: 0.7,
  log2: 0.7,
  log10: 0.7,
  sqrt: 0.7,
  cbrt: 0.7,
  abs: -0.7,
  sign: 0.7,
  floor: 0.7,
  ceil: 0.7,
  round: 0.7,
  trunc: 0.7,
  not: 0.7,
};

describe('diff', () => {
  it('differentiates every unary op (against finite differences)', () => {
    for (const [op, at] of Object.entries(UNARY_DOMAIN) as [UnaryOp, number][]) {
      // Compose with 2x so the chain rule is exercised.
      const e = unary(op, mul(num(2), x));
      const d = evaluateOne(diff(e, 'x'), { x: at / 2 });
      expect(Math.abs(d - fd(e, { x: at / 2 }, 'x')), op).toBeLessThan(1e-6);
    }
  });

  it('differentiates every binary op in both arguments', () => {
    const ops: BinaryOp[] = [
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
    for (const op of ops) {
      const e = binary(op, mul(x, num(1.3)), mul(y, y));
      const pt = { x: 0.9, y: 1.1 };
      for (const s of ['x', 'y']) {
        expect(Math.abs(evaluateOne(diff(e, s), pt) - fd(e, pt, s)), `${op} d/d${s}`).toBeLessThan(1e-6);
      }
    }
  });

  it('uses the documented conventions at kinks: abs′ = sign, piecewise constants have zero derivative', () => {
    expect(diff(unary('abs', x), 'x')).toBe(unary('sign', x));
    expect(diff(unary('floor', x), 'x')).toBe(ZERO);
    expect(diff(binary('lt', x, y), 'x')).toBe(ZERO);
    expect(diff(select(binary('lt', x, y), mul(x, x), x), 'x')).toBe(
      select(binary('lt', x, y), mul(num(2), x), ONE),
    );
  });

  it('matches finite differences on random expressions', () => {
    fc.assert(
      fc.property(exprArb, pointArb, fc.constantFrom(...SYMBOLS), (e, pt, s) => {
        const d = evaluateOne(diff(e, s), pt);
        const h = 1e-5 * Math.max(1, Math.abs(pt[s]));
        const plus = evaluateOne(e, { ...pt, [s]: pt[s] + h });
        const minus = evaluateOne(e, { ...pt, [s]: pt[s] - h });
        const approx = (plus - minus) / (2 * h);
        // Skip points at or next to a kink or branch switch (select, max): the one-sided
        // differences disagree there, and no single derivative is right.
        const at = evaluateOne(e, pt);
        const forward = (plus - at) / h;
        const backward = (at - minus) / h;
        const scale = Math.max(1, Math.abs(plus), Math.abs(approx));
        fc.pre(Number.isFinite(d) && Math.abs(forward - backward) < 1e-3 * scale);
        expect(Math.abs(d - approx)).toBeLessThanOrEqual(2e-6 * scale);
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('second derivatives match finite differences of the first', () => {
    const e = mul(unary('sin', mul(x, y)), unary('exp', x));
    const dx = diff(e, 'x');
    const dxy = diff(dx, 'y');
    const pt = { x: 0.3, y: -0.8 };
    expect(Math.abs(evaluateOne(dxy, pt) - fd(dx, pt, 'y'))).toBeLessThan(1e-6);
  });

  it('is linear in the DAG size (shared subexpressions are differentiated once)', () => {
    let e = x;
    for (let i = 0; i < 200; i++) e = unary('sin', binary('add', mul(e, e), x));
    const [d] = diffMany([e], 'x');
    expect(Number.isFinite(evaluateOne(d, { x: 0.1 }))).toBe(true);
  });
});
