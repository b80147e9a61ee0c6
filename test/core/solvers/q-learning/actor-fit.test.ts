/**
 * The actor's output layer solved on held pairs (src/core/solvers/q-learning/actor-fit.ts).
 * Pairs are made without noise from a known actor μ* whose output layer the solve can
 * represent (the same features, other output weights) and the quadratic advantage with
 * L = I: the solve, started from a displaced output layer, must recover μ* — in one and in
 * two actions (the cross terms of the normal matrix) — and touch nothing but that layer.
 */
import { describe, expect, it } from 'vitest';
import { forward } from '../../../../src/core/nn';
import { Random } from '../../../../src/core/sim/random';
import { fitActorOutput } from '../../../../src/core/solvers/q-learning/actor-fit';
import { runToEnd } from '../../../../src/core/solvers/q-learning/chunks';
import { createNetworks, type Networks } from '../../../../src/core/solvers/q-learning/networks';

const dt = 0.03;

/** Encoded actions tanh(actor(z)) for n rows. */
function actions(nets: Networks, z: Float64Array, n: number, m: number): Float64Array {
  const u = forward(nets.actor, z, n, new Float64Array(n * m));
  return u.map(Math.tanh);
}

function check(m: number) {
  const nets = createNetworks('continuous', 'quadratic', 1, m, { hidden: [16, 16], activation: 'tanh' }, 7);
  // V = 0 everywhere (the value net starts at zero), so the weights are 1 and s = rateScale.
  nets.valueScale = 1;
  nets.rateScale = 2;
  const layer = nets.actor.layers[nets.actor.layers.length - 1];
  const rng = new Random(11);
  // μ*: random output weights of the order of a trained layer's.
  for (let i = layer.w; i < layer.b + m; i++) nets.actor.params[i] = 0.5 * rng.normal();
  const truth = nets.actor.params.slice();
  const n = 4000;
  const z = Float64Array.from({ length: n }, () => 2 * rng.uniform() - 1);
  const mu = actions(nets, z, n, m);
  const a = Float64Array.from(mu, (v) => Math.max(-1, Math.min(1, v + 0.25 * rng.normal())));
  // y = V + Δt·s·q with q = −½|a − μ*|² (L = I at the factor net's start).
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let o = 0; o < m; o++) s += (a[i * m + o] - mu[i * m + o]) ** 2;
    y[i] = dt * nets.rateScale * -0.5 * s;
  }
  // Displace the output layer: a bias of 0.3 and the weights scaled by 0.7.
  for (let o = 0; o < m; o++) {
    for (let j = 0; j < layer.nin; j++) nets.actor.params[layer.w + o * layer.nin + j] *= 0.7;
    nets.actor.params[layer.b + o] += 0.3;
  }
  const grid = Float64Array.from({ length: 201 }, (_, i) => -1 + i / 100);
  const exact = actions({ ...nets, actor: { ...nets.actor, params: truth } }, grid, 201, m);
  const worst = () => {
    const got = actions(nets, grid, 201, m);
    return Math.max(...got.map((v, i) => Math.abs(v - exact[i])));
  };
  const before = worst();
  const params = nets.actor.params.slice();
  runToEnd(fitActorOutput(nets, { z, a, y, n }, dt));
  const after = worst();
  // Only the output layer moved.
  for (let i = 0; i < layer.w; i++) expect(nets.actor.params[i]).toBe(params[i]);
  return { before, after };
}

describe('the actor’s output layer solved on held pairs', () => {
  it('recovers an actor its features can hold, one action', () => {
    const { before, after } = check(1);
    expect(before).toBeGreaterThan(0.1);
    // Without noise the targets are exact; what is left is the ridge's pull towards the
    // displaced start (10⁻⁵ of the normal matrix's mean diagonal) and the stop at a relative
    // fall of 10⁻⁶.
    expect(after).toBeLessThan(0.01 * before);
  });

  it('recovers an actor its features can hold, two actions', () => {
    const { before, after } = check(2);
    expect(before).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(0.01 * before);
  });
});
