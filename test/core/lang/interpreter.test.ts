import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import type { CompiledProblem, Diagnostic } from '../../../src/core/problem/types';
import { toText } from '../../../src/core/lang/text';
import { parseSource } from '../../../src/core/lang/parse';
import { Interpreter } from '../../../src/core/lang/interpreter';
import { LangError } from '../../../src/core/lang/diagnostics';

const HEADER = `import { problem, sin, cos, exp, sum, dot, matvec, clamp, min, max, hypot, range, pow, abs, sign, floor, atan2, tanh, sqrt, log, tan } from "hjb-lab";\n`;

/** A 1-state problem whose drift is `body` (an expression in x, u, t). */
function withDrift(body: string, prelude = ''): string {
  return `${HEADER}${prelude}
export default problem({
  states: { x: [-1, 1] },
  controls: { u: [-1, 1] },
  maximize: () => 0,
  discount: 1,
  drift: ({ x }, { u }, t) => ({ x: ${body} }),
});`;
}

function driftText(body: string, prelude = ''): string {
  const r = compileProblem(withDrift(body, prelude));
  expect(r.diagnostics).toEqual([]);
  return toText((r.problem as CompiledProblem).exprs.drift[0]);
}

function errors(source: string): Diagnostic[] {
  const r = compileProblem(source);
  expect(r.problem).toBeNull();
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errs.length).toBeGreaterThan(0);
  return errs;
}

function firstError(source: string): Diagnostic {
  return errors(source)[0];
}

/** Evaluate a module and return its top-level binding `name` (numbers fold at compile time). */
function value(code: string, name = 'out'): unknown {
  const src = `${code}\nexport default ${name};`;
  return new Interpreter(src).runModule(parseSource(src).program, {}).exported;
}

describe('parser', () => {
  it('accepts TypeScript annotations and ignores them', () => {
    expect(
      driftText('u', 'type V = number;\ninterface Foo { a: number }\nconst k: number = 2 as number;\n'),
    ).toBe('u');
    expect(value('const f = (a: number): number => a * 2; const out = f(3)!;')).toBe(6);
  });

  it('reports syntax errors with line and column', () => {
    const d = firstError('import { problem } from "hjb-lab";\nconst a = (1 + ;\n');
    expect(d.line).toBe(2);
    expect(d.message).toMatch(/^syntax error/);
  });
});

