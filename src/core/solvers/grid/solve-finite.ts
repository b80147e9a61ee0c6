/** The grid solver on a finite horizon: backward stepping (finite-horizon.ts) and the solution it gives. */
import type { SolverProblem } from '../problem';
import { createDiscretization } from './discretization';
import { ExactComparison } from './exact';
import { finiteHorizon } from './finite-horizon';
import type { LinearMethod } from './linear';
import type { Recorder } from './recorder';
import type { GridSettings } from './settings';
import type { ExactError, GridSolution } from './types';
import { userValue } from './user-sense';
import { collectWarnings } from './warnings';

export function solveFinite(
  problem: SolverProblem,
  settings: GridSettings,
  linear: LinearMethod,
  recorder: Recorder,
  warnings: string[],
): GridSolution {
  const sense = problem.sense;
  const history = recorder.history;
  const disc = createDiscretization(problem, settings, settings.shape);
  const exact = new ExactComparison(disc);
  const r = finiteHorizon(disc, settings, linear, recorder.reporter(disc, 0, exact));
  const N = disc.n;
  const values = userValue(r.values, sense);
  const value = values.slice(0, N);
  const policy = r.policies.map((a) => a.slice(0, N));
  let exactError: ExactError | undefined;
  if (exact.available) {
    for (let i = 0; i < r.times.length; i++) {
      const e = exact.compare(values, r.policies, r.times[i], i * N);
      if (!e) continue;
      if (!exactError) exactError = e;
      else {
        exactError.value.max = Math.max(exactError.value.max, e.value.max);
        exactError.value.relMax = Math.max(exactError.value.relMax, e.value.relMax);
        if (exactError.policy && e.policy)
          exactError.policy.max = Math.max(exactError.policy.max, e.policy.max);
      }
    }
  }
  collectWarnings(disc, warnings);
  return {
    solver: 'grid',
    method: settings.stepping,
    grid: disc.grid,
    value,
    policy,
    residual: userValue(r.residual, sense),
    residualMax: r.residualMax,
    residualL2: r.residualL2,
    history,
    ...(exactError ? { exactError } : {}),
    iterations: r.steps,
    seconds: recorder.elapsed(),
    status: r.cancelled ? 'cancelled' : 'done',
    warnings,
    times: r.times,
    values,
    policies: r.policies,
  };
}
