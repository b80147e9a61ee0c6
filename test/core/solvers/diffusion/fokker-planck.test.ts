import { describe, expect, it } from 'vitest';
import { gridCoordinates } from '../../../../src/core/grid/tensor';
import { dataLogDensity } from '../../../../src/core/solvers/diffusion/data';
import { exactReference } from '../../../../src/core/solvers/diffusion/exact';
import { solveFokkerPlanck } from '../../../../src/core/solvers/diffusion/fokker-planck';
import { forwardProcess } from '../../../../src/core/solvers/diffusion/forward';
import { gridFields } from '../../../../src/core/solvers/diffusion/grid-field';
import { Random } from '../../../../src/core/sim/random';
import type { DiffusionProblem } from '../../../../src/core/problem/types';
import { RING, diffusionProblem, soa } from './fixtures';

const ONE_D = `{ data: { mixture: { weights: [0.3, 0.7], means: [[-2], [1.5]], std: [0.4, 0.6] } } }`;

/**
 * Per frame with s ≥ 0.1T (control time t ≤ 0.9T): the p-weighted relative L2 error of V,
 * sqrt(Σ p (V_h − V)²/Σ p V²), and the largest relative error of V where p > 1 % of its peak.
 */
function errors(problem: DiffusionProblem, cells: number) {
  const fwd = forwardProcess(problem);
  const ref = exactReference(problem, fwd)!;
  const sol = solveFokkerPlanck(fwd, problem.bounds, dataLogDensity(problem, null), {
    cells: new Array<number>(problem.dim).fill(cells),
    frames: 11,
  });
  const N = sol.logp.length / sol.times.length;
  const xs = gridCoordinates(sol.grid);
  const ex = new Float64Array(N);
  let l2 = 0;
  let max = 0;
  let massErr = 0;
  const vol = sol.grid.axes.reduce((v, a) => v * (a[1] - a[0]), 1);
  for (let k = 0; k < sol.times.length; k++) {
    let mass = 0;
    for (let i = 0; i < N; i++) mass += Math.exp(sol.logp[k * N + i]) * vol;
    massErr = Math.max(massErr, Math.abs(mass - 1));
    if (sol.times[k] < 0.1 * problem.horizon - 1e-12) continue;
    ref.logDensity(xs, sol.times[k], ex, N);
    let num = 0;
    let den = 0;
    let peak = 0;
    for (let i = 0; i < N; i++) peak = Math.max(peak, ex[i]);
    for (let i = 0; i < N; i++) {
      const p = Math.exp(ex[i]);
      const e = sol.logp[k * N + i] - ex[i];
      num += p * e * e;
      den += p * ex[i] * ex[i];
      if (ex[i] > peak + Math.log(0.01)) max = Math.max(max, Math.abs(e / ex[i]));
    }
    l2 = Math.max(l2, Math.sqrt(num / den));
  }
  return { l2, max, massErr, sol, fwd, ref };
}

describe('grid solution (Fokker–Planck, Scharfetter–Gummel fluxes)', () => {
  it('1-D: V within a few percent on the bulk of the mass for t ≤ 0.9T, converging under refinement', () => {
    const p = diffusionProblem(ONE_D);
    // Second order in h (and in the time step, which is ∝ h²): the error falls ~4× per halving.
    const e = [50, 100, 200].map((c) => errors(p, c));
    for (const r of e) expect(r.massErr).toBeLessThan(1e-12);
    expect(e[1].l2).toBeLessThan(0.35 * e[0].l2);
    expect(e[2].l2).toBeLessThan(0.35 * e[1].l2);
    expect(e[2].l2).toBeLessThan(0.002);
    expect(e[2].max).toBeLessThan(0.005);
  });

  it('2-D ring: within a few percent at 100² cells, converging under refinement', () => {
    const p = diffusionProblem(RING);
    const [a, b] = [50, 100].map((c) => errors(p, c));
    expect(b.massErr).toBeLessThan(1e-12);
    expect(b.l2).toBeLessThan(0.35 * a.l2);
    expect(b.l2).toBeLessThan(0.005);
    expect(b.max).toBeLessThan(0.03);
    // Fields: V and u at off-grid points against the exact mixture, relative to |u*|.
    const n = 2000;
    const xs = soa(2, n);
    const t = 0.5;
    b.ref.sample(p.horizon - t, new Random(4), xs, n);
    const fields = gridFields(b.sol, b.fwd);
    const ug = soa(2, n);
    const ue = soa(2, n);
    fields.control(xs, t, ug, n);
    b.ref.control(xs, t, ue, n);
    let num = 0;
    let den = 0;
    for (let i = 0; i < 2; i++)
      for (let q = 0; q < n; q++) {
        num += (ug[i][q] - ue[i][q]) ** 2;
        den += ue[i][q] ** 2;
      }
    expect(Math.sqrt(num / den)).toBeLessThan(0.02);
  });

  it('a nonlinear drift through the kernel: the stationary density of dY = −Y³ ds + dB stays put', () => {
    const p = diffusionProblem(
      `{ data: { logDensity: ([x]) => -x * x * x * x / 2, dim: 1 }, bounds: [-3, 3], forward: { drift: ([x], t) => [-x * x * x], sigma: (t) => 1 } }`,
    );
    const fwd = forwardProcess(p);
    expect(fwd.linear).toBeNull();
    const errs = [100, 200].map((c) => {
      const sol = solveFokkerPlanck(fwd, p.bounds, dataLogDensity(p, null), { cells: [c], frames: 3 });
      let e = 0;
      for (let i = 0; i < c; i++) e = Math.max(e, Math.abs(sol.logp[2 * c + i] - sol.logp[i]));
      return e;
    });
    // Discrete stationarity holds only up to the scheme's error: small, and shrinking with h.
    expect(errs[0]).toBeLessThan(0.05);
    expect(errs[1]).toBeLessThan(0.5 * errs[0]);
  });
});
