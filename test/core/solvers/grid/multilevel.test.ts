import { describe, expect, it } from 'vitest';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import { doubleIntegratorLqr } from '../fixtures';

describe('coarse-to-fine start', () => {
  it('a discounted problem without a target is solved on the coarser grids first', () => {
    const problem = doubleIntegratorLqr();
    const fine = solveGrid(problem, { shape: [81, 81], actions: [21], multilevel: true });
    // Iterations on coarser levels appear in the history before the final grid's.
    expect(fine.history.iteration.length).toBeGreaterThan(fine.iterations);
    const single = solveGrid(problem, { shape: [81, 81], actions: [21], multilevel: false });
    expect(single.history.iteration.length).toBe(single.iterations);
    // The warm start saves iterations on the final grid and reaches the same solution.
    expect(fine.iterations).toBeLessThan(single.iterations);
    let diff = 0;
    for (let k = 0; k < fine.value.length; k++)
      diff = Math.max(diff, Math.abs(fine.value[k] - single.value[k]));
    expect(diff).toBeLessThan(1e-5 * Math.max(1, ...Array.from(single.value, Math.abs)));
    // A discounted problem needs no target: nothing to warn about.
    expect(fine.warnings).toEqual([]);
  });
});
