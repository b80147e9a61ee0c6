import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import {
  decimals,
  formatLiteral,
  inferSliderRange,
  literalEdit,
  niceCeil,
  rangeAfterEdits,
  rewriteLiteral,
  roundToStep,
  sliderStep,
} from '../../../src/renderer/inspector/parameters';

const PENDULUM = `import { problem, sin, cos } from "hjb-lab";

const g = 9.81, l = 1, b = -0.1, sigma = 0.2;

export default problem({
  title: "Pendulum swing-up",
  states: {
    theta: { min: -Math.PI, max: Math.PI, periodic: true, label: "θ" },
    omega: [-8, 8],
  },
  controls: { u: [-2, 2] },
  minimize: ({ theta, omega }, { u }) => (1 - cos(theta)) + 0.1 * omega ** 2 + 0.01 * u ** 2,
  discount: 0.5,
  drift: ({ theta, omega }, { u }) => ({ theta: omega, omega: -(g / l) * sin(theta) + b * omega + u }),
  noise: { omega: sigma },
});
`;

function parameters(source: string) {
  const r = compileProblem(source, {});
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!r.problem) throw new Error('no problem');
  return r.problem.parameters;
}

describe('niceCeil and decimals', () => {
  it('rounds up to 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k', () => {
    expect(niceCeil(19.62)).toBe(20);
    expect(niceCeil(0.4)).toBe(0.4);
    expect(niceCeil(0.41)).toBe(0.5);
    expect(niceCeil(2)).toBe(2);
    expect(niceCeil(1.01)).toBe(1.5);
    expect(niceCeil(8.5)).toBe(10);
    expect(niceCeil(3e-5)).toBe(3e-5);
    expect(niceCeil(7000)).toBe(8000);
    expect(() => niceCeil(0)).toThrow(RangeError);
  });
  it('counts decimals of the shortest text, exponent included', () => {
    expect(decimals(9.81)).toBe(2);
    expect(decimals(-0.5)).toBe(1);
    expect(decimals(3)).toBe(0);
    expect(decimals(1e-7)).toBe(7);
    expect(decimals(1.5e-7)).toBe(8);
    expect(decimals(2e21)).toBe(0);
  });
});

describe('inferSliderRange', () => {
  it('gives [0, nice(2v)] for a positive value with a step on the value’s digits', () => {
    expect(inferSliderRange(9.81)).toEqual({ min: 0, max: 20, step: 0.01 });
    expect(inferSliderRange(0.2)).toEqual({ min: 0, max: 0.4, step: 0.001 });
    expect(inferSliderRange(1)).toEqual({ min: 0, max: 2, step: 0.01 });
    expect(inferSliderRange(100)).toEqual({ min: 0, max: 200, step: 1 });
    expect(inferSliderRange(1e-4)).toEqual({ min: 0, max: 2e-4, step: 1e-6 });
  });
  it('mirrors a negative value and uses [−1, 1] for zero', () => {
    expect(inferSliderRange(-0.5)).toEqual({ min: -1, max: 0, step: 0.01 });
    expect(inferSliderRange(-3)).toEqual({ min: -6, max: 0, step: 0.01 });
  });
  it('steps by whole numbers for an integer over a range of 10 or more', () => {
    expect(inferSliderRange(8)).toEqual({ min: 0, max: 20, step: 1 });
    expect(inferSliderRange(-50)).toEqual({ min: -100, max: 0, step: 1 });
    expect(inferSliderRange(2000)).toEqual({ min: 0, max: 4000, step: 10 });
    expect(inferSliderRange(2).step).toBe(0.01);
    expect(sliderStep(0, 10, 3)).toBe(1);
    expect(sliderStep(0, 10, 3.5)).toBe(0.1);
    expect(inferSliderRange(0)).toEqual({ min: -1, max: 1, step: 0.01 });
  });
  it('always contains the value, with a few hundred to ten thousand steps', () => {
    for (const v of [1e-9, 3.3e-5, 0.123456, 0.7, 1.5, 42, 1234.5, 9e8, -1e-3, -7.25, -600]) {
      const r = inferSliderRange(v);
      expect(r.min).toBeLessThanOrEqual(v);
      expect(r.max).toBeGreaterThanOrEqual(v);
      const steps = (r.max - r.min) / r.step;
      expect(steps).toBeGreaterThanOrEqual(100);
      expect(steps).toBeLessThanOrEqual(10_000 * (1 + 1e-9));
    }
  });
  it('recomputes the step for an edited range', () => {
    expect(sliderStep(0, 100, 9.81)).toBe(0.1);
    expect(sliderStep(0, 100, 10)).toBe(1);
    expect(sliderStep(0, 1, 0.5)).toBe(0.01);
    expect(sliderStep(5, 5, 5)).toBe(0.01);
  });
});

