/**
 * Monte-Carlo evaluation of the learned policy (src/core/solvers/q-learning/evaluation.ts):
 * the returns are the discounted left-point sums of the environment's rewards over
 * H = 4/ρ, with the value net's bootstrap after (exact, on a deterministic problem), and
 * the refit brings the value net onto noise-free returns.
 */
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../../src/core/env';
import { fitValue, rolloutReturns } from '../../../../src/core/solvers/q-learning/evaluation';
import { Encoding } from '../../../../src/core/solvers/q-learning/encoding';
import { createNetworks, Evaluator, symexp } from '../../../../src/core/solvers/q-learning/networks';
import { forward } from '../../../../src/core/nn';
import { makeProblem } from '../fixtures';

/** Reward −(1 + x²) on a system that does not move: every return is known in closed form. */
const still = makeProblem({
  states: [{ name: 'x', min: -2, max: 2 }],
  controls: [{ name: 'a', min: -1, max: 1 }],
  drift: () => [0],
  maximize: ([x]) => -(1 + x * x),
  discount: 0.5,
});

function setup(N: number) {
  const env = createEnvironment(still, N);
  const encoding = new Encoding(env.stateBox, env.controlBox, env.horizon);
  const nets = createNetworks('continuous', 1, 1, { hidden: [16, 16], activation: 'tanh' }, 3);
  return { env, encoding, nets, evaluator: new Evaluator(nets, 1, 1) };
}

describe('Monte-Carlo value evaluation', () => {
  it('sums the discounted rewards over 4/ρ and bootstraps with the value net', () => {
    const dt = 0.05;
    const { env, encoding, nets, evaluator } = setup(8);
    // A constant value net, V = S·symexp(v) = −3 everywhere, for the bootstrap.
    const last = nets.value!.params.length - 1;
    nets.value!.params[last] = -Math.log1p(3);
    const data = rolloutReturns(env, encoding, evaluator, dt, 3, 11);
    expect(data.n).toBe(24);
    const steps = Math.ceil(4 / 0.5 / dt);
    const gamma = Math.exp(-0.5 * dt);
    const annuity = (dt * (1 - gamma ** steps)) / (1 - gamma);
    for (let i = 0; i < data.n; i++) {
      const x = 2 * data.z[i];
      expect(data.G[i]).toBeCloseTo(-(1 + x * x) * annuity - 3 * gamma ** steps, 10);
    }
  });

  it('refits the value net to the returns', () => {
    const { nets } = setup(1);
    const n = 200;
    const z = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    // Not even in z: from the zero output layer and zero biases of a fresh net, an even
    // target has an exactly zero gradient (odd hidden units), which the learner never meets.
    const G = z.map((v) => -1 - 4 * (v + 0.3) ** 2);
    fitValue(nets.value!, 2, { z, G, n });
    const v = forward(nets.value!, z, n, new Float64Array(n));
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(2 * symexp(v[i]) - G[i]) / Math.abs(G[i]));
    // Full-batch Adam on noise-free data: the fit is limited by the steps, not by noise.
    expect(worst).toBeLessThan(0.02);
  });
});
