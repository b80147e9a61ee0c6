/**
 * The controller's one pure piece: settings kept across recompiles, minus per-state and
 * per-control lists that no longer fit the problem.
 */
import { describe, expect, it } from 'vitest';
import type { GridSettings } from '../../../src/core/solvers/grid/settings';
import { fitSettings } from '../../../src/renderer/state/controller';

describe('fitSettings', () => {
  const settings: Partial<GridSettings> = { shape: [61, 41], actions: [21], tol: 1e-6, multilevel: false };

  it('keeps the very same object when everything still fits', () => {
    expect(fitSettings(settings, 2, 1)).toBe(settings);
    const none: Partial<GridSettings> = { method: 'value' };
    expect(fitSettings(none, 3, 2)).toBe(none);
    const empty: Partial<GridSettings> = {};
    expect(fitSettings(empty, 1, 0)).toBe(empty);
  });

  it('drops the shape when a state was added or removed', () => {
    expect(fitSettings(settings, 3, 1)).toEqual({ actions: [21], tol: 1e-6, multilevel: false });
    expect(fitSettings(settings, 1, 1)).toEqual({ actions: [21], tol: 1e-6, multilevel: false });
  });

  it('drops the actions when a control was added or removed', () => {
    expect(fitSettings(settings, 2, 2)).toEqual({ shape: [61, 41], tol: 1e-6, multilevel: false });
    expect(fitSettings(settings, 2, 0)).toEqual({ shape: [61, 41], tol: 1e-6, multilevel: false });
  });

  it('drops both when neither fits, and never modifies its input', () => {
    const before = structuredClone(settings);
    const fitted = fitSettings(settings, 4, 3);
    expect(fitted).toEqual({ tol: 1e-6, multilevel: false });
    expect(fitted).not.toBe(settings);
    expect(settings).toEqual(before);
  });
});
