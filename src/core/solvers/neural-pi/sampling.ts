/**
 * State samples over the box: stratified starts for the evaluation (one stratum per start
 * along each axis, Latin hypercube in d > 1), uniform collocation states, and the fixed
 * test set of the diagnostics (a uniform grid for d ≤ 2, seeded uniform points above).
 */
import { gridCoordinates, makeGrid } from '../../grid/tensor';
import { Random } from '../../sim/random';
import type { SolverProblem } from '../problem';

/** Latin hypercube over the box: n×d row-major. */
export function stratifiedStarts(problem: SolverProblem, n: number, rng: Random): Float64Array {
  const d = problem.states.length;
  const out = new Float64Array(n * d);
  const perm = new Int32Array(n);
  problem.states.forEach((s, i) => {
    for (let p = 0; p < n; p++) perm[p] = p;
    if (i > 0)
      for (let p = n - 1; p > 0; p--) {
        const j = Math.floor(rng.uniform() * (p + 1));
        const t = perm[p];
        perm[p] = perm[j];
        perm[j] = t;
      }
    for (let p = 0; p < n; p++) out[p * d + i] = s.min + ((perm[p] + rng.uniform()) / n) * (s.max - s.min);
  });
  return out;
}

/**
 * Centre weighting of the samples: a `fraction` of the points, spread evenly over the
 * indices (a Latin hypercube orders its first axis), is drawn towards the box centre, each
 * by its own factor from U(0, 1), a mixture of the box and of boxes shrunk about its centre.
 * In 6-D a uniform sample puts 0.6⁶ ≈ 5 % of its points in the middle 60 % of the box and
 * almost none near the centre, where the closed loop spends its time and the feedback gains
 * are read; with half the points drawn in, 55 % lie there (docs/numerics.md, "Neural policy
 * iteration").
 */
function drawnIn(p: number, fraction: number): boolean {
  return Math.floor((p + 1) * fraction) > Math.floor(p * fraction);
}

/** Centre weighting (above) of n row-major points (n×d), in place. */
export function drawTowardsCentre(
  problem: SolverProblem,
  points: Float64Array,
  n: number,
  fraction: number,
  rng: Random,
): void {
  const d = problem.states.length;
  for (let p = 0; p < n; p++) {
    if (!drawnIn(p, fraction)) continue;
    const s = rng.uniform();
    for (let i = 0; i < d; i++) {
      const c = 0.5 * (problem.states[i].min + problem.states[i].max);
      points[p * d + i] = c + s * (points[p * d + i] - c);
    }
  }
}

/** Uniform points in the box with centre weighting (above), structure of arrays. */
export function centreWeightedStates(
  problem: SolverProblem,
  n: number,
  rng: Random,
  fraction: number,
): Float64Array[] {
  const xs = uniformStates(problem, n, rng);
  for (let p = 0; p < n; p++) {
    if (!drawnIn(p, fraction)) continue;
    const s = rng.uniform();
    problem.states.forEach((st, i) => {
      const c = 0.5 * (st.min + st.max);
      xs[i][p] = c + s * (xs[i][p] - c);
    });
  }
  return xs;
}

/** Uniform points in the box, structure of arrays. */
export function uniformStates(problem: SolverProblem, n: number, rng: Random, fraction = 1): Float64Array[] {
  return problem.states.map((s) => {
    const margin = ((1 - fraction) / 2) * (s.max - s.min);
    const a = s.min + margin;
    const w = s.max - s.min - 2 * margin;
    const x = new Float64Array(n);
    for (let p = 0; p < n; p++) x[p] = a + w * rng.uniform();
    return x;
  });
}

/** The diagnostics' test states over the central `fraction` of the box. */
export function testStates(problem: SolverProblem, fraction: number): { xs: Float64Array[]; n: number } {
  const d = problem.states.length;
  if (d <= 2) {
    const nodes = d === 1 ? 201 : 41;
    const grid = makeGrid(
      problem.states.map((s) => {
        const margin = ((1 - fraction) / 2) * (s.max - s.min);
        return {
          min: s.min + margin,
          max: s.max - margin,
          n: nodes,
          spacing: 'uniform' as const,
          periodic: false,
        };
      }),
    );
    const xs = gridCoordinates(grid);
    return { xs, n: xs[0].length };
  }
  // A fixed stream: every run of a problem is measured on the same states.
  const n = 2000;
  return { xs: uniformStates(problem, n, new Random(0x7e57), fraction), n };
}
