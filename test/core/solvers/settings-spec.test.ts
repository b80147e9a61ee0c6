/** The one settings validator: every message follows from the description, for every kind. */
import { describe, expect, it } from 'vitest';
import {
  describeRange,
  parseSetting,
  resolveSettings,
  validateSettings,
} from '../../../src/core/solvers/settings-spec';
import type { SettingSpec } from '../../../src/core/solvers/solver';
import { gridSolver } from '../../../src/core/solvers/grid/index';
import { readFileSync } from 'node:fs';
import { compileProblem } from '../../../src/core/problem/compile';

const specs: SettingSpec[] = [
  { name: 'shape', label: 'nodes', kind: 'integer-list', min: 3, max: 100, entries: ['x', 'v'], help: '' },
  { name: 'tol', label: 'tol', kind: 'number', min: 1e-14, max: 0.5, help: '' },
  { name: 'maxIter', label: 'max', kind: 'integer', min: 1, max: 1_000_000, help: '' },
  { name: 'refine', label: 'refine', kind: 'boolean', help: '' },
  { name: 'method', label: 'method', kind: 'choice', choices: ['howard', 'value'], help: '' },
];

describe('validateSettings', () => {
  it('accepts values inside the description and returns copies of lists', () => {
    const shape = [3, 100];
    const out = validateSettings(
      specs,
      { shape, tol: 0.5, maxIter: 1, refine: false, method: 'value' },
      'grid solver',
    );
    expect(out).toEqual({ shape: [3, 100], tol: 0.5, maxIter: 1, refine: false, method: 'value' });
    expect(out['shape']).not.toBe(shape);
  });

  it('refuses every out-of-range or ill-typed value, all in one message', () => {
    const bad = () =>
      validateSettings(
        specs,
        { shape: [2, 101], tol: -5, maxIter: 1.5, refine: 'yes', method: 'newton', extra: 1 },
        'grid solver',
      );
    expect(bad).toThrow(
      'invalid grid solver settings: shape for x must be an integer in [3, 100] (got 2); ' +
        'tol must be a number in [1e-14, 0.5] (got -5); maxIter must be an integer in [1, 1e6] (got 1.5); ' +
        "refine must be on or off (got 'yes'); method must be one of howard, value (got 'newton'); " +
        "unknown setting 'extra' (settings: shape, tol, maxIter, refine, method)",
    );
    expect(() => validateSettings(specs, { tol: NaN }, 's')).toThrow(/tol must be a number/);
    expect(() => validateSettings(specs, { shape: [3] }, 's')).toThrow(
      /shape needs 2 sizes \(one per x, v\), got 1/,
    );
  });

  it('drops unknown keys when asked (a project from a build with other settings)', () => {
    expect(validateSettings(specs, { tol: 1e-6, gone: 3 }, 's', 'drop')).toEqual({ tol: 1e-6 });
  });
});

describe('parseSetting: text as the command line types it', () => {
  it('lists as 201x201, 201,201 or one size for every entry; booleans as on/off', () => {
    expect(parseSetting(specs[0], '21x31')).toEqual([21, 31]);
    expect(parseSetting(specs[0], '21,31')).toEqual([21, 31]);
    expect(parseSetting(specs[0], '21')).toEqual([21, 21]);
    expect(parseSetting(specs[3], 'on')).toBe(true);
    expect(parseSetting(specs[3], 'false')).toBe(false);
    expect(parseSetting(specs[1], '1e-6')).toBe(1e-6);
    expect(parseSetting(specs[4], 'howard')).toBe('howard');
  });

  it('refuses what the description refuses', () => {
    expect(() => parseSetting(specs[0], 'abc')).toThrow(
      "shape must be 2 integers (x, v) in [3, 100], not 'abc'",
    );
    expect(() => parseSetting(specs[1], '')).toThrow(/tol must be a number in \[1e-14, 0\.5\], not ''/);
    expect(() => parseSetting(specs[3], 'maybe')).toThrow("refine must be on or off, not 'maybe'");
    expect(() => parseSetting(specs[2], '0')).toThrow('maxIter must be an integer in [1, 1e6] (got 0)');
  });

  it('describes ranges for help lines', () => {
    expect(describeRange(specs[1])).toBe('a number in [1e-14, 0.5]');
    expect(describeRange(specs[4])).toBe('one of howard, value');
  });
});

describe('resolveSettings with the grid solver', () => {
  it("fills in the solver's defaults and checks what was given", () => {
    const problem = compileProblem(readFileSync('resources/examples/lqr-1d.ts', 'utf8')).problem!;
    const s = resolveSettings(gridSolver, problem, { tol: 1e-6 });
    expect(s['tol']).toBe(1e-6);
    expect(s['shape']).toEqual([401]);
    expect(() => resolveSettings(gridSolver, problem, { tol: -5 })).toThrow(
      'invalid grid solver settings: tol must be a number in [1e-14, 0.5] (got -5)',
    );
    expect(() => resolveSettings(gridSolver, problem, { shape: [101, 101] })).toThrow(
      /shape needs 1 sizes \(one per x\), got 2/,
    );
  });
});
