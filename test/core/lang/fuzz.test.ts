import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileProblem } from '../../../src/core/problem/compile';

const dir = join(__dirname, '../../../resources/examples');
const EXAMPLES = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(dir, f), 'utf8'));

/** Tokens: identifiers, numbers, strings, punctuation, whitespace runs. */
function tokens(src: string): string[] {
  return src.match(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|"[^"]*"|'[^']*'|\s+|[^\s]/g) ?? [];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      'while(true){}',
      'constructor',
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      ',',
      '=>',
      '?',
      ':',
      '...',
      'x',
      '1e308',
      '-',
      '**',
      'if',
      'for',
      'return',
      'new',
      'import("fs")',
      'globalThis',
      '0/0',
      'Infinity',
      'this',
      ';',
      '.map',
      '.reduce',
      'range(1e6)',
    ),
  }),
);

function mutate(
  src: string,
  ms: { kind: string; at: number; len?: number; other?: number; text?: string }[],
): string {
  const t = tokens(src);
  for (const m of ms) {
    if (t.length === 0) break;
    const i = m.at % t.length;
    if (m.kind === 'delete') t.splice(i, m.len ?? 1);
    else if (m.kind === 'duplicate') t.splice(i, 0, ...t.slice(i, i + (m.len ?? 1)));
    else if (m.kind === 'swap') {
      const j = (m.other ?? 0) % t.length;
      [t[i], t[j]] = [t[j], t[i]];
    } else t.splice(i, 0, m.text ?? '');
  }
  return t.join('');
}

function checkOnlyDiagnostics(source: string): void {
  const r = compileProblem(source, { stepBudget: 200_000 });
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    expect(typeof d.message).toBe('string');
    expect(d.message).not.toMatch(/internal error/);
    expect(Number.isInteger(d.line) && d.line >= 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
  }
  if (r.problem === null) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
}

describe('fuzz: random and mutated sources give diagnostics only', () => {
  it('1,600 mutated examples', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: EXAMPLES.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (k, ms) => {
          checkOnlyDiagnostics(mutate(EXAMPLES[k], ms));
        },
      ),
      { numRuns: 1600, seed: 2024 },
    );
  }, 300_000);

  it('400 random strings and token soups', () => {
    const soup = fc
      .array(fc.constantFrom(...new Set(EXAMPLES.flatMap(tokens))), { maxLength: 80 })
      .map((ts) => ts.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), soup), (src) => {
        checkOnlyDiagnostics(src);
      }),
      { numRuns: 400, seed: 99 },
    );
  }, 300_000);
});
