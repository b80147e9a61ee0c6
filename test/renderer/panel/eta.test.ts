/** The ETA from a solver's progress fraction, and how the solver panel prints seconds. */
import { describe, expect, it } from 'vitest';
import { progressFraction, type EtaInput } from '../../../src/core/solvers/grid/progress';
import { etaSeconds as etaOf, formatSeconds } from '../../../src/renderer/panel/eta';

const etaSeconds = (p: EtaInput) => etaOf(progressFraction(p), p.elapsed);

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

describe('etaSeconds', () => {
  it('elapsed · (1 − f) / f', () => {
    expect(etaSeconds(infinite({ elapsed: 3, residual: 1e-4 }))).toBeCloseTo(3, 10);
    expect(etaSeconds(finite(1.5, { elapsed: 1 }))).toBe(3);
    expect(etaSeconds(finite(0, { elapsed: 5 }))).toBe(0);
  });

  it('is null while there is too little to go on (f < 2 %, or no time elapsed)', () => {
    expect(etaSeconds(infinite())).toBeNull();
    expect(etaSeconds(finite(2 * 0.99))).toBeNull();
    expect(etaSeconds(finite(2 * 0.98))).not.toBeNull();
    expect(etaSeconds(infinite({ iteration: 3 }))).toBeNull();
    expect(etaSeconds(infinite({ iteration: 4 }))).toBeCloseTo(98, 10);
    expect(etaSeconds(finite(1, { elapsed: 0 }))).toBeNull();
  });

  it('falls monotonically over a sweep that runs at a steady pace', () => {
    // T = 2 swept in 10 s: at elapsed e the sweep is at t = 2 − e/5, the true ETA is 10 − e.
    let last = Infinity;
    for (let e = 1; e <= 10; e++) {
      const eta = etaSeconds(finite(2 - e / 5, { elapsed: e }))!;
      expect(eta).toBeCloseTo(10 - e, 10);
      expect(eta).toBeLessThan(last);
      last = eta;
    }
  });
});

describe('formatSeconds', () => {
  it('milliseconds below a second', () => {
    expect(formatSeconds(0)).toBe('0 ms');
    expect(formatSeconds(0.0424)).toBe('42 ms');
    expect(formatSeconds(0.0426)).toBe('43 ms');
    expect(formatSeconds(0.25)).toBe('250 ms');
    expect(formatSeconds(0.9994)).toBe('999 ms');
  });

  it('seconds with one decimal below 90 s', () => {
    expect(formatSeconds(1)).toBe('1.0 s');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(89.9)).toBe('89.9 s');
  });

  it('minutes and whole seconds from 90 s on', () => {
    expect(formatSeconds(90)).toBe('1 min 30 s');
    expect(formatSeconds(125.4)).toBe('2 min 5 s');
    expect(formatSeconds(125.6)).toBe('2 min 6 s');
    expect(formatSeconds(3600)).toBe('60 min 0 s');
  });

  // Rounding happens before the unit is chosen.
  it('rounding never shows 60 s or 1000 ms', () => {
    expect(formatSeconds(119.6)).toBe('2 min 0 s');
  });
  it('just under a second rounds to a second', () => {
    expect(formatSeconds(0.9996)).toBe('1.0 s');
  });
});
