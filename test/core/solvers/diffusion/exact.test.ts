import { describe, expect, it } from 'vitest';
import { exactReference } from '../../../../src/core/solvers/diffusion/exact';
import { forwardProcess } from '../../../../src/core/solvers/diffusion/forward';
import { Random } from '../../../../src/core/sim/random';
import { SKEWED, diffusionProblem, soa } from './fixtures';

const THREE_D = `{ data: { mixture: { weights: [1, 2], means: [[0, 1, -1], [2, -1, 0.5]], covariances: [[[0.4, 0.1, 0], [0.1, 0.3, 0.05], [0, 0.05, 0.2]], [[0.2, 0, 0], [0, 0.5, 0.1], [0, 0.1, 0.3]]] } }, forward: { vp: { betaMin: 0.5, betaMax: 8 } }, horizon: 2 }`;

function reference(spec: string) {
  const problem = diffusionProblem(spec);
  const ref = exactReference(problem, forwardProcess(problem));
  if (!ref) throw new Error('no exact reference');
  return { problem, ref };
}

describe('exact mixture reference', () => {
  it('the score is the gradient of log p (central differences) in 2-D and 3-D', () => {
    for (const spec of [SKEWED, THREE_D]) {
      const { problem, ref } = reference(spec);
      const d = problem.dim;
      const n = 40;
      const rng = new Random(3);
      for (const s of [0, 0.01, 0.3, 0.9 * problem.horizon]) {
        const xs = soa(d, n);
        ref.sample(s, rng, xs, n);
        const score = soa(d, n);
        ref.score(xs, s, score, n);
        const h = 1e-5;
        const lp = new Float64Array(n);
        const lm = new Float64Array(n);
        for (let i = 0; i < d; i++) {
          const plus = xs.map((x) => x.slice());
          const minus = xs.map((x) => x.slice());
          for (let p = 0; p < n; p++) {
            plus[i][p] += h;
            minus[i][p] -= h;
          }
          ref.logDensity(plus, s, lp, n);
          ref.logDensity(minus, s, lm, n);
          for (let p = 0; p < n; p++) {
            const fd = (lp[p] - lm[p]) / (2 * h);
            expect(Math.abs(score[i][p] - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
          }
        }
      }
    }
  });

  it('p_s integrates to one (midpoint rule on a fine 2-D grid)', () => {
    const { ref } = reference(SKEWED);
    for (const s of [0, 0.2, 1]) {
      const m = 600;
      const a = -8;
      const h = 16 / m;
      const xs = soa(2, m);
      const out = new Float64Array(m);
      let total = 0;
      for (let j = 0; j < m; j++) {
        for (let p = 0; p < m; p++) {
          xs[0][p] = a + (p + 0.5) * h;
          xs[1][p] = a + (j + 0.5) * h;
        }
        ref.logDensity(xs, s, out, m);
        for (let p = 0; p < m; p++) total += Math.exp(out[p]) * h * h;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-6);
    }
  });

  it('V = −log p_{T−t} and u* = σ(T−t)·score at control time t', () => {
    const { problem, ref } = reference(THREE_D);
    const T = problem.horizon;
    const n = 10;
    const xs = soa(3, n);
    ref.sample(0.5, new Random(1), xs, n);
    const v = [new Float64Array(n)];
    const lp = new Float64Array(n);
    ref.value(xs, 0.7, v, n);
    ref.logDensity(xs, T - 0.7, lp, n);
    const u = soa(3, n);
    const sc = soa(3, n);
    ref.control(xs, 0.7, u, n);
    ref.score(xs, T - 0.7, sc, n);
    const beta = 0.5 + ((8 - 0.5) / T) * (T - 0.7);
    for (let p = 0; p < n; p++) {
      expect(v[0][p]).toBe(-lp[p]);
      for (let i = 0; i < 3; i++) expect(u[i][p]).toBeCloseTo(Math.sqrt(beta) * sc[i][p], 12);
    }
  });

  it("the marginal's mean and covariance match a Monte-Carlo run of the forward SDE", () => {
    // Euler–Maruyama on 1000 steps has a weak bias of order βh/4 ≈ 0.5 % of the variance,
    // well under the 4 standard errors allowed here (≈ 6 % with 10 000 paths).
    for (const spec of [
      SKEWED,
      // The same VP schedule written as a user drift and sigma: exercises the tabulated marginal.
      SKEWED.replace(
        /}$/,
        ', forward: { drift: ([x, y], t) => [-(0.1 + 19.9 * t) * x / 2, -(0.1 + 19.9 * t) * y / 2], sigma: (t) => sqrt(0.1 + 19.9 * t) } }',
      ),
      // Variance exploding: f = 0, σ = 1 + t.
      SKEWED.replace(/}$/, ', forward: { drift: ([x, y], t) => [0, 0], sigma: (t) => 1 + t } }'),
    ]) {
      const { problem, ref } = reference(spec);
      const fwd = ref.forward;
      const n = 10000;
      const steps = 1000;
      const rng = new Random(11);
      const xs = soa(2, n);
      ref.sample(0, rng, xs, n);
      const f = soa(2, n);
      const checks = [0.1, 0.4, 1];
      let next = 0;
      const h = problem.horizon / steps;
      for (let k = 1; k <= steps; k++) {
        const s0 = (k - 1) * h;
        fwd.drift(xs, s0, f, n);
        const g = fwd.sigma(s0) * Math.sqrt(h);
        for (let i = 0; i < 2; i++) for (let p = 0; p < n; p++) xs[i][p] += f[i][p] * h + g * rng.normal();
        const s = k * h;
        if (Math.abs(s - checks[next]) < h / 2) {
          const mix = ref.marginal(s);
          // Exact moments of the mixture.
          const mean = [0, 0];
          const cov = [0, 0, 0, 0];
          for (let c = 0; c < mix.count; c++)
            for (let i = 0; i < 2; i++) {
              mean[i] += mix.weights[c] * mix.means[c * 2 + i];
              for (let j = 0; j < 2; j++)
                cov[i * 2 + j] +=
                  mix.weights[c] * (mix.cov[c * 4 + i * 2 + j] + mix.means[c * 2 + i] * mix.means[c * 2 + j]);
            }
          for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) cov[i * 2 + j] -= mean[i] * mean[j];
          // Sample moments with their standard errors.
          for (let i = 0; i < 2; i++) {
            let m = 0;
            for (let p = 0; p < n; p++) m += xs[i][p];
            m /= n;
            expect(Math.abs(m - mean[i])).toBeLessThan(4 * Math.sqrt(cov[i * 3] / n));
            for (let j = 0; j <= i; j++) {
              let mj = 0;
              for (let p = 0; p < n; p++) mj += xs[j][p];
              mj /= n;
              let c1 = 0;
              let c2 = 0;
              for (let p = 0; p < n; p++) {
                const z = (xs[i][p] - m) * (xs[j][p] - mj);
                c1 += z;
                c2 += z * z;
              }
              c1 /= n;
              const se = Math.sqrt((c2 / n - c1 * c1) / n);
              expect(Math.abs(c1 - cov[i * 2 + j])).toBeLessThan(4 * se);
            }
          }
          next++;
          if (next === checks.length) break;
        }
      }
      expect(next).toBe(checks.length);
    }
  });

  it('a user drift equal to VP reproduces the closed-form VP marginal', () => {
    const vp = forwardProcess(diffusionProblem(SKEWED)).linear;
    const user = forwardProcess(
      diffusionProblem(
        SKEWED.replace(
          /}$/,
          ', forward: { drift: ([x, y], t) => [-(0.1 + 19.9 * t) * x / 2, -(0.1 + 19.9 * t) * y / 2], sigma: (t) => sqrt(0.1 + 19.9 * t) } }',
        ),
      ),
    ).linear;
    if (!vp || !user) throw new Error('linear marginal expected');
    for (const s of [0, 1e-3, 0.013, 0.37, 0.5, 0.999, 1]) {
      expect(Math.abs(user.alpha(s) - vp.alpha(s))).toBeLessThan(1e-10);
      expect(Math.abs(user.noiseVar(s) - vp.noiseVar(s))).toBeLessThan(1e-10);
    }
  });

  it('a nonlinear drift has no closed-form marginal', () => {
    const p = diffusionProblem(
      SKEWED.replace(/}$/, ', forward: { drift: ([x, y], t) => [-x * x * x, -y], sigma: (t) => 1 } }'),
    );
    const fwd = forwardProcess(p);
    expect(fwd.linear).toBeNull();
    expect(exactReference(p, fwd)).toBeNull();
  });
});