describe('interpreter', () => {
  it('folds numbers and builds IR on symbols', () => {
    expect(value('const out = 2 ** 3 + Math.PI * 0;')).toBe(8);
    expect(driftText('2 * x + 1 - 1')).toBe('2 * x');
    expect(driftText('sin(x) * cos(0) + 0 * exp(u)')).toBe('sin(x)');
    expect(driftText('x - x + u')).toBe('u');
    expect(driftText('-(-x)')).toBe('x');
  });

  it('supports closures, let, if, for, for…of, while, map, reduce, length, indexing', () => {
    const prelude = `
const make = (k) => (v) => k * v;
const twice = make(2);
let acc = 0;
for (let i = 0; i < 4; i++) { if (i % 2 === 0) acc += i; else { acc = acc + 0; } }
for (const v of [1, 2, 3]) acc += v;
let w = 0;
while (w < 3) { w++; if (w > 10) break; }
const arr = [1, 2, 3].map((v, i) => v * i);
const total = arr.reduce((a, b) => a + b, 0) + arr.length + arr[2];
function sq(v) { return v * v; }
const obj = { a: 1, b: { c: 2 }, ...{ d: 4 } };
const { a, b: { c }, d } = obj;
const [p, , q = 7] = [5, 6];
const s = \`n=\${total}\`;
`;
    expect(
      value(`${prelude}\nconst out = [twice(3), acc, w, total, sq(4), a + c + d, p, q, s];`),
    ).toMatchObject({
      items: [6, 8, 3, 17, 16, 7, 5, 7, 'n=17'],
    });
    expect(driftText('twice(x) + acc', prelude)).toBe('2 * x + 8');
  });

  it('ternary on a symbolic condition becomes a select node; on a number it picks a branch', () => {
    expect(driftText('x > 0 ? u : -u')).toBe('x > 0 ? u : -u');
    expect(driftText('1 > 0 ? u : x')).toBe('u');
    expect(driftText('x > 0 && x < 0.5 ? 1 : 0')).toBe('x > 0 && x < 0.5 ? 1 : 0');
  });

  it('if on a symbolic condition is a clear diagnostic', () => {
    const src = `${HEADER}export default problem({ states: { x: [-1, 1] }, controls: { u: [-1, 1] }, maximize: () => 0, discount: 1,
  drift: ({ x }) => { if (x > 0) { return { x: 1 }; } return { x: -1 }; } });`;
    expect(firstError(src).message).toMatch(/this `if` depends on the state.*cond \? a : b/);
  });

  it('helpers: sum, dot, matvec, clamp, min, max, hypot, pow, atan2 on numbers and symbols', () => {
    expect(
      value(
        'import { sum, dot, matvec, clamp, min, max, hypot, pow, atan2 } from "hjb-lab";\nconst out = [sum([1,2,3]), dot([1,2],[3,4]), matvec([[1,2],[3,4]],[1,1]), clamp(5, 0, 1), min(3, 1, 2), max([4, 9]), hypot(3, 4), pow(2, 10), atan2(1, 1)];',
      ),
    ).toMatchObject({
      items: [6, 11, { items: [3, 7] }, 1, 1, 9, 5, 1024, Math.PI / 4],
    });
    expect(driftText('clamp(x, -0.5, 0.5)')).toBe('min(0.5, max(-0.5, x))');
    expect(driftText('sum(matvec([[1, 2]], [x, u]))')).toBe('x + 2 * u');
    expect(driftText('t * x')).toBe('x * t');
  });

  it('Math.* constants and functions; Math.random is refused', () => {
    expect(value('const out = Math.sqrt(16) + Math.E * 0 + Math.max(1, 2);')).toBe(6);
    expect(firstError(withDrift('Math.random()')).message).toMatch(
      /Math\.random is not available: problems must be deterministic/,
    );
  });

  it('unknown names get did-you-mean suggestions, at the right place', () => {
    const d = firstError(withDrift('sine(x)'));
    expect(d.message).toBe("unknown name 'sine' — did you mean 'sin'?");
    expect(d.line).toBe(8);
    expect(d.column).toBe(37);
    expect(firstError(withDrift('xx')).message).toMatch(/unknown name 'xx' — did you mean 'x'\?/);
    const notImported = `import { problem } from "hjb-lab";\nexport default problem({ states: { x: [-1, 1] }, controls: {}, maximize: () => 0, discount: 1, drift: ({ x }) => ({ x: tanh(x) }) });`;
    expect(firstError(notImported).message).toMatch(/'tanh' is a helper of "hjb-lab": add it to the import/);
    expect(firstError('import { problme } from "hjb-lab";').message).toBe(
      `"hjb-lab" has no export 'problme' — did you mean 'problem'?`,
    );
  });

  it('destructuring a missing state suggests the right one', () => {
    const src = `${HEADER}export default problem({ states: { theta: [-1, 1], omega: [-1, 1] }, controls: { u: [-1, 1] }, maximize: () => 0, discount: 1,
  drift: ({ theta, omgea }) => ({ theta: omgea, omega: 0 }) });`;
    expect(firstError(src).message).toBe("there is no state 'omgea' — did you mean 'omega'?");
  });

  it('indices must be compile-time numbers inside the array', () => {
    expect(firstError(withDrift('[1, 2][5]')).message).toMatch(/index 5 is outside the array of length 2/);
    expect(firstError(withDrift('[1, 2][x]')).message).toMatch(
      /index must be a number known at compile time/,
    );
  });

  it('reports errors thrown in nested calls at the inner location', () => {
    const src = withDrift('f(x)', 'const f = (v) => v * undefinedThing;\n');
    const d = firstError(src);
    expect(d.message).toMatch(/unknown name 'undefinedThing'/);
    expect(d.line).toBe(2);
  });

  it('LangError carries a location', () => {
    const e = new LangError('m', { line: 2, column: 3, endLine: 2, endColumn: 4, start: 10, end: 11 });
    expect(e.loc.line).toBe(2);
  });
});

