/**
 * Everything the grid methods share for one grid: geometry, stencil, node coordinates,
 * Dirichlet data, the discrete action set, a kernel runner over all nodes, and the cached
 * diffusion rates when the noise does not depend on the control.
 */
import { stateBoundary } from '../../grid/boundary';
import { gridCoordinates, makeGrid, type GridGeometry } from '../../grid/tensor';
import type { Boundary } from '../../problem/types';
import { KernelRunner } from '../kernels';
import type { SolverProblem } from '../problem';
import { makeActionSet, type ActionSet } from './actions';
import type { GridSettings } from './settings';
import { buildStencil, diffusionRates, type Stencil } from './stencil';

export interface Discretization {
  problem: SolverProblem;
  grid: GridGeometry;
  stencil: Stencil;
  n: number;
  d: number;
  m: number;
  /** Brownian dimension k. */
  k: number;
  /** Discount ρ (0 when absent). */
  rho: number;
  coords: Float64Array[];
  runner: KernelRunner;
  actions: ActionSet;
  /** V on Dirichlet rows (exit reward), internal sense. */
  dirichletValue: Float64Array;
  /** Diffusion rates when Σ does not depend on the control (else null), at time `diffusionTime`. */
  diffusion: Float64Array | null;
  diffusionTime: number;
  /** Nodes where the cross stencil had to be clipped (last computation). */
  clipped: number;
}

export function boundaryKinds(problem: SolverProblem, settings: GridSettings): Boundary[] {
  return problem.states.map((s) =>
    s.periodic || s.boundary === 'periodic'
      ? 'periodic'
      : settings.boundary === 'problem'
        ? stateBoundary(s)
        : settings.boundary,
  );
}

export function createDiscretization(
  problem: SolverProblem,
  settings: GridSettings,
  shape: number[],
): Discretization {
  const kinds = boundaryKinds(problem, settings);
  const grid = gridFor(problem, settings, shape);
  const d = problem.states.length;
  const k = problem.noiseDim;
  const hasCross = d > 1 && k > 0 && !problem.noiseDiagonal;
  const stencil = buildStencil(grid, kinds, hasCross);
  const coords = gridCoordinates(grid);
  const n = stencil.n;
  const runner = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', coords, n);
  const actions = makeActionSet(problem.controls, settings.actions);
  const dirichletValue = new Float64Array(n);
  markTargetAndExit(problem, coords, stencil, dirichletValue);
  return {
    problem,
    grid,
    stencil,
    n,
    d,
    m: problem.controls.length,
    k,
    rho: problem.discount ?? 0,
    coords,
    runner,
    actions,
    dirichletValue,
    diffusion: null,
    diffusionTime: Number.NaN,
    clipped: 0,
  };
}

/** Target nodes become Dirichlet rows; exit rewards are evaluated on all Dirichlet rows. */
function markTargetAndExit(
  problem: SolverProblem,
  coords: Float64Array[],
  st: Stencil,
  g: Float64Array,
): void {
  const { target, exit } = problem.kernels;
  const n = st.n;
  const mid = problem.controls.map((c) => 0.5 * (c.min + c.max));
  if (target) {
    const r = new KernelRunner(problem, target, 'target', coords, n);
    r.setConstantControls(mid, n);
    r.run(n);
    const inside = r.outs[0];
    for (let p = 0; p < n; p++) if (inside[p] > 0.5) st.dirichlet[p] = 1;
  }
  if (exit) {
    const r = new KernelRunner(problem, exit, 'exit', coords, n);
    r.setConstantControls(mid, n);
    r.run(n);
    const out = r.outs[0];
    for (let p = 0; p < n; p++) if (st.dirichlet[p]) g[p] = out[p];
  }
}

/**
 * Makes `disc.diffusion` hold the diffusion rates at time t when Σ is control-free
 * (evaluating Σ once with the current control inputs of the runner, which it ignores).
 */
export function ensureDiffusion(disc: Discretization, t: number): void {
  const { problem, runner, n, d, k } = disc;
  if (!problem.noiseControlFree || k === 0) return;
  if (disc.diffusion && (disc.diffusionTime === t || !problem.timeDependent)) return;
  const mid = problem.controls.map((c) => 0.5 * (c.min + c.max));
  runner.setConstantControls(mid, n);
  runner.t.fill(t, 0, n);
  runner.run(n, disc.stencil.dirichlet);
  disc.diffusion ??= new Float64Array(n * disc.stencil.slots);
  disc.clipped = diffusionRates(disc.stencil, runner.outs.slice(d, d + d * k), k, disc.diffusion);
  disc.diffusionTime = t;
}

/**
 * The tensor grid the solver uses for `shape` (periodic states are uniform and do not
 * repeat their end point). The UI draws live snapshots of V on it before the solution,
 * which carries the same grid, arrives.
 */
export function gridFor(
  problem: SolverProblem,
  settings: GridSettings,
  shape: readonly number[],
): GridGeometry {
  const kinds = boundaryKinds(problem, settings);
  return makeGrid(
    problem.states.map((s, i) => ({
      min: s.min,
      max: s.max,
      n: shape[i],
      spacing: kinds[i] === 'periodic' ? 'uniform' : s.spacing,
      periodic: kinds[i] === 'periodic',
    })),
  );
}
