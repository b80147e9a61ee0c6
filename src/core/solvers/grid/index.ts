/**
 * The grid HJB solver's public face: its SolverDefinition and the few names callers outside
 * the folder need (the benchmark and tests reach solveGrid; the worker's warm-up too).
 */
export { gridSolver, gridDefaults, gridResult, type GridResult } from './definition';
export { solveGrid, gridLevels } from './solve';
export { defaultGridSettings, resolveGridSettings, type GridSettings } from './settings';
export type { GridSolution, GridProgress, GridStatus, ExactError } from './types';
