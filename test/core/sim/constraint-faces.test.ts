/**
 * 'constraint' faces along a path (src/core/sim/constraint-faces.ts, docs/numerics.md §3.4),
 * in each simulator that uses the rule: on a face an outward control is moved onto the face's
 * admissible set by Newton steps on the normal drift, the reward is paid at the moved
 * control and the noise normal to the face is dropped, so the path stays on the face
 * exactly. Plain projection pays the outward control for nothing (§3.5). Every case is
 * computed by hand; each fails with projection alone.
 */
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../src/core/env';
import { compileProblem } from '../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../src/core/problem/types';
import { simulate } from '../../../src/core/sim/simulate';
import { rolloutPaths, type RolloutJob } from '../../../src/core/solvers/neural-pi';
import { parseSettings } from '../../../src/core/solvers/neural-pi/settings';
import { initialModel } from '../../../src/core/solvers/neural-pi/initial-model';

function compile(source: string): CompiledProblem {
  const r = compileProblem(`import { problem } from 'hjb-lab';\nexport default problem(${source});`);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

describe('neural PI rollouts at a constraint face', () => {
  /**
   * Consuming u moves the state down at rate u and pays u; the floor x = 0 is a constraint
   * face. The first actor is the middle of the control box, u = 1.
   */
  const consumer = (noise: number) =>
    compile(`{
  states: { x: { min: 0, max: 1, boundary: 'constraint' } },
  controls: { u: [0, 2] },
  maximize: ({ x }, { u }) => u + 0 * x,
  discount: 0.5,
  drift: ({ x }, { u }) => ({ x: -u + 0 * x }),
  noise: { x: ${noise} },
}`);

  const job = (problem: CompiledProblem, start: number, dt: number): RolloutJob => ({
    model: initialModel(problem, parseSettings(problem, {})),
    seed: 1,
    iteration: 0,
    starts: Float64Array.from([start]),
    paths: 4,
    horizon: 2,
    dt,
    table: 65,
  });

  it('earn nothing on the face where every paying control would push out, and do not move', () => {
    // Projection alone paid u = 1 for nothing there: (1 − e^{−ρT})/ρ = 1.26 (and the noise
    // moved the path off the face and back).
    const p = consumer(0.3);
    const out = rolloutPaths(p, job(p, 0, 0.01), 0, 1);
    expect(Math.abs(out.returns[0])).toBeLessThan(1e-12);
    for (const x of out.terminal) expect(x).toBe(0);
  });

  it('pay until the path reaches the face, and nothing after', () => {
    // From x = 0.5 at u = 1 (no noise) the floor is reached at t = 0.5 exactly (8 steps of
    // 1/16): the return is ∫₀^0.5 e^{−ρt} dt, the weight of each step being the exact
    // integral of the discount over it.
    const p = consumer(0);
    const rho = 0.5;
    const out = rolloutPaths(p, job(p, 0.5, 1 / 16), 0, 1);
    expect(out.returns[0]).toBeCloseTo(-Math.expm1(-0.5 * rho) / rho, 12);
  });
});

describe('the Q-learning environment at a constraint face', () => {
  /** Consuming k pays k; the drift 0.5 − k vanishes at k = 0.5 (one Newton step: it is linear). */
  const budget = () =>
    compile(`{
  title: 'budget',
  states: { z: { min: -1, max: 1, boundary: 'constraint' } },
  controls: { k: [0, 1] },
  maximize: (s, { k }) => k,
  discount: 0.1,
  drift: (s, { k }) => ({ z: 0.5 - k }),
  noise: { z: 0.3 },
}`);

  it('moves an outward control onto the face’s admissible set and drops the normal noise', () => {
    // Plain projection would pay k = 1 at the floor for nothing (docs/numerics.md §14.4).
    const N = 64;
    const dt = 0.05;
    const env = createEnvironment(budget(), N);
    env.reset(11);
    // Half the systems consume k = 1 (drift −0.5, down to the floor), half k = 0 (drift
    // +0.5, up to the top); 200 steps cover the box's width 2 five times over.
    const a = Float64Array.from({ length: N }, (_, p) => (p % 2 === 0 ? 1 : 0));
    let tr = env.step(a, dt);
    for (let s = 0; s < 200; s++) tr = env.step(a, dt);
    for (let p = 0; p < N; p++) {
      expect(tr.next[p]).toBe(p % 2 === 0 ? -1 : 1);
      expect(tr.reward[p]).toBeCloseTo(0.5 * dt, 14);
      expect(tr.done[p]).toBe(0);
    }
  });

  it('leaves an inward control on the face as it is', () => {
    const N = 8;
    const env = createEnvironment(budget(), N);
    env.reset(5);
    const down = new Float64Array(N).fill(1);
    for (let s = 0; s < 200; s++) env.step(down, 0.05);
    // On the floor, k = 0.2 drifts inwards (+0.3): paid as asked, and the system moves up.
    const tr = env.step(new Float64Array(N).fill(0.2), 0.05);
    for (let p = 0; p < N; p++) {
      expect(tr.reward[p]).toBeCloseTo(0.2 * 0.05, 14);
      expect(tr.next[p]).toBeCloseTo(-1 + 0.3 * 0.05, 14);
    }
  });
});

describe('closed-loop simulation at a constraint face', () => {
  it('keeps a Merton-like investor on the wealth floor at the moved controls', () => {
    // Log wealth z with excess return 1 on the risky share π, consumption k at the rate k,
    // noise 0.5 π: dz = (π − k) dt + 0.5 π dW. The policy π = 0.25, k = 1 drifts out of
    // the floor z = −1 at −0.75. One Newton step along ∇ₐf = (1, −1), |∇ₐf|² = 2, moves it
    // to π = k = 0.625 (binary fractions: the drift there is 0 exactly), inside the box.
    // So every path stays at z = −1 with no noise and is paid 0.625 per unit time; with
    // projection alone it was paid k = 1 and the noise moved it off the floor.
    const p = compile(`{
  states: { z: { min: -1, max: 1, boundary: 'constraint' } },
  controls: { pi: [0, 1.5], k: [0, 1] },
  maximize: (s, { k }) => k,
  discount: 0.1,
  drift: (s, { pi, k }) => ({ z: pi - k }),
  noise: (s, { pi }) => ({ z: 0.5 * pi }),
}`);
    const N = 16;
    const steps = 100;
    const dt = 0.02;
    const policy = (_x: readonly Float64Array[], _t: number, out: Float64Array[], n: number) => {
      out[0].fill(0.25, 0, n);
      out[1].fill(1, 0, n);
    };
    const r = simulate(p, policy, { from: [-1], paths: N, horizon: steps * dt, dt, seed: 3 });
    for (const z of r.paths) expect(z).toBe(-1);
    // Σₙ e^{−ρnΔt} 0.625 Δt over the steps (left-point rule, §11.1), a geometric sum.
    const q = Math.exp(-0.1 * dt);
    const expected = (0.625 * dt * (1 - q ** steps)) / (1 - q);
    for (const v of r.reward) expect(v).toBeCloseTo(expected, 12);
  });
});
