import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import {
  addPoints,
  matchingBracket,
  parsePointsCsv,
} from '../../../../src/renderer/view/diffusion/source-points';

const ring = readFileSync('resources/examples/eight-gaussians.ts', 'utf8');

function dataOf(source: string) {
  const r = compileProblem(source);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (r.problem?.kind !== 'diffusion') throw new Error('not a diffusion problem');
  return r.problem.data;
}

describe('drawn data in the source', () => {
  it('turns a mixture into the drawn points, then appends to them', () => {
    const one = addPoints(ring, [[1.23456, -0.5]]);
    if (!one.ok) throw new Error(one.message);
    expect(dataOf(one.source)).toEqual({ type: 'points', points: [[1.235, -0.5]] });
    const more = addPoints(
      one.source,
      Array.from({ length: 8 }, (_, k) => [k, -k]),
    );
    if (!more.ok) throw new Error(more.message);
    const data = dataOf(more.source);
    expect(data.type === 'points' && data.points).toEqual([
      [1.235, -0.5],
      ...Array.from({ length: 8 }, (_, k) => [k, -k || 0]),
    ]);
    // Everything outside the data object is untouched.
    expect(more.source.slice(0, ring.indexOf('data:'))).toBe(ring.slice(0, ring.indexOf('data:')));
    expect(more.source.endsWith('  bounds: [-4, 4],\n});\n')).toBe(true);
  });

  it('replaces points on request (a loaded file) and appends to an empty literal', () => {
    const src = `import { diffusion } from 'hjb-lab';\nexport default diffusion({ data: { points: [] /* none ] yet */ }, bounds: [-1, 1] });\n`;
    const a = addPoints(src, [[0.5], [-0.25]]);
    if (!a.ok) throw new Error(a.message);
    expect(dataOf(a.source)).toEqual({ type: 'points', points: [[0.5], [-0.25]] });
    const b = addPoints(a.source, [[0.75]], true);
    if (!b.ok) throw new Error(b.message);
    expect(dataOf(b.source)).toEqual({ type: 'points', points: [[0.75]] });
  });

  it('says why when there is no data object', () => {
    expect(addPoints('const x = 1;', [[0, 0]])).toEqual({
      ok: false,
      message: 'the source has no diffusion({ data: { … } }) to add points to',
    });
  });

  it('matches brackets past strings and comments', () => {
    const t = `{ a: '}', b: "]", c: [1, 2], // }\n d: /* ] */ 3 } tail`;
    expect(t.slice(matchingBracket(t, 0))).toBe(' tail');
  });
});

describe('points from CSV', () => {
  it('reads two columns with a header, any separator, blank and comment lines', () => {
    const r = parsePointsCsv('x,y\n1, 2\n\n# note\n-3.5;4e-1\n5\t6\n7 8\n', 2);
    expect(r).toEqual({
      ok: true,
      points: [
        [1, 2],
        [-3.5, 0.4],
        [5, 6],
        [7, 8],
      ],
    });
  });
  it('refuses a wrong column count or text in the body, naming the line', () => {
    expect(parsePointsCsv('1,2\n3,4,5\n', 2)).toEqual({
      ok: false,
      message: 'line 2: 3 columns, the problem has 2',
    });
    expect(parsePointsCsv('1,2\nabc,4\n', 2)).toEqual({
      ok: false,
      message: "line 2: 'abc,4' is not 2 numbers",
    });
    expect(parsePointsCsv('x,y\n', 2)).toEqual({ ok: false, message: 'the file holds no points' });
  });
});
