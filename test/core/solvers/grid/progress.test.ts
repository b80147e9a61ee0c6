/** How far a grid solve has come (the progress bar's fraction). */
import { describe, expect, it } from 'vitest';
import { progressFraction, type EtaInput } from '../../../../src/core/solvers/grid/progress';

const infinite = (patch: Partial<EtaInput> = {}): EtaInput => ({
  elapsed: 2,
  iteration: 0,
  maxIter: 200,
  residual: 1,
  firstResidual: 1,
  tol: 1e-8,
  horizon: null,
  ...patch,
});

const finite = (time: number | undefined, patch: Partial<EtaInput> = {}): EtaInput =>
  infinite({ horizon: 2, time, ...patch });

describe('progressFraction: finite horizon', () => {
  it('is how far the backward sweep has come from T towards 0', () => {
    expect(progressFraction(finite(2))).toBe(0);
    expect(progressFraction(finite(1.5))).toBe(0.25);
    expect(progressFraction(finite(1))).toBe(0.5);
    expect(progressFraction(finite(0))).toBe(1);
  });

  it('ignores iteration count and residual', () => {
    expect(progressFraction(finite(1, { iteration: 190, residual: 1e-9 }))).toBe(0.5);
  });

  it('is clamped to [0, 1] for times outside [0, T]', () => {
    expect(progressFraction(finite(3))).toBe(0);
    expect(progressFraction(finite(-1))).toBe(1);
  });

  it('without a time (or with T = 0) falls back to the infinite-horizon estimate', () => {
    expect(progressFraction(finite(undefined, { iteration: 50 }))).toBe(0.25);
    expect(progressFraction(infinite({ horizon: 0, time: 0, iteration: 50 }))).toBe(0.25);
  });
});

describe('progressFraction: infinite horizon', () => {
  it('the residual on a log scale from its first value (1) to tol (1e-8)', () => {
    expect(progressFraction(infinite({ residual: 1e-4 }))).toBeCloseTo(0.5, 12);
    expect(progressFraction(infinite({ residual: 1e-2 }))).toBeCloseTo(0.25, 12);
    expect(progressFraction(infinite({ residual: 1e-6, firstResidual: 100, tol: 1e-10 }))).toBeCloseTo(
      2 / 3,
      12,
    );
  });

  it('bounded below by iteration / maxIter', () => {
    expect(progressFraction(infinite({ iteration: 150, residual: 1e-2 }))).toBe(0.75);
    expect(progressFraction(infinite({ iteration: 10, residual: 1e-4 }))).toBeCloseTo(0.5, 12);
    expect(progressFraction(infinite({ iteration: 10, maxIter: 0, residual: 1 }))).toBe(0);
  });

  it('reaches 1 at (or below) the tolerance and never exceeds it', () => {
    expect(progressFraction(infinite({ residual: 1e-8 }))).toBeCloseTo(1, 12);
    expect(progressFraction(infinite({ residual: 1e-12 }))).toBe(1);
    expect(progressFraction(infinite({ iteration: 400 }))).toBe(1);
  });

  it('a residual that grew, or a degenerate one, counts for nothing (the iteration count remains)', () => {
    expect(progressFraction(infinite({ residual: 10, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ residual: 0, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ residual: NaN, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ residual: Infinity, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ firstResidual: 0, residual: 1e-9, iteration: 20 }))).toBe(0.1);
    // first residual already below tol: nothing to measure on the log scale
    expect(progressFraction(infinite({ firstResidual: 1e-9, residual: 1e-12, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ firstResidual: 1e-9, residual: 1e-7, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ firstResidual: 1e-8, residual: 1e-9, iteration: 20 }))).toBe(0.1);
    expect(progressFraction(infinite({ tol: 0, residual: 1e-9, iteration: 20 }))).toBe(0.1);
  });

  it('grows monotonically as the residual falls and as iterations pass', () => {
    let last = -1;
    for (let e = 0; e <= 8; e++) {
      const f = progressFraction(infinite({ residual: 10 ** -e, iteration: e }));
      expect(f).toBeGreaterThan(last);
      last = f;
    }
    expect(last).toBe(1);
  });
});