describe('hostile inputs give diagnostics, never hang or crash', () => {
  const cases: [string, string, RegExp][] = [
    ['endless loop', 'while (true) {}', /takes too long to evaluate/],
    ['endless for', 'for (;;) {}', /takes too long/],
    ['deep recursion', 'const f = (n) => f(n + 1); f(0);', /too deeply/],
    ['mutual recursion', 'function a(n) { return b(n); } function b(n) { return a(n); } a(1);', /too deeply/],
    [
      'constructor.constructor',
      'const f = (() => 1).constructor.constructor("return process")();',
      /'constructor' is not available/,
    ],
    ['constructor on object', 'const o = {}; const c = o["constructor"];', /'constructor' is not available/],
    ['__proto__', 'const o = { __proto__: null };', /'__proto__' is not available/],
    ['prototype', 'const f = () => 1; const p = f.prototype;', /'prototype' is not available/],
    ['globalThis', 'const g = globalThis;', /'globalThis' is not available/],
    ['window', 'window.alert(1);', /'window' is not available/],
    ['process', 'process.exit(1);', /'process' is not available/],
    ['eval', 'eval("1");', /'eval' is not available: problem files cannot run code/],
    ['Function', 'Function("return 1")();', /'Function' is not available/],
    ['import("fs")', 'import("fs");', /dynamic import\("fs"\) is not available/],
    ['import fs', 'import fs from "fs";', /cannot import "fs"/],
    ['require', "require('fs');", /'require' is not available/],
    ['new Array(1e9)', 'const a = new Array(1e9);', /'new' is not available/],
    ['"x".repeat(1e9)', 'const s = "x".repeat(1e9);', /text has no property or method 'repeat'/],
    ['range(1e9)', 'import { range } from "hjb-lab"; const a = range(1e9);', /too large/],
    ['doubling array', 'let a = [1]; for (let i = 0; i < 40; i++) a = [...a, ...a];', /limited to|too long/],
    ['doubling string', 'let s = "x"; for (let i = 0; i < 40; i++) s = s + s;', /text longer than|too long/],
    ['huge literal', 'const x = 1e999999;', /./],
    ['this', 'const x = this;', /'this' is not available/],
    ['class', 'class A {}', /classes are not supported/],
    ['throw', 'throw 1;', /exceptions/],
    ['async', 'const f = async () => 1;', /async functions are not supported/],
    ['regexp', 'const r = /a/;', /regular expressions/],
    ['typeof', 'const k = typeof 1;', /'typeof' is not supported/],
    ['push loop', 'const a = []; for (let i = 0; i < 1e7; i++) a.push(i);', /limited to|too long/],
    [
      'expression blow-up',
      'import { problem } from "hjb-lab"; export default problem({ states: { x: [0, 1] }, controls: {}, maximize: () => 0, discount: 1, drift: ({ x }) => { let e = x; for (let i = 0; i < 100000; i++) e = e * e + e; return { x: e }; } });',
      /too large|too long/,
    ],
  ];
  for (const [name, code, pattern] of cases) {
    it(name, () => {
      const r = compileProblem(code, { stepBudget: 1_000_000 });
      expect(r.problem).toBeNull();
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expect(r.diagnostics[0].message).toMatch(pattern);
      expect(r.diagnostics[0].message).not.toMatch(/internal error/);
      expect(r.diagnostics[0].line).toBeGreaterThanOrEqual(1);
    });
  }

  it('oversized source is refused before parsing', () => {
    const r = compileProblem('const a = 1;\n'.repeat(50_000));
    expect(r.diagnostics[0].message).toMatch(/too long/);
  });

  it('deeply nested source is a diagnostic', () => {
    const r = compileProblem(`const a = ${'('.repeat(30_000)}1${')'.repeat(30_000)};`);
    expect(r.problem).toBeNull();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it('huge array literal', () => {
    const r = compileProblem(`const a = [${'1,'.repeat(90_000)}];`);
    expect(r.problem).toBeNull();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});
