import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMlp } from '../../../../src/core/nn';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { evaluateModel, relativeResidual } from '../../../../src/core/solvers/neural-pi/evaluate';
import {
  actorControls,
  criticDerivatives,
  scaleInputs,
  type NeuralPiModel,
} from '../../../../src/core/solvers/neural-pi/model';

function lqr(): CompiledProblem {
  const r = compileProblem(readFileSync('resources/examples/lqr-1d.ts', 'utf8'));
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

/** Seeded networks on the LQR's box [−3, 3] and control box [−10, 10]; a 'linear' head. */
function model(): NeuralPiModel {
  const net = (seed: number) => createMlp({ inputs: 1, outputs: 1, hidden: [6], activation: 'tanh' }, seed);
  return {
    actor: net(3),
    critic: net(4),
    head: { mode: 'linear', shift: -1.2, scale: 0.8, sign: 1, tilt: [0] },
    centre: Float64Array.of(0),
    half: Float64Array.of(3),
    controlLo: Float64Array.of(-10),
    controlHi: Float64Array.of(10),
  };
}

describe('the policy-HJB residual and its yardstick', () => {
  // The example: f = αx + βa, σ constant, r = −½(qx² + r_a a²), ρ; V, V′, V″ of the critic
  // and a of the actor at each state are read independently of evaluate.ts.
  const [alpha, beta, q, ra, sigma, rho] = [-0.5, 1, 1, 0.1, 0.3, 0.1];

  it('is ρV − (r + V′f + ½σ²V″) over the size of those four terms, all computed by hand', () => {
    const problem = lqr();
    const m = model();
    const n = 7;
    const xs = [Float64Array.from({ length: n }, (_, i) => -2.7 + 0.9 * i)];
    const ev = evaluateModel(problem, m, xs, n);

    const Xn = new Float64Array(n);
    scaleInputs(m, xs, n, Xn);
    const V = new Float64Array(n);
    const G = new Float64Array(n);
    const H = new Float64Array(n);
    criticDerivatives(m, Xn, n, V, G, H);
    const a = [new Float64Array(n)];
    actorControls(m, Xn, n, a, new Float64Array(n));
    let num = 0;
    let den = 0;
    for (let p = 0; p < n; p++) {
      const x = xs[0][p];
      const r = -0.5 * (q * x * x + ra * a[0][p] ** 2);
      const drift = G[p] * (alpha * x + beta * a[0][p]);
      const diffusion = 0.5 * sigma * sigma * H[p];
      const residual = rho * V[p] - (r + drift + diffusion);
      const size = Math.hypot(r, rho * V[p], drift, diffusion);
      expect(ev.residual[p]).toBeCloseTo(residual, 10);
      expect(ev.terms[p]).toBeCloseTo(size, 10);
      num += residual ** 2;
      den += size ** 2;
    }
    expect(relativeResidual(ev, n)).toBeCloseTo(Math.sqrt(num / den), 12);
    // A mismatch can be no larger than the four terms' sum: at most 2 by Cauchy–Schwarz.
    expect(relativeResidual(ev, n)).toBeLessThanOrEqual(2);
  });
});