describe('roundToStep and formatLiteral', () => {
  it('removes float noise from slider values', () => {
    expect(roundToStep(0.1 + 0.2, 0.001)).toBe(0.3);
    expect(roundToStep(9.8100000001, 0.01)).toBe(9.81);
    expect(roundToStep(-0.0001, 0.01)).toBe(0);
    expect(Object.is(roundToStep(-0.0001, 0.01), -0)).toBe(false);
    expect(roundToStep(123, 1)).toBe(123);
  });
  it('writes the shortest text that reads back exactly, without exponent for ordinary values', () => {
    for (const v of [9.81, 0.2, 1, -0.5, 1234.5, 0.001, 1e-6, 0.1 + 0.2, Math.PI, -1e-7, 5e21]) {
      expect(Number(formatLiteral(v))).toBe(v);
    }
    expect(formatLiteral(9.81)).toBe('9.81');
    expect(formatLiteral(-0.5)).toBe('-0.5');
    expect(formatLiteral(0.000001)).toBe('0.000001');
    expect(formatLiteral(123456789)).toBe('123456789');
    expect(formatLiteral(-0)).toBe('0');
    expect(() => formatLiteral(Number.NaN)).toThrow(RangeError);
    expect(() => formatLiteral(Infinity)).toThrow(RangeError);
  });
});

