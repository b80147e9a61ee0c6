/**
 * Memory estimate of a grid solve, checked before anything large is allocated
 * (docs/numerics.md §10.5). Counts the typed arrays the methods allocate per node; a coarse-to-fine start
 * adds the coarser grids (a geometric series in 2^−d).
 */
import type { SolverProblem } from '../problem';
import { RESTART } from './gmres';
import type { GridSettings } from './settings';

export function estimateBytes(problem: SolverProblem, s: GridSettings): number {
  const d = problem.states.length;
  const m = problem.controls.length;
  const k = problem.noiseDim;
  const n = s.shape.reduce((a, b) => a * b, 1);
  const hasCross = d > 1 && k > 0 && !problem.noiseDiagonal;
  const slots = 2 * d + (hasCross ? 2 * d * (d - 1) : 0);
  const actions = s.actions.reduce((a, b) => a * b, 1);
  let doubles =
    // V, old V, best, residual, q, qDiff, out, diag, rhs, reward, Dirichlet values, golden section (6)
    17 +
    // differences (2d), coordinates (d), kernel inputs (m + 1) and outputs (d + dk + 1), policy ×2 + exact
    2 * d +
    d +
    (m + 1) +
    (d + d * k + 1) +
    3 * m +
    (1 + m) +
    // rates, cached diffusion, per-action diffusion scratch
    slots * (k > 0 && !problem.noiseControlFree ? 3 : 2);
  let ints = slots + d + (1 << d);
  if (s.method === 'howard' || problem.horizon !== null) {
    // Multigrid: CSR values and columns (slots + 1), slot positions; line smoother: three
    // Thomas coefficients, in-line and off-line positions. GMRES: 2·RESTART + 1 Krylov
    // vectors and 2 more (BiCGSTAB needs fewer).
    doubles += slots + 1 + 3 + 2 * RESTART + 3;
    ints += 2 * (slots + 1) + 3 + 2 * slots;
  }
  if (s.temperature > 0) doubles += actions + slots + 2;
  if (problem.horizon !== null) doubles += s.times * (1 + m) + 1;
  const perNode = 8 * doubles + 4 * ints + 1;
  const levels = s.multilevel ? 1 / (1 - 2 ** -d) : 1;
  return Math.ceil(n * perNode * levels);
}

export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  return `${(b / 1024).toFixed(1)} KiB`;
}
