/**
 * Warm-up of a fresh solve worker: one small solve through every common path of the grid
 * solver (2-D stencil with noise, refined continuous control, coarse-to-fine levels, GMRES
 * with the multigrid V-cycle and line smoothing), so that the JavaScript engine has
 * optimized the numeric core before the user's first solve. Measured in a fresh worker: the
 * first 101² double-integrator solve took about 0.45 s, five times a warm one; the warm-up
 * itself takes about 0.15 s cold and is done while the lab starts (or, in the benchmark,
 * reported on its own line).
 */
import { compileProblem } from '../core/problem/compile';
import { solveGrid } from '../core/solvers/grid/index';

const SOURCE = `import { problem } from 'hjb-lab';
export default problem({
  title: 'warm-up',
  states: { x: [-2, 2], v: [-2, 2] },
  controls: { u: [-2, 2] },
  maximize: ({ x, v }, { u }) => -(x * x + 0.5 * v * v + 0.5 * u * u),
  discount: 0.2,
  drift: ({ v }, { u }) => ({ x: v, v: u }),
  noise: { v: 0.3 },
});`;

/** Runs the warm-up solve: its wall time, and whether it converged. Never throws. */
export function warmUp(): { seconds: number; converged: boolean } {
  const t0 = performance.now();
  let converged = false;
  try {
    const r = compileProblem(SOURCE);
    if (r.problem && r.problem.kind === 'control')
      converged = solveGrid(r.problem, { shape: [81, 81], actions: [21] }).status === 'converged';
  } catch {
    // A warm-up that fails costs nothing but its time: the real solve reports real errors.
  }
  return { seconds: (performance.now() - t0) / 1000, converged };
}
