import { describe, expect, it } from 'vitest';
import type { GridSolution } from '../../../src/core/solvers/grid/types';
import { csvField, solutionToCsv } from '../../../src/renderer/export/csv';
import { decode, encode, solutionFromJson, solutionToJson } from '../../../src/renderer/export/json';

/** Values that stress exact round trips: non-terminating binary fractions, extremes, signed zero. */
const tricky = [
  0.1,
  1 / 3,
  -2.5e-300,
  1.7976931348623157e308,
  5e-324,
  Math.PI,
  -0,
  123456789.12345679,
  -1e21,
];

function solution(finite = false): GridSolution {
  const xs = Float64Array.from([-1, -0.3, 0.1 + 0.2, 1]);
  const ys = Float64Array.from([0, 1 / 3, 2 / 3]);
  const n = 12;
  const value = Float64Array.from({ length: n }, (_, p) => tricky[p % tricky.length] * (p + 1));
  value[5] = NaN;
  const u = Float64Array.from({ length: n }, (_, p) => Math.sin(p) / 7);
  const w = Float64Array.from({ length: n }, (_, p) => -p / 9);
  const residual = Float64Array.from({ length: n }, (_, p) => (p === 3 ? Infinity : 1e-9 * p));
  const base: GridSolution = {
    solver: 'grid',
    method: 'howard',
    grid: {
      shape: [4, 3],
      axes: [xs, ys],
      bounds: [
        [-1, 1],
        [0, 1],
      ],
      periodic: [false, true],
    },
    value,
    policy: [u, w],
    residual,
    residualMax: Infinity,
    residualL2: 0.25,
    history: {
      iteration: [1, 2],
      residualMax: [1, 0.1],
      residualL2: [0.5, 0.05],
      policyChanges: [12, 0],
      seconds: [0.01, 0.02],
    },
    exactError: { value: { max: 1e-3, relMax: 2e-4 } },
    iterations: 2,
    seconds: 0.02,
    status: 'converged',
    warnings: ['a "quoted", comma'],
  };
  if (!finite) return base;
  const times = Float64Array.from([0, 0.5, 1]);
  const values = Float64Array.from({ length: 3 * n }, (_, k) => k / 7);
  const policies = [
    Float64Array.from({ length: 3 * n }, (_, k) => -k / 3),
    Float64Array.from({ length: 3 * n }, (_, k) => k * 0.1),
  ];
  return { ...base, times, values, policies };
}

