import { describe, expect, it } from 'vitest';
import { makeGrid } from '../../../src/core/grid/tensor';
import { readFileSync } from 'node:fs';
import { compileProblem } from '../../../src/core/problem/compile';
import { loadRun, runStatusOf, storeRun } from '../../../src/core/project/run-record';
import { neuralPi } from '../../../src/core/solvers/neural-pi';
import { qLearningSolver } from '../../../src/core/solvers/q-learning';
import type {
  RunStatus,
  SettingValues,
  SolverDefinition,
  SolverResult,
} from '../../../src/core/solvers/solver';

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

describe('a trained run reopens with the status the lab showed', () => {
  const r = compileProblem(readFileSync('resources/examples/lqr-1d.ts', 'utf8'));
  if (!r.problem || r.problem.kind !== 'control') throw new Error('lqr-1d does not compile');
  const problem = r.problem;
  const cases: { solver: SolverDefinition; settings: SettingValues }[] = [
    {
      solver: neuralPi,
      settings: {
        iterations: 1,
        starts: 8,
        paths: 2,
        criticSteps: 5,
        policySteps: 2,
        width: 4,
        collocation: 8,
      },
    },
    {
      solver: qLearningSolver,
      settings: {
        episodes: 1,
        envs: 2,
        updatesPerEpisode: 2,
        batchSize: 8,
        blockEpisodes: 1,
        hidden: [4, 4],
      },
    },
  ];
  for (const { solver, settings } of cases)
    it(`${solver.id}: the record's status, and the solver's own status inside the result`, async () => {
      const result = await solver.solve(problem, { ...solver.settings.defaults(problem), ...settings }, {});
      expect(result.status).toBe('done');
      const stored = storeRun(solver, result, {
        id: 'r1',
        label: '#1',
        status: runStatusOf(result),
        source: 'src',
        settings: {},
        drift: [],
        snapshots: [],
      });
      const loaded = loadRun(solver, stored);
      expect(loaded.status).toBe('finished');
      expect(loaded.result.status).toBe('done');
    });
});
