/**
 * Monte-Carlo evaluation of the learned policy (src/core/solvers/q-learning/evaluation.ts):
 * the returns are the discounted left-point sums of the environment's rewards over
 * H = 4/ρ, with the value net's bootstrap after (exact, on a deterministic problem), and
 * the refit solves the value net's output layer by least squares against the returns.
 */
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../../src/core/env';
import { runToEnd } from '../../../../src/core/solvers/q-learning/chunks';
import { fitValue, rolloutReturns } from '../../../../src/core/solvers/q-learning/evaluation';
import { Encoding } from '../../../../src/core/solvers/q-learning/encoding';
import { createNetworks, Evaluator, symexp } from '../../../../src/core/solvers/q-learning/networks';
import { Tape } from '../../../../src/core/nn';
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
  const nets = createNetworks('continuous', 'quadratic', 1, 1, { hidden: [16, 16], activation: 'tanh' }, 3);
  return { env, encoding, nets, evaluator: new Evaluator(nets, 1, 1) };
}

describe('Monte-Carlo value evaluation', () => {
  it('sums the discounted rewards over 4/ρ and bootstraps with the value net', () => {
    const dt = 0.05;
    const { env, encoding, nets, evaluator } = setup(8);
    // A constant value net, V = S·symexp(v) = −3 everywhere, for the bootstrap.
    const last = nets.value!.params.length - 1;
    nets.value!.params[last] = -Math.log1p(3);
    const data = runToEnd(rolloutReturns(env, encoding, evaluator, evaluator, dt, 3, 11));
    expect(data.n).toBe(24);
    const steps = Math.ceil(4 / 0.5 / dt);
    const gamma = Math.exp(-0.5 * dt);
    const annuity = (dt * (1 - gamma ** steps)) / (1 - gamma);
    for (let i = 0; i < data.n; i++) {
      const x = 2 * data.z[i];
      expect(data.G[i]).toBeCloseTo(-(1 + x * x) * annuity - 3 * gamma ** steps, 10);
    }
  });

  it('refits the value net to the returns: the output layer is their least squares', () => {
    const { nets } = setup(1);
    const net = nets.value!;
    const n = 200;
    const S = 2;
    const z = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    // Not even in z: from the zero output layer and zero biases of a fresh net, an even
    // target has an exactly zero gradient (odd hidden units), which the learner never meets.
    const G = z.map((v) => -1 - 4 * (v + 0.3) ** 2);
    runToEnd(fitValue(net, S, { z, G, n }));
    const tape = new Tape(net, n);
    const v = tape.forward(z, n);
    const h = tape.inputs[net.layers.length - 1];
    const width = net.layers[net.layers.length - 1].nin;
    // Normal equations of v ≈ symlog(G/S) over the features [h, 1] with the solver's guard
    // ridge λ = 1e-8 × the mean diagonal: Φᵀ(Φθ − y) = −λθ, to rounding.
    const normal = new Float64Array(width + 1);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const e = v[i] - Math.sign(G[i]) * Math.log1p(Math.abs(G[i]) / S);
      for (let j = 0; j < width; j++) normal[j] += e * h[i * width + j];
      normal[width] += e;
      worst = Math.max(worst, Math.abs(S * symexp(v[i]) - G[i]) / Math.abs(G[i]));
    }
    const last = net.layers[net.layers.length - 1];
    let trace = n;
    for (let i = 0; i < n * width; i++) trace += h[i] * h[i];
    const lambda = (1e-8 * trace) / (width + 1);
    normal.forEach((x, j) => {
      const theta = net.params[j < width ? last.w + j : last.b];
      expect(Math.abs(x + lambda * theta)).toBeLessThan(1e-10 * n);
    });
    // From V = 0 (100 % off) to a fit in 16 features of a smooth, noise-free target.
    expect(worst).toBeLessThan(0.1);
  });
});
