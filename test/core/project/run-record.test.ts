import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../../src/core/grid/tensor';
import { runStatusOf } from '../../../src/core/project/run-record';
import type { RunStatus, SolverResult } from '../../../src/core/solvers/solver';

function result(status: RunStatus, iterations: number, summary: SolverResult['summary'] = {}): SolverResult {
  const grid = makeGrid([{ min: 0, max: 1, n: 2, spacing: 'uniform', periodic: false }]);
  return {
    solver: 'x',
    status,
    warnings: [],
    seconds: 1,
    iterations,
    history: { iteration: [], seconds: [], metrics: {} },
    display: { grid, value: new Float64Array(2), policy: [] },
    summary,
  };
}

describe('runStatusOf', () => {
  it('says what happened: converged, finished its budget, or why it failed', () => {
    expect(runStatusOf(result('converged', 4))).toBe('converged');
    expect(runStatusOf(result('done', 12))).toBe('finished');
    expect(runStatusOf(result('diverged', 3))).toBe('failed: diverged after 3 iterations');
    expect(runStatusOf(result('max-iterations', 200, { residualMax: 6123.4 }))).toBe(
      'failed: not converged after 200 iterations (residual 6.12e+3)',
    );
    expect(runStatusOf(result('max-iterations', 1))).toBe('failed: not converged after 1 iteration');
  });
});
