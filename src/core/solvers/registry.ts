/**
 * Every solver the lab knows, in the order the panel lists them. Adding a solver is a
 * folder under src/core/solvers/ whose index.ts exports a SolverDefinition, and one line
 * here; the worker, the panel, the charts, the view, simulation, project files and the CLI
 * all find it through this list.
 */
import { diffusionSolver } from './diffusion/index';
import { gridSolver } from './grid/index';
import { neuralPi } from './neural-pi/index';
import { qLearningSolver } from './q-learning/index';
import { SolverError } from './problem';
import type { AnyProblem, SolverDefinition } from './solver';

/** Methods are bivariant in their parameters, so a SolverDefinition<GridResult> is one of these. */
type AnySolver = SolverDefinition;

const builtIn: readonly AnySolver[] = [gridSolver, neuralPi, qLearningSolver, diffusionSolver];

const solvers: AnySolver[] = [...builtIn];

/** The solvers, in panel order. */
export function listSolvers(): readonly SolverDefinition[] {
  return solvers;
}

/** The solver with this id, or undefined. */
export function findSolver(id: string): SolverDefinition | undefined {
  return solvers.find((s) => s.id === id);
}

/** The solver with this id, or a SolverError naming the ones there are. */
export function getSolver(id: string): SolverDefinition {
  const s = findSolver(id);
  if (!s) throw new SolverError(`unknown solver '${id}' (solvers: ${solvers.map((x) => x.id).join(', ')})`);
  return s;
}

/** The first solver, in panel order, that accepts the problem (the default for Run). */
export function defaultSolverFor(problem: AnyProblem): SolverDefinition | undefined {
  return solvers.find((s) => s.accepts(problem) === null);
}

/**
 * Adds a solver at run time. Only tests use it (a test double driven end to end); the
 * shipped solvers are the list above. Returns a function that removes it again.
 */
export function registerSolver(solver: AnySolver): () => void {
  if (solvers.some((s) => s.id === solver.id))
    throw new Error(`a solver '${solver.id}' is already registered`);
  solvers.push(solver);
  return () => {
    const i = solvers.indexOf(solver);
    if (i >= 0) solvers.splice(i, 1);
  };
}
