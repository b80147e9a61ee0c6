/**
 * The settings form's typed text (drafts): read through the one validator, refused values
 * kept with its message, list entries addressed one by one, drafts dropped with a misfit list.
 */
import { describe, expect, it } from 'vitest';
import { checkSetting } from '../../../src/core/solvers/settings-spec';
import type { SettingSpec } from '../../../src/core/solvers/solver';
import {
  draftErrors,
  editField,
  fitDrafts,
  readField,
  settingsProblem,
} from '../../../src/renderer/state/setting-drafts';

const tol: SettingSpec = { name: 'tol', label: 'tolerance', kind: 'number', min: 1e-14, max: 1, help: '' };
const iters: SettingSpec = {
  name: 'maxIter',
  label: 'iterations',
  kind: 'integer',
  min: 1,
  max: 1000,
  help: '',
};
const shape: SettingSpec = {
  name: 'shape',
  label: 'grid nodes per state',
  kind: 'integer-list',
  min: 3,
  max: 20001,
  entries: ['theta', 'omega'],
  help: '',
};
const specs = [tol, iters, shape];
const defaults = { tol: 1e-6, maxIter: 200, shape: [101, 101] };

describe('setting drafts', () => {
  it('reads a box through the validator: the same refusal as checkSetting, and an empty box is refused', () => {
    expect(readField(tol, '1e-8')).toEqual({ ok: true, value: 1e-8 });
    expect(readField(tol, '-5')).toEqual({ ok: false, error: checkSetting(tol, -5) });
    const empty = readField(tol, '');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error).toBe("tol must be a number in [1e-14, 1], not ''");
    const frac = readField(iters, '2.5');
    expect(frac.ok).toBe(false);
    if (!frac.ok) expect(frac.error).toMatch(/maxIter must be an integer in \[1, 1000\]/);
    const entry = readField(shape, '2', 1);
    expect(entry).toEqual({ ok: false, error: 'shape for omega must be an integer in [3, 20001] (got 2)' });
  });

  it('keeps what was typed; stores the value only when it reads', () => {
    let state = { values: {}, drafts: {} };
    state = editField(iters, '', undefined, state.values, defaults, state.drafts);
    expect(state).toEqual({ values: {}, drafts: { maxIter: '' } });
    state = editField(iters, '8', undefined, state.values, defaults, state.drafts);
    state = editField(iters, '81', undefined, state.values, defaults, state.drafts);
    expect(state).toEqual({ values: { maxIter: 81 }, drafts: { maxIter: '81' } });
    // A list entry replaces its entry in the current list (defaults when untouched).
    state = editField(shape, '41', 1, state.values, defaults, state.drafts);
    expect(state.values).toEqual({ maxIter: 81, shape: [101, 41] });
    // A refused entry leaves the stored list as it was.
    state = editField(shape, '2', 0, state.values, defaults, state.drafts);
    expect(state.values).toEqual({ maxIter: 81, shape: [101, 41] });
    expect(draftErrors(specs, state.drafts)).toEqual({
      'shape.0': 'shape for theta must be an integer in [3, 20001] (got 2)',
    });
  });

  it('settingsProblem: the first refused box, else the stored values through validateSettings, else null', () => {
    expect(settingsProblem(specs, { tol: 1e-8 }, { tol: '1e-8' })).toBeNull();
    expect(settingsProblem(specs, {}, { tol: '-5' })).toBe(checkSetting(tol, -5));
    expect(settingsProblem(specs, { tol: -5 }, {})).toBe(`invalid solver settings: ${checkSetting(tol, -5)}`);
    // A hidden (irrelevant) setting's draft does not block.
    expect(settingsProblem([{ ...tol, relevant: false }], {}, { tol: '' })).toBeNull();
  });

  it('fitDrafts drops the drafts of a list whose length no longer matches, and of settings that are gone', () => {
    const drafts = { 'shape.0': '41', tol: '1e-7', gone: '3' };
    const three = { ...shape, entries: ['x', 'y', 'z'] };
    expect(fitDrafts(drafts, [tol, three], { shape: [41, 101] })).toEqual({ tol: '1e-7' });
    expect(fitDrafts(drafts, [tol, shape], { shape: [41, 101] })).toEqual({ 'shape.0': '41', tol: '1e-7' });
  });
});
