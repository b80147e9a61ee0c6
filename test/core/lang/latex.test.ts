import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import { latexNumber } from '../../../src/core/lang/latex';

function driftLatex(drift: string): string {
  const r = compileProblem(`import { problem } from "hjb-lab";
const b = -0.0001;
export default problem({ states: { x: [-1, 1] }, controls: { u: [-1, 1] }, minimize: ({ x }) => x * x, discount: 1,
  drift: ({ x }, { u }) => ({ x: ${drift} }) });`);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem.latex['drift'];
}

describe('LaTeX printer', () => {
  it('never prints a double minus: subtracting a negative term reads as an addition', () => {
    for (const d of ['u + b * x', 'u - b * x', 'x - (-3) * x', 'u - (-2)', 'u - -x', 'u - 2 * x * u']) {
      const tex = driftLatex(d);
      expect(tex, d).not.toMatch(/-\s*-/);
      expect(tex, d).not.toMatch(/\+\s*-/);
    }
    expect(driftLatex('u - b * x')).toMatch(/u \+ 0\.0001 \\, x/);
  });

  it('prints numbers plainly, with scientific notation only for extreme magnitudes', () => {
    expect(latexNumber(0.5)).toBe('0.5');
    expect(latexNumber(-3)).toBe('-3');
    expect(latexNumber(1e-12)).toMatch(/10\^\{-12\}/);
  });
});
