import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import { BLANK_PROBLEM } from '../../../src/renderer/project/blank';

describe('the blank template of New', () => {
  it('is a complete problem: it compiles without diagnostics, one state, one control', () => {
    const r = compileProblem(BLANK_PROBLEM);
    expect(r.diagnostics).toEqual([]);
    const p = r.problem;
    if (!p || p.kind !== 'control') throw new Error('expected a control problem');
    expect(p.title).toBe('Untitled problem');
    expect(p.states.map((s) => s.name)).toEqual(['x']);
    expect(p.controls.map((c) => c.name)).toEqual(['u']);
    expect(p.parameters.map((q) => q.name)).toEqual(['rho']);
  });
});
