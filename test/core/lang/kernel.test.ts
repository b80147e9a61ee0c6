import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../../src/core/lang/ir';
import { binary, evaluate, num, sym, unary } from '../../../src/core/lang/ir';
import { compileKernel, kernelSource, numberLiteral } from '../../../src/core/lang/kernel';
import { exprArb, SYMBOLS } from './arb';

function runBoth(outputs: Expr[], inputs: string[], cols: number[][]): [Float64Array[], Float64Array[]] {
  const n = cols[0].length;
  const ins = cols.map((c) => Float64Array.from(c));
  const results = (['js', 'interpreter'] as const).map((backend) => {
    const k = compileKernel(outputs, inputs, undefined, { backend });
    expect(k.backend).toBe(backend);
    const outs = outputs.map(() => new Float64Array(n));
    k.run(ins, outs, n);
    return outs;
  });
  return [results[0], results[1]];
}

describe('batch kernels', () => {
  it('agree with the scalar reference evaluator and with each other (random expressions)', () => {
    fc.assert(
      fc.property(
        fc.array(exprArb, { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.tuple(
            fc.double({ min: -2, max: 2, noNaN: true }),
            fc.double({ min: -2, max: 2, noNaN: true }),
            fc.double({ min: -2, max: 2, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        (outputs, points) => {
          const cols = SYMBOLS.map((_, i) => points.map((p) => p[i]));
          const [js, interp] = runBoth(outputs, SYMBOLS, cols);
          points.forEach((p, k) => {
            const ref = evaluate(outputs, { x: p[0], y: p[1], z: p[2] });
            ref.forEach((r, j) => {
              for (const got of [js[j][k], interp[j][k]]) {
                if (Number.isNaN(r)) expect(got).toBeNaN();
                else expect(Math.abs(got - r)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(r)));
              }
            });
          });
        },
      ),
      { numRuns: 150, seed: 5 },
    );
  });

  it('handles more points than one interpreter block, constants and inputs as outputs', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => i / n);
    const x = sym('x');
    const outputs = [num(3), x, unary('sin', x), binary('pow', x, num(2))];
    const [js, interp] = runBoth(outputs, ['x', 'unused'], [xs, xs]);
    for (const outs of [js, interp]) {
      expect(outs[0][n - 1]).toBe(3);
      expect(outs[1][777]).toBe(xs[777]);
      expect(outs[2][999]).toBeCloseTo(Math.sin(xs[999]), 15);
      expect(outs[3][500]).toBeCloseTo(0.25, 15);
    }
  });

  it('refuses outputs that use symbols that are not inputs', () => {
    expect(() => compileKernel([sym('q')], ['x'])).toThrow(/not an input/);
  });

  it('generated source contains only numbers, fixed templates and generated names', () => {
    const src = kernelSource(
      [binary('add', sym('evil"); globalThis.x=1; ("'), num(-1e-300))],
      ['evil"); globalThis.x=1; ("'],
    );
    expect(src).not.toContain('globalThis');
    expect(src).not.toContain('evil');
    expect(numberLiteral(-2.5)).toBe('(-2.5)');
    expect(numberLiteral(NaN)).toBe('(0/0)');
    expect(numberLiteral(1e21)).toBe('1e+21');
  });

  it('falls back to the interpreter when code generation is refused (CSP)', async () => {
    // Simulate a Content-Security-Policy without 'unsafe-eval': Function throws EvalError.
    const { vi } = await import('vitest');
    vi.resetModules();
    const RealFunction = globalThis.Function;
    const Refusing = function (): never {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    } as unknown as FunctionConstructor;
    globalThis.Function = Refusing;
    try {
      const fresh = await import('../../../src/core/lang/kernel');
      const ir = await import('../../../src/core/lang/ir');
      expect(fresh.jsKernelsAvailable()).toBe(false);
      const k = fresh.compileKernel([ir.unary('cos', ir.sym('x'))], ['x']);
      expect(k.backend).toBe('interpreter');
      const out = new Float64Array(2);
      k.run([Float64Array.of(0, Math.PI)], [out], 2);
      expect([...out]).toEqual([1, -1]);
    } finally {
      globalThis.Function = RealFunction;
      vi.resetModules();
    }
  });
});
