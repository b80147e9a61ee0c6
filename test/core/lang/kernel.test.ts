import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../../src/core/lang/ir';
import { binary, num, sym, unary } from '../../../src/core/lang/ir';
import { evaluate } from '../../../src/core/lang/ir-graph';
import { compileKernel, kernelSource } from '../../../src/core/lang/kernel';
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

  it('generated source contains only fixed templates and generated names, never a number', () => {
    const src = kernelSource(
      [binary('add', sym('evil"); globalThis.x=1; ("'), num(-1.234e-300))],
      ['evil"); globalThis.x=1; ("'],
    );
    expect(src.text).not.toContain('globalThis');
    expect(src.text).not.toContain('evil');
    expect(src.text).not.toContain('1.234');
    expect([...src.constants]).toEqual([-1.234e-300]);
  });

  it('a changed constant leaves the source text as it was (a slider move reuses the optimized kernel)', () => {
    const f = (c: number, d: number): Expr[] => [
      binary('add', binary('mul', num(c), sym('x')), unary('sin', binary('mul', num(d), sym('y')))),
    ];
    const a = kernelSource(f(0.3, 2.5), ['x', 'y']);
    const b = kernelSource(f(0.31, -7), ['x', 'y']);
    expect(b.text).toBe(a.text);
    expect([...a.constants].sort()).toEqual([0.3, 2.5].sort());
    expect([...b.constants].sort()).toEqual([-7, 0.31].sort());
    // The same text with the other table computes the other function.
    const [js] = runBoth(
      f(0.31, -7),
      ['x', 'y'],
      [
        [1, 2],
        [0.5, -1],
      ],
    );
    expect(js[0][0]).toBe(0.31 * 1 + Math.sin(-7 * 0.5));
    expect(js[0][1]).toBe(0.31 * 2 + Math.sin(-7 * -1));
    // Constants that are NaN or infinite travel through the table too.
    const [nan] = runBoth(
      [binary('add', num(NaN), sym('x')), binary('mul', num(Infinity), sym('x'))],
      ['x'],
      [[1]],
    );
    expect(nan[0][0]).toBeNaN();
    expect(nan[1][0]).toBe(Infinity);
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
