import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { neuralPi } from '../../../../src/core/solvers/neural-pi';

const source = readFileSync('resources/examples/merton.ts', 'utf8');

function compile(text: string): CompiledProblem {
  const r = compileProblem(text);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

/** The example with other market parameters and box (each replacement must hit). */
function variant(subs: Array<[string, string]>): string {
  let text = source;
  for (const [from, to] of subs) {
    if (!text.includes(from)) throw new Error(`the example no longer contains '${from}'`);
    text = text.replace(from, to);
  }
  return text;
}

interface Market {
  rf: number;
  mu: number;
  vol: number;
  gamma: number;
  rho: number;
}

/** Merton's closed form (docs/numerics.md): π*, k* and V(z) = A e^{(1−γ)z}/(1−γ). */
function exact(m: Market) {
  const M = m.rf + (m.mu - m.rf) ** 2 / (2 * m.gamma * m.vol ** 2);
  const k = (m.rho - (1 - m.gamma) * M) / m.gamma;
  const A = (m.gamma / (m.rho - (1 - m.gamma) * M)) ** m.gamma;
  return {
    pi: (m.mu - m.rf) / (m.gamma * m.vol ** 2),
    k,
    V: (z: number) => (A * Math.exp((1 - m.gamma) * z)) / (1 - m.gamma),
  };
}

/**
 * Solves with default settings (the seed only) and returns the largest relative errors of V, π
 * and k over the middle of the box (its centre ± 10 % of the half-width, 5 points).
 */
async function middleErrors(problem: CompiledProblem, m: Market, seed = 0) {
  const result = await neuralPi.solve(problem, { seed }, {});
  const { min, max } = problem.states[0];
  const c = 0.5 * (min + max);
  const h = 0.5 * (max - min);
  const zs = Float64Array.from([-0.1, -0.05, 0, 0.05, 0.1], (f) => c + f * h);
  const n = zs.length;
  const v = new Float64Array(n);
  const pol = [new Float64Array(n), new Float64Array(n)];
  neuralPi.value(problem, result)([zs], 0, [v], n);
  neuralPi.policy(problem, result)([zs], 0, pol, n);
  const ex = exact(m);
  let value = 0;
  let pi = 0;
  let k = 0;
  for (let p = 0; p < n; p++) {
    value = Math.max(value, Math.abs(v[p] / ex.V(zs[p]) - 1));
    pi = Math.max(pi, Math.abs(pol[0][p] / ex.pi - 1));
    k = Math.max(k, Math.abs(pol[1][p] / ex.k - 1));
  }
  return { result, value, pi, k };
}

// A hang guard only (no timing is asserted).
const GUARD_MS = 600_000;

// The tolerances are the accuracy target of the solver (2 % for V, π* and k* in the middle
// of the box), not statistics of a fixed estimator: a run is one seeded draw of a trained
// model. Measured where the runs stop (docs/numerics.md): γ = 2 on z ∈ [−8, 8], seeds 0 and
// 1, V 1.0 % and 0.2 %; γ = 3, 0.8 % and 1.0 %; γ = 5, 1.4 % and 0.5 %; π within 0.3 % and k
// within 0.4 % (largest over the middle of the box). V is the tight one: the critic's log-fit leaves
// a slow tilt of about ±2 % at ±30 % of the half-width (docs/numerics.md).
describe('neural policy iteration on Merton in log wealth (wide box), default settings', () => {
  it(
    'matches π*, k* and V in the middle of the box of the example as it ships (γ = 2, z ∈ [−10, 10])',
    async () => {
      const m = { rf: 0.03, mu: 0.08, vol: 0.2, gamma: 2, rho: 0.05 };
      const { result, value, pi, k } = await middleErrors(compile(source), m);
      expect(result.status).toBe('done');
      expect(result.summary.valueScale).toBe('log');
      expect(value).toBeLessThan(0.02);
      expect(pi).toBeLessThan(0.02);
      expect(k).toBeLessThan(0.02);
    },
    GUARD_MS,
  );

  // A more risk-averse investor in another market on another box, with the seed that used
  // to fail: the first policy (the middle of the control box, k = 0.15) has an infinite
  // value here, the first critic sent paths to the wealth floor, and where the floor only
  // projected paths back, consuming there was free and policy iteration learnt to exploit
  // it (V 17 % off in the middle). The floor's constraint is now kept (sim/constraint-faces.ts).
  it(
    'matches them for γ = 3, r = 0.02, μ = 0.07, σ = 0.25, ρ = 0.04 on z ∈ [−8, 8] (seed 1)',
    async () => {
      const m = { rf: 0.02, mu: 0.07, vol: 0.25, gamma: 3, rho: 0.04 };
      const text = variant([
        ['const rf = 0.03,', 'const rf = 0.02,'],
        ['mu = 0.08,', 'mu = 0.07,'],
        ['vol = 0.2,', 'vol = 0.25,'],
        ['gamma = 2,', 'gamma = 3,'],
        ['rho = 0.05;', 'rho = 0.04;'],
        ['min: -10, max: 10', 'min: -8, max: 8'],
      ]);
      const { result, value, pi, k } = await middleErrors(compile(text), m, 1);
      expect(result.status).toBe('done');
      expect(value).toBeLessThan(0.02);
      expect(pi).toBeLessThan(0.02);
      expect(k).toBeLessThan(0.02);
    },
    GUARD_MS,
  );

  // γ = 5: the first policy's value is infinite and its truncated returns are about e¹³ off;
  // the run needs 20 or so iterations to settle, and stops by itself once V and the policy
  // have stopped moving (about 24 here). The critic's level is set from the Monte-Carlo means
  // once the policy settles (levelLogHead): before that V sat 2.3 % low in the middle.
  it(
    'matches them for γ = 5 in the same market, stopping by itself before the cap',
    async () => {
      const m = { rf: 0.02, mu: 0.07, vol: 0.25, gamma: 5, rho: 0.04 };
      const text = variant([
        ['const rf = 0.03,', 'const rf = 0.02,'],
        ['mu = 0.08,', 'mu = 0.07,'],
        ['vol = 0.2,', 'vol = 0.25,'],
        ['gamma = 2,', 'gamma = 5,'],
        ['rho = 0.05;', 'rho = 0.04;'],
        ['min: -10, max: 10', 'min: -8, max: 8'],
      ]);
      const { result, value, pi, k } = await middleErrors(compile(text), m, 0);
      expect(result.status).toBe('done');
      expect(result.iterations).toBeLessThan(40);
      expect(value).toBeLessThan(0.02);
      expect(pi).toBeLessThan(0.02);
      expect(k).toBeLessThan(0.02);
    },
    GUARD_MS,
  );
});
