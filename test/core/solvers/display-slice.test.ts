import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../src/core/problem/types';
import { displayCoordinates, displayDrift, sliceDisplay } from '../../../src/core/solvers/display-slice';
import { SolverError } from '../../../src/core/solvers/problem';
import { gridSolver } from '../../../src/core/solvers/grid';
import type { BatchField, SolverDefinition, SolverResult } from '../../../src/core/solvers/solver';

// A 4-state problem with an exact solution that is linear in the state, so every node's
// coordinates can be read back from the sliced fields.
const SOURCE = `import { problem } from 'hjb-lab';
export default problem({
  title: 'four states',
  states: { a: [-1, 1], b: [-2, 2], c: [0, 3], d: [-4, 4] },
  controls: { u: [-1, 1] },
  maximize: ({ a }, { u }) => -(a * a + u * u),
  discount: 1,
  drift: ({ b }, { u }) => ({ a: b, b: u, c: 0, d: 0 }),
  exact: {
    value: ({ a, b, c, d }) => a + 10 * b + 100 * c + 1000 * d,
    policy: ({ a, d }) => ({ u: a - d }),
  },
});`;

function problem(): CompiledProblem {
  const r = compileProblem(SOURCE);
  if (!r.problem || r.problem.kind !== 'control') throw new Error('does not compile');
  return r.problem;
}

/** A "solver" whose value and policy are fixed functions of the state (a network stands in). */
function functionSolver(): SolverDefinition {
  const value: BatchField = (xs, _t, out, n) => {
    for (let p = 0; p < n; p++) out[0][p] = 2 * xs[0][p] - xs[1][p] + 3 * xs[2][p] + 0.5 * xs[3][p];
  };
  const policy: BatchField = (xs, _t, out, n) => {
    for (let p = 0; p < n; p++) out[0][p] = xs[3][p] - xs[2][p];
  };
  return { ...gridSolver, value: () => value, policy: () => policy } as unknown as SolverDefinition;
}

describe('sliceDisplay', () => {
  it('evaluates V, the policy, the exact solution and the drift on the chosen slice', () => {
    const p = problem();
    const at = [0.5, -1, 2, 3];
    const { display, drift } = sliceDisplay(p, functionSolver(), {} as SolverResult, {
      axes: [3, 1],
      at,
      nodes: 5,
    });
    expect(display.slice).toEqual({ axes: [3, 1], at });
    expect(display.grid.shape).toEqual([5, 5]);
    expect([...display.grid.axes[0]]).toEqual([-4, -2, 0, 2, 4]);
    expect([...display.grid.axes[1]]).toEqual([-2, -1, 0, 1, 2]);
    const xs = displayCoordinates(display);
    expect(xs).toHaveLength(4);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) {
        const q = i * 5 + j; // row-major: the first axis (d) varies slowest
        const x = [0.5, display.grid.axes[1][j], 2, display.grid.axes[0][i]];
        expect(xs.map((c) => c[q])).toEqual(x);
        expect(display.value[q]).toBeCloseTo(2 * x[0] - x[1] + 3 * x[2] + 0.5 * x[3], 12);
        expect(display.policy[0][q]).toBeCloseTo(x[3] - x[2], 12);
        expect(display.exact!.value[q]).toBeCloseTo(x[0] + 10 * x[1] + 100 * x[2] + 1000 * x[3], 9);
        expect(display.exact!.policy[0][q]).toBeCloseTo(x[0] - x[3], 12);
        // f = (b, u(x), 0, 0) with u from the sliced policy.
        expect(drift.map((f) => f[q])).toEqual([x[1], x[3] - x[2], 0, 0]);
      }
    expect(displayDrift(p, display)).toEqual(drift);
  });

  it('refuses a slice it cannot draw, saying why', () => {
    const p = problem();
    const s = functionSolver();
    const r = {} as SolverResult;
    const at = [0, 0, 1, 0];
    expect(() => sliceDisplay(p, s, r, { axes: [1, 1], at })).toThrow(SolverError);
    expect(() => sliceDisplay(p, s, r, { axes: [0, 4], at })).toThrow(/two different states among 0…3/);
    expect(() => sliceDisplay(p, s, r, { axes: [0, 1], at: [0, 0] })).toThrow(/each of the 4 states/);
    expect(() => sliceDisplay(p, s, r, { axes: [0, 1], at: [0, 0, 5, 0] })).toThrow(
      /c = 5 is outside the box \[0, 3\]/,
    );
    expect(() => sliceDisplay(p, s, r, { axes: [0, 1], at, nodes: 1 })).toThrow(/2 to 401 nodes/);
    // The axes' own entries of `at` are ignored, even outside the box.
    expect(() => sliceDisplay(p, s, r, { axes: [0, 1], at: [9, 9, 1, 0], nodes: 3 })).not.toThrow();
  });
});
