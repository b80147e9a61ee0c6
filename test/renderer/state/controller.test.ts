/**
 * The compile session's pure piece: settings kept across recompiles, minus per-state and
 * per-control lists that no longer fit the problem (their length comes from the solver's
 * setting descriptions).
 */
import { describe, expect, it } from 'vitest';
import type { SettingSpec, SettingValues } from '../../../src/core/solvers/solver';
import { fitSettings } from '../../../src/renderer/state/controller';

const specs = (d: number, m: number): SettingSpec[] => [
  {
    name: 'shape',
    label: 'nodes',
    kind: 'integer-list',
    help: '',
    entries: Array.from({ length: d }, (_, i) => `x${i}`),
  },
  {
    name: 'actions',
    label: 'actions',
    kind: 'integer-list',
    help: '',
    entries: Array.from({ length: m }, (_, j) => `u${j}`),
  },
  { name: 'tol', label: 'tol', kind: 'number', help: '' },
];

describe('fitSettings', () => {
  const settings: SettingValues = { shape: [61, 41], actions: [21], tol: 1e-6, multilevel: false };

  it('keeps the very same object when everything still fits', () => {
    expect(fitSettings(settings, specs(2, 1))).toBe(settings);
    const none: SettingValues = { method: 'value' };
    expect(fitSettings(none, specs(3, 2))).toBe(none);
    const empty: SettingValues = {};
    expect(fitSettings(empty, specs(1, 0))).toBe(empty);
  });

  it('drops the shape when a state was added or removed', () => {
    expect(fitSettings(settings, specs(3, 1))).toEqual({ actions: [21], tol: 1e-6, multilevel: false });
    expect(fitSettings(settings, specs(1, 1))).toEqual({ actions: [21], tol: 1e-6, multilevel: false });
  });

  it('drops the actions when a control was added or removed', () => {
    expect(fitSettings(settings, specs(2, 2))).toEqual({ shape: [61, 41], tol: 1e-6, multilevel: false });
    expect(fitSettings(settings, specs(2, 0))).toEqual({ shape: [61, 41], tol: 1e-6, multilevel: false });
  });

  it('drops both when neither fits, and never modifies its input', () => {
    const before = structuredClone(settings);
    const fitted = fitSettings(settings, specs(4, 3));
    expect(fitted).toEqual({ tol: 1e-6, multilevel: false });
    expect(fitted).not.toBe(settings);
    expect(settings).toEqual(before);
  });
});
