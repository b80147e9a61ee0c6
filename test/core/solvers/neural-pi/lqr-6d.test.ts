import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { neuralPi } from '../../../../src/core/solvers/neural-pi';
import { Random } from '../../../../src/core/sim/random';

const source = readFileSync('resources/examples/lqr-6d.ts', 'utf8');

function compile(text: string): CompiledProblem {
  const r = compileProblem(text);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

/**
 * One block of the example (a double integrator, q = (1, 0.5), R = 0.5, ρ = 0.1, σ = 0.3),
 * solved here independently of the example's own bisection: the discounted Riccati flow
 * Ṗ = Q + ÃᵀP + PÃ − PbR⁻¹bᵀP, Ã = A − ρ/2·I, b = (0, 1), integrated from P = 0 to its
 * fixed point. Returns P (p11, p12, p22), the gains K = R⁻¹bᵀP and the constant c.
 */
function block() {
  const rho = 0.1;
  const R = 0.5;
  const a = -rho / 2;
  let [p11, p12, p22] = [0, 0, 0];
  for (let k = 0; k < 200_000; k++) {
    // Ã = [[a, 1], [0, a]]; (ÃᵀP + PÃ) = [[2a p11, p11 + 2a p12], ·, [2 p12 + 2a p22]].
    const d11 = 1 + 2 * a * p11 - (p12 * p12) / R;
    const d12 = p11 + 2 * a * p12 - (p12 * p22) / R;
    const d22 = 0.5 + 2 * p12 + 2 * a * p22 - (p22 * p22) / R;
    p11 += 1e-3 * d11;
    p12 += 1e-3 * d12;
    p22 += 1e-3 * d22;
  }
  return { p11, p12, p22, K: [p12 / R, p22 / R], c: (0.09 * p22) / (2 * rho) };
}

// A hang guard only (no timing is asserted): a default run takes minutes on a shared machine.
const GUARD_MS = 1_800_000;

describe('neural policy iteration on the 6-D LQR example, default settings', () => {
  // The tolerances are the targets (V 5 %, each gain 10 %). Measured with seed 0 at the
  // defaults: V 0.69 % and the gains within 3.1 % (1.3 % and 5.7 % before the critic had its
  // quadratic part; docs/numerics.md, "Neural policy iteration"). The per-start targets scatter by 3.4 % about the exact V
  // before the control variate, over 1024 starts per iteration; the rest is the networks'
  // fit, deterministic for the seed.
  it(
    'matches its Riccati value over the middle of the box and each feedback gain at the centre',
    async () => {
      const problem = compile(source);
      const result = await neuralPi.solve(problem, { seed: 0 }, {});
      expect(result.status).toBe('done');
      const { p11, p12, p22, K, c } = block();
      const exactV = (x: Float64Array[], q: number): number => {
        let v = -3 * c;
        for (let b = 0; b < 3; b++) {
          const p = x[2 * b][q];
          const w = x[2 * b + 1][q];
          v -= 0.5 * (p11 * p * p + 2 * p12 * p * w + p22 * w * w);
        }
        // The example maximises −cost; the solver reports values in the problem's sense.
        return v;
      };

      // V at 2000 seeded uniform states of the middle 60 % of the box, relative L2.
      const n = 2000;
      const rng = new Random(12345);
      const xs = Array.from({ length: 6 }, () =>
        Float64Array.from({ length: n }, () => 1.8 * (2 * rng.uniform() - 1)),
      );
      const v = new Float64Array(n);
      neuralPi.value(problem, result)(xs, 0, [v], n);
      let num = 0;
      let den = 0;
      for (let q = 0; q < n; q++) {
        const e = exactV(xs, q);
        num += (v[q] - e) ** 2;
        den += e * e;
      }
      expect(Math.sqrt(num / den)).toBeLessThan(0.05);

      // Gains −∂u_j/∂x_i at the centre by central differences of the policy network.
      const h = 1e-2;
      const pts = Array.from({ length: 6 }, (_, i) =>
        Float64Array.from({ length: 12 }, (_, k) => (k === 2 * i ? h : k === 2 * i + 1 ? -h : 0)),
      );
      const u = [new Float64Array(12), new Float64Array(12)];
      u.push(new Float64Array(12));
      neuralPi.policy(problem, result)(pts, 0, u, 12);
      for (let j = 0; j < 3; j++)
        for (let i = 0; i < 6; i++) {
          const gain = -(u[j][2 * i] - u[j][2 * i + 1]) / (2 * h);
          const own = Math.floor(i / 2) === j;
          const truth = own ? K[i % 2] : 0;
          // A gain of another block's state is zero: held to 10 % of the largest gain.
          if (own) expect(Math.abs(gain / truth - 1), `gain u${j + 1}/x${i + 1}`).toBeLessThan(0.1);
          else expect(Math.abs(gain), `gain u${j + 1}/x${i + 1}`).toBeLessThan(0.1 * K[1]);
        }
    },
    GUARD_MS,
  );
});