describe('rewriteLiteral on compiled parameter ranges', () => {
  it('rewrites a positive literal and the result compiles to the new value', () => {
    const g = parameters(PENDULUM).find((p) => p.name === 'g')!;
    const out = rewriteLiteral(PENDULUM, g.range, 3.71, 'g');
    expect(out).toContain('const g = 3.71, l = 1,');
    expect(parameters(out).find((p) => p.name === 'g')!.value).toBe(3.71);
  });

  it('rewrites a literal with unary minus (range includes the minus) to either sign, never --', () => {
    const b = parameters(PENDULUM).find((p) => p.name === 'b')!;
    expect(PENDULUM.slice(b.range.start, b.range.end)).toBe('-0.1');
    const neg = rewriteLiteral(PENDULUM, b.range, -0.35, 'b');
    expect(neg).toContain('b = -0.35,');
    expect(neg).not.toContain('--');
    expect(parameters(neg).find((p) => p.name === 'b')!.value).toBe(-0.35);
    const pos = rewriteLiteral(PENDULUM, b.range, 0.25, 'b');
    expect(pos).toContain('b = 0.25,');
    expect(parameters(pos).find((p) => p.name === 'b')!.value).toBe(0.25);
  });

  it('turns a positive literal negative and back', () => {
    const sigma = parameters(PENDULUM).find((p) => p.name === 'sigma')!;
    const neg = rewriteLiteral(PENDULUM, sigma.range, -0.4, 'sigma');
    expect(neg).toContain('sigma = -0.4;');
    const again = parameters(neg).find((p) => p.name === 'sigma')!;
    expect(again.value).toBe(-0.4);
    expect(rewriteLiteral(neg, again.range, 0.2, 'sigma')).toBe(PENDULUM);
  });

  it('extends a range that covers only the digits over a unary minus', () => {
    const src = 'const a = - 0.5;';
    const digits = { start: src.indexOf('0.5'), end: src.indexOf('0.5') + 3 };
    expect(rewriteLiteral(src, digits, -0.75)).toBe('const a = -0.75;');
    expect(rewriteLiteral(src, digits, 2)).toBe('const a = 2;');
  });

  it('parenthesizes a negative value after a binary operator instead of writing --', () => {
    const src = 'const y = x - 0.5;';
    const r = { start: src.indexOf('0.5'), end: src.indexOf('0.5') + 3 };
    expect(rewriteLiteral(src, r, -2)).toBe('const y = x - (-2);');
    expect(rewriteLiteral(src, r, 2)).toBe('const y = x - 2;');
  });

  it('finds the literal again by name when the range is stale', () => {
    const params = parameters(PENDULUM);
    const g = params.find((p) => p.name === 'g')!;
    const l = params.find((p) => p.name === 'l')!;
    // g was rewritten to a longer literal since the compile: l's old range is off by 3.
    const moved = rewriteLiteral(PENDULUM, g.range, 9.80665, 'g');
    expect(moved.slice(l.range.start, l.range.end)).not.toBe('1');
    const out = rewriteLiteral(moved, l.range, 2.5, 'l');
    expect(out).toContain('const g = 9.80665, l = 2.5, b = -0.1');
    // Without the name, a stale range that is not a literal is left alone.
    expect(literalEdit(moved, { start: 0, end: 6 }, 1)).toBeNull();
  });

  it('does not take another parameter’s literal for this one', () => {
    const src = 'const a = 1, b = 2;';
    const aRange = { start: 10, end: 11 };
    // A stale range that now points at b's literal is not used for a.
    expect(rewriteLiteral(src, { start: 17, end: 18 }, 5, 'a')).toBe('const a = 5, b = 2;');
    expect(rewriteLiteral(src, aRange, 7, 'a')).toBe('const a = 7, b = 2;');
    expect(literalEdit(src, aRange, 1, 'zz')).toBeNull();
    // Member assignments and longer names do not match.
    expect(literalEdit('o.k = 1; const kk = 2;', { start: 0, end: 1 }, 3, 'k')).toBeNull();
  });

  it('handles type annotations, `as` and exponent literals', () => {
    const src = 'const k: number = 1e-3 as number;';
    const r = { start: src.indexOf('1e-3'), end: src.indexOf('1e-3') + 4 };
    expect(rewriteLiteral(src, r, 0.002, 'k')).toBe('const k: number = 0.002 as number;');
  });
});

describe('rangeAfterEdits: consecutive slider moves before the next compile', () => {
  it('follows the literal it rewrote and shifts the ones after it', () => {
    const params = parameters(PENDULUM);
    const range = (n: string) => params.find((p) => p.name === n)!.range;
    let source = PENDULUM;
    const edits: { start: number; oldEnd: number; newEnd: number }[] = [];
    const move = (name: string, value: number) => {
      const r = rangeAfterEdits(range(name), edits);
      const text = formatLiteral(value);
      source = source.slice(0, r.start) + text + source.slice(r.end);
      edits.push({ start: r.start, oldEnd: r.end, newEnd: r.start + text.length });
    };
    move('g', 9.8); // shorter
    move('g', 12.125); // longer
    move('b', -0.05); // after g: shifted; now negative
    move('l', 3); // between g and b
    move('b', 0.5);
    move('g', 1);
    expect(source).toContain('const g = 1, l = 3, b = 0.5, sigma = 0.2;');
    expect(parameters(source).map((p) => [p.name, p.value])).toEqual([
      ['g', 1],
      ['l', 3],
      ['b', 0.5],
      ['sigma', 0.2],
    ]);
  });
  it('leaves a range before every edit alone', () => {
    expect(rangeAfterEdits({ start: 3, end: 5 }, [{ start: 10, oldEnd: 12, newEnd: 20 }])).toEqual({
      start: 3,
      end: 5,
    });
  });
});
