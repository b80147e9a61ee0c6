/**
 * Finite-horizon scalar LQ (docs/numerics.md §12.4): cost x² + u², dx = u dt + σ dW, horizon T, no
 * terminal cost: V(t, x) = tanh(T − t) x² + σ² ln cosh(T − t), u* = −tanh(T − t) x.
 * The scheme is first order in h (upwinding ½h|u||V_xx| ≤ ½h·1.6·2 per unit time on the
 * middle box) and in Δt (backward Euler), so over T = 1 the error is at most
 * 1.6h + C Δt with C = max|∂²_t V| / 2 ≤ 1.5: we allow twice the sum.
 */
import { describe, expect, it } from 'vitest';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import { makeProblem } from '../fixtures';

const sigma = 0.5;
const T = 1;
const problem = makeProblem({
  states: [{ name: 'x', min: -2, max: 2 }],
  controls: [{ name: 'u', min: -4, max: 4 }],
  drift: (_x, a) => [a[0]],
  noise: () => [sigma],
  minimize: (x, a) => x[0] ** 2 + a[0] ** 2,
  horizon: T,
  exact: (x, t) => [
    Math.tanh(T - t) * x[0] ** 2 + sigma ** 2 * Math.log(Math.cosh(T - t)),
    -Math.tanh(T - t) * x[0],
  ],
});

describe('grid HJB: finite horizon', () => {
  for (const stepping of ['implicit', 'explicit'] as const) {
    it(`${stepping} backward stepping matches the Riccati ODE at every stored time`, () => {
      const n = 101;
      const steps = 100;
      const sol = solveGrid(problem, { shape: [n], actions: [41], timeSteps: steps, times: 11, stepping });
      expect(sol.status).toBe('done');
      expect(sol.times!.length).toBe(11);
      expect(sol.values!.length).toBe(11 * n);
      const h = 4 / (n - 1);
      const bound = 2 * (1.6 * h + 1.5 * (T / steps));
      expect(sol.exactError!.value.max).toBeLessThan(bound);
      // V(T) = 0 (no terminal cost) and V(0, 0) = σ² ln cosh T.
      expect(Math.abs(sol.values![10 * n + 50])).toBe(0);
      expect(Math.abs(sol.value[50] - sigma ** 2 * Math.log(Math.cosh(T)))).toBeLessThan(bound);
      // the stored policy at t = 0 is −tanh(T) x
      expect(Math.abs(sol.policy[0][75] - -Math.tanh(T) * 1)).toBeLessThan(0.05);
    });
  }
});
