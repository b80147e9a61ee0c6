/**
 * Held-window advantages (src/core/solvers/q-learning/windows.ts) on a deterministic system
 * whose windows are known in closed form: dx = a dt, reward −a², a given value V = 3z.
 */
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../../src/core/env';
import { Encoding } from '../../../../src/core/solvers/q-learning/encoding';
import { runToEnd } from '../../../../src/core/solvers/q-learning/chunks';
import { heldWindows } from '../../../../src/core/solvers/q-learning/windows';
import { makeProblem } from '../fixtures';

const rho = 0.5;
const drifting = makeProblem({
  states: [{ name: 'x', min: -2, max: 2 }],
  controls: [{ name: 'a', min: -1, max: 3 }],
  drift: (_x, [a]) => [a],
  maximize: (_x, [a]) => -a * a,
  discount: rho,
});

describe('held windows', () => {
  const env = createEnvironment(drifting, 16);
  const encoding = new Encoding(env.stateBox, env.controlBox, env.horizon);
  const value = {
    values: (z: Float64Array, n: number, out: Float64Array) => {
      for (let p = 0; p < n; p++) out[p] = 3 * z[p];
      return out;
    },
  };
  const dt = 0.02;
  const steps = 10;

  it('holds a uniform action for the window and bootstraps with the given value', () => {
    const d = runToEnd(heldWindows(env, encoding, value, dt, steps * dt, 5, 9));
    expect(d.n).toBe(80);
    const H = steps * dt;
    let annuity = 0;
    for (let s = 0; s < steps; s++) annuity += Math.exp(-rho * s * dt) * dt;
    let checked = 0;
    for (let p = 0; p < d.n; p++) {
      const x = 2 * d.z[p];
      const a = 1 + 2 * d.a[p];
      expect(d.a[p]).toBeGreaterThanOrEqual(-1);
      expect(d.a[p]).toBeLessThanOrEqual(1);
      expect(d.v[p]).toBeCloseTo(3 * d.z[p], 12);
      if (Math.abs(x + a * H) > 1.95) continue; // the window met a face
      const end = (3 * (x + a * H)) / 2;
      expect(d.adv[p]).toBeCloseTo((-a * a * annuity + Math.exp(-rho * H) * end - (3 * x) / 2) / H, 10);
      expect(d.outcome[p]).toBeCloseTo(-a * a * annuity + Math.exp(-rho * H) * end, 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('draws the actions about a centre when one is given', () => {
    const centre = {
      actions: (_z: Float64Array, n: number, out: Float64Array) => out.fill(0.9, 0, n),
    };
    const d = runToEnd(heldWindows(env, encoding, value, dt, dt, 4, 3, centre, 0.2));
    for (let p = 0; p < d.n; p++) {
      expect(d.a[p]).toBeGreaterThanOrEqual(0.7);
      expect(d.a[p]).toBeLessThanOrEqual(1);
    }
  });
});
