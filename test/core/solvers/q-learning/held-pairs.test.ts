/**
 * Held pairs (src/core/solvers/q-learning/held-pairs.ts): the target's advantage
 * (y − V(x))/h = 2Â_h − Â_2h is the advantage rate r + V′f − ρV up to O(h²), where a single
 * held step's is off by O(h). Checked on a deterministic linear system against a known
 * quadratic V, where the rate is exact: the error must fall by 4 when h halves (2 for a
 * first-order estimate).
 */
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../../../src/core/env';
import { runToEnd } from '../../../../src/core/solvers/q-learning/chunks';
import { Encoding } from '../../../../src/core/solvers/q-learning/encoding';
import { heldPairs } from '../../../../src/core/solvers/q-learning/held-pairs';
import { makeProblem } from '../fixtures';

const ALPHA = -1;
const RHO = 0.1;
const P = 0.4;
const linear = makeProblem({
  states: [{ name: 'x', min: -4, max: 4 }],
  controls: [{ name: 'a', min: -1, max: 1 }],
  drift: ([x], [a]) => [ALPHA * x + a],
  maximize: ([x], [a]) => -0.5 * (x * x + a * a),
  discount: RHO,
});

/** V = −½Px² on encoded states (x = 4z); the policy: ã = 0.5 everywhere. */
const value = {
  values(z: Float64Array, n: number, out: Float64Array) {
    for (let p = 0; p < n; p++) out[p] = -0.5 * P * (4 * z[p]) ** 2;
    return out;
  },
};
const policy = {
  actions(_z: Float64Array, n: number, out: Float64Array) {
    return out.fill(0.5, 0, n);
  },
};

/** RMS of (y − V)/h − A over the pairs (deterministic and drifting inwards at the faces: no reflection). */
function rateError(h: number): { rms: number; n: number } {
  const env = createEnvironment(linear, 16);
  const encoding = new Encoding(env.stateBox, env.controlBox, env.horizon);
  const pairs = runToEnd(heldPairs(env, encoding, policy, value, h, h, 0.3, 16, 7));
  const v = new Float64Array(1);
  let sum = 0;
  let n = 0;
  for (let k = 0; k < pairs.n; k++) {
    const x = 4 * pairs.z[k];
    const a = pairs.a[k];
    value.values(pairs.z.subarray(k, k + 1), 1, v);
    const exact = -0.5 * (x * x + a * a) - P * x * (ALPHA * x + a) + 0.5 * RHO * P * x * x;
    sum += ((pairs.y[k] - v[0]) / h - exact) ** 2;
    n++;
  }
  return { rms: Math.sqrt(sum / n), n };
}

describe('held pairs', () => {
  it('extrapolate the held advantage to second order in the hold', () => {
    const coarse = rateError(0.1);
    const fine = rateError(0.05);
    expect(fine.n).toBe(coarse.n);
    expect(coarse.n).toBeGreaterThan(120);
    // Second order: 4 when h halves, up to the next term (a first-order error gives 2).
    expect(coarse.rms / fine.rms).toBeGreaterThan(3.4);
    expect(coarse.rms / fine.rms).toBeLessThan(4.6);
  });
});
