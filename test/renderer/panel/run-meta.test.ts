/** The runs list's line about a finished run: the relative error as the CLI prints it. */
import { describe, expect, it } from 'vitest';
import type { SolverResult } from '../../../src/core/solvers/solver';
import { formatPercent, runMeta } from '../../../src/renderer/panel/run-meta';

function result(summary: SolverResult['summary']): SolverResult {
  return {
    display: { grid: { shape: [201, 201] } },
    summary,
  } as unknown as SolverResult;
}

describe('run meta', () => {
  it('formats fractions as percentages with two significant digits', () => {
    expect(formatPercent(0.0025)).toBe('0.25 %');
    expect(formatPercent(0.5)).toBe('50 %');
    expect(formatPercent(0.123456)).toBe('12 %');
    expect(formatPercent(3.14159e-5)).toBe('0.0031 %');
  });

  it('shows the relative error, with the absolute one on hover', () => {
    const m = runMeta(result({ valueError: 440, valueErrorRelative: 0.0025 }));
    expect(m.text).toBe('201×201 · err 0.25 %');
    expect(m.title).toMatch(/max \|V − V\*\| = 4\.40e\+2/);
  });

  it('falls back to the absolute error, named as such, and to the grid alone', () => {
    expect(runMeta(result({ valueError: 440 })).text).toBe('201×201 · max |V − V*| 4.4e+2');
    expect(runMeta(result({})).text).toBe('201×201');
  });
});