/** Minimal RFC 4180 reader for the test (quoted fields may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split('\n')) {
    const fields: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let s = '';
        i++;
        while (i < line.length) {
          if (line[i] === '"' && line[i + 1] === '"') {
            s += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else s += line[i++];
        }
        fields.push(s);
        i++;
      } else {
        const j = line.indexOf(',', i);
        const end = j < 0 ? line.length : j;
        fields.push(line.slice(i, end));
        i = end + 1;
      }
    }
    rows.push(fields);
  }
  return rows;
}

describe('CSV export', () => {
  it('has named columns and one row per grid point, with numbers that parse back exactly', () => {
    const sol = solution();
    const rows = parseCsv(solutionToCsv(sol, ['x', 'θ, angle'], ['u', 'w']));
    expect(rows[0]).toEqual(['x', 'θ, angle', 'value', 'u', 'w', 'residual']);
    expect(rows.length).toBe(1 + 12);
    for (let p = 0; p < 12; p++) {
      const r = rows[p + 1].map(Number);
      // Row-major, the first state slowest.
      expect(r[0]).toBe(sol.grid.axes[0][Math.floor(p / 3)]);
      expect(r[1]).toBe(sol.grid.axes[1][p % 3]);
      expect(Object.is(r[2], sol.value[p])).toBe(true);
      expect(r[3]).toBe(sol.policy[0][p]);
      expect(r[4]).toBe(sol.policy[1][p]);
      expect(r[5]).toBe(sol.residual[p]);
    }
    expect(rows[1 + 5][2]).toBe('NaN');
    expect(rows[1 + 3][5]).toBe('Infinity');
    expect(rows[1 + 6][2]).toBe('-0');
  });

  it('finite horizon: a t column and a row per (time, point)', () => {
    const sol = solution(true);
    const rows = parseCsv(solutionToCsv(sol, ['x', 'y'], ['u', 'w']));
    expect(rows[0]).toEqual(['t', 'x', 'y', 'value', 'u', 'w']);
    expect(rows.length).toBe(1 + 3 * 12);
    for (let i = 0; i < 3; i++)
      for (let p = 0; p < 12; p++) {
        const r = rows[1 + i * 12 + p].map(Number);
        expect(r[0]).toBe(sol.times![i]);
        expect(r[3]).toBe(sol.values![i * 12 + p]);
        expect(r[4]).toBe(sol.policies![0][i * 12 + p]);
        expect(r[5]).toBe(sol.policies![1][i * 12 + p]);
      }
  });

  it('rejects mismatched names and quotes awkward ones', () => {
    expect(() => solutionToCsv(solution(), ['x'], ['u', 'w'])).toThrow(/2 state names/);
    expect(() => solutionToCsv(solution(), ['x', 'y'], ['u'])).toThrow(/2 control names/);
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes a 201 × 201 grid, one row per node (its speed is not a test: tests never time the machine)', () => {
    const n = 201;
    const axis = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const big = {
      grid: {
        shape: [n, n],
        axes: [axis, axis],
        bounds: [[-1, 1] as [number, number], [-1, 1] as [number, number]],
        periodic: [false, false],
      },
      value: Float64Array.from({ length: n * n }, (_, p) => Math.sqrt(p)),
      policy: [Float64Array.from({ length: n * n }, (_, p) => Math.cos(p))],
      residual: new Float64Array(n * n),
    };
    const text = solutionToCsv(big, ['x', 'v'], ['u']);
    expect(text.split('\n').length).toBe(n * n + 2);
  });
});

describe('JSON export', () => {
  it('round-trips a solution exactly, typed arrays included', () => {
    const sol = solution(true);
    const text = solutionToJson(sol, { problem: 'pendulum', states: ['x', 'y'] });
    const { result, meta } = solutionFromJson<GridSolution>(text);
    expect(meta).toEqual({ problem: 'pendulum', states: ['x', 'y'] });
    expect(result.value).toBeInstanceOf(Float64Array);
    expect(result.grid.axes[1]).toBeInstanceOf(Float64Array);
    expect(result.policies![1]).toBeInstanceOf(Float64Array);
    // Object.is: NaN equals NaN, and −0 differs from 0.
    for (let p = 0; p < sol.value.length; p++) expect(Object.is(result.value[p], sol.value[p])).toBe(true);
    expect(result).toEqual(sol);
    expect(result.residualMax).toBe(Infinity);
    expect(Object.is(result.value[6], -0)).toBe(true);
  });

  it('is plain, readable JSON', () => {
    const json = JSON.parse(solutionToJson({ v: Float64Array.from([1.5, NaN]), n: -Infinity, k: 3 }));
    expect(json).toEqual({
      format: 'hjb-lab/result@1',
      result: { v: { float64: [1.5, 'NaN'] }, n: { number: '-Infinity' }, k: 3 },
    });
  });

  it('encode/decode preserve every double bit for bit', () => {
    const buf = new Float64Array(2000);
    const bits = new Uint32Array(buf.buffer);
    // Random bit patterns cover subnormals, huge exponents and NaNs (NaN payloads aside).
    let s = 12345;
    for (let i = 0; i < bits.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      bits[i] = s;
    }
    const back = decode(JSON.parse(JSON.stringify(encode(buf)))) as Float64Array;
    for (let i = 0; i < buf.length; i++)
      expect(Object.is(back[i], buf[i]) || (Number.isNaN(buf[i]) && Number.isNaN(back[i]))).toBe(true);
    const ints = decode(
      JSON.parse(JSON.stringify(encode({ a: Int32Array.from([-5, 7]), b: Uint8Array.from([255]) }))),
    ) as {
      a: Int32Array;
      b: Uint8Array;
    };
    expect(ints.a).toEqual(Int32Array.from([-5, 7]));
    expect(ints.b).toEqual(Uint8Array.from([255]));
    expect(() => solutionFromJson('{"format":"other"}')).toThrow(/not an HJB Lab result/);
  });
});
