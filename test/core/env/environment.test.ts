/**
 * The environment moves the process the solvers optimise: one Euler–Maruyama step has the
 * drift and covariance of the SDE (checked against the sample moments with tolerances of a
 * few standard errors), the reward is r·Δt, exit faces stop a system and pay the
 * discounted exit reward, a finite horizon ends each system exactly at T with its terminal
 * reward, and reflected or constrained states stay in the box.
 */
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../src/core/env';
import { makeProblem } from '../solvers/fixtures';

const lqr = makeProblem({
  states: [{ name: 'x', min: -3, max: 3 }],
  controls: [{ name: 'a', min: -10, max: 10 }],
  drift: ([x], [a]) => [-0.5 * x + a],
  noise: () => [0.3],
  noiseDim: 1,
  maximize: ([x], [a]) => -0.5 * (x * x + 0.1 * a * a),
  discount: 0.1,
});

describe('environment', () => {
  it('takes one Euler–Maruyama step with the SDE’s mean and variance, and pays r·Δt', () => {
    const N = 20000;
    const dt = 0.01;
    const env = createEnvironment(lqr, N);
    const x0 = env.reset(7).slice();
    const a = Float64Array.from({ length: N }, (_, p) => (p % 5) - 2);
    const tr = env.step(a, dt);
    let s = 0;
    let s2 = 0;
    let rewardGap = 0;
    expect(x0.every((x) => x >= -3 && x <= 3)).toBe(true);
    for (let p = 0; p < N; p++) {
      const e = tr.next[p] - x0[p] - (-0.5 * x0[p] + a[p]) * dt;
      s += e;
      s2 += e * e;
      rewardGap = Math.max(rewardGap, Math.abs(tr.reward[p] + 0.5 * (x0[p] ** 2 + 0.1 * a[p] ** 2) * dt));
    }
    const v = 0.09 * dt;
    // Reflection at ±3 moves no point that starts more than a few σ√Δt = 0.03 inside.
    expect(Math.abs(s / N)).toBeLessThan(4 * Math.sqrt(v / N));
    expect(Math.abs(s2 / N - v)).toBeLessThan(4 * v * Math.sqrt(2 / N));
    expect(rewardGap).toBeLessThan(1e-15);
    expect(tr.active.every((x) => x === 1)).toBe(true);
    expect(tr.done.every((x) => x === 0)).toBe(true);
  });

  it('clamps actions to the control box and keeps reflected states in the box', () => {
    const env = createEnvironment(lqr, 500);
    env.reset(3);
    const big = new Float64Array(500).fill(1e6);
    let outside = 0;
    let rewardGap = 0;
    for (let s = 0; s < 50; s++) {
      const x = env.states().slice();
      const tr = env.step(big, 0.05);
      for (let p = 0; p < 500; p++) {
        if (tr.next[p] > 3 || tr.next[p] < -3) outside++;
        // The reward saw a = 10, the clamped action.
        rewardGap = Math.max(rewardGap, Math.abs(tr.reward[p] + 0.5 * (x[p] ** 2 + 10) * 0.05));
      }
    }
    expect(outside).toBe(0);
    expect(rewardGap).toBeLessThan(1e-14);
  });

  it('stops a system on an exit face and pays the discounted exit reward once', () => {
    const rho = 0.5;
    const dt = 0.1;
    const p = makeProblem({
      states: [{ name: 'x', min: 0, max: 1, boundary: 'exit' }],
      controls: [{ name: 'a', min: 1, max: 2 }],
      drift: (_x, [a]) => [a],
      maximize: () => 1,
      exit: () => 5,
      discount: rho,
    });
    const env = createEnvironment(p, 64);
    env.reset(11);
    const ones = new Float64Array(64).fill(1);
    const stopped = new Uint8Array(64);
    for (let s = 0; s < 12; s++) {
      const x = env.states().slice();
      const tr = env.step(ones, dt);
      for (let q = 0; q < 64; q++) {
        if (stopped[q]) {
          expect(tr.active[q]).toBe(0);
          expect(tr.reward[q]).toBe(0);
          continue;
        }
        expect(tr.active[q]).toBe(1);
        const exits = x[q] + dt >= 1;
        expect(tr.done[q]).toBe(exits ? 1 : 0);
        expect(tr.reward[q]).toBeCloseTo(dt + (exits ? Math.exp(-rho * dt) * 5 : 0), 12);
        if (exits) {
          expect(tr.next[q]).toBe(1);
          stopped[q] = 1;
        }
      }
    }
    expect(stopped.every((x) => x === 1)).toBe(true);
  });

  it('ends each system of a finite horizon exactly at T with its terminal reward', () => {
    const T = 0.25;
    const dt = 0.1;
    const p = makeProblem({
      states: [{ name: 'x', min: -1, max: 1 }],
      controls: [{ name: 'a', min: -1, max: 1 }],
      drift: () => [0],
      maximize: () => 2,
      terminal: () => 3,
      horizon: T,
    });
    const env = createEnvironment(p, 200);
    env.reset(5);
    const t0 = env.times().slice();
    const total = new Float64Array(200);
    const alive = new Uint8Array(200).fill(1);
    for (let s = 0; s < 4; s++) {
      const tr = env.step(new Float64Array(200), dt);
      for (let q = 0; q < 200; q++) {
        total[q] += tr.reward[q];
        if (tr.done[q]) alive[q] = 0;
      }
    }
    for (let q = 0; q < 200; q++) {
      expect(t0[q]).toBeGreaterThanOrEqual(0);
      expect(t0[q]).toBeLessThan(T);
      expect(alive[q]).toBe(0);
      expect(env.times()[q]).toBeCloseTo(T, 12);
      // ∫ 2 dt over [t0, T] plus the terminal reward (no discount).
      expect(total[q]).toBeCloseTo(2 * (T - t0[q]) + 3, 12);
    }
  });

  it('rejects a bad step', () => {
    const env = createEnvironment(lqr, 4);
    env.reset(1);
    expect(() => env.step(new Float64Array(4), 0)).toThrow(/time step must be positive/);
    expect(() => env.step(new Float64Array(2), 0.1)).toThrow(/needs 4 actions/);
    expect(() => createEnvironment(lqr, 0)).toThrow(/positive whole number/);
  });
});
