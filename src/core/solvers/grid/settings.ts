/**
 * Settings of the grid HJB solver: plain data, defaults that depend on the problem, a
 * validator with user-facing messages, and a description of every field from which the UI
 * generates its settings form.
 */
import { SolverError, type SolverProblem } from '../problem';

export type GridMethod = 'howard' | 'value';
export type TimeStepping = 'implicit' | 'explicit';
/** Policy-evaluation solver; 'auto' is the benchmark winner (see linear.ts). */
export type LinearSolverChoice = 'auto' | 'gauss-seidel' | 'bicgstab' | 'gmres';
/** 'problem' keeps each state's own boundary; otherwise overrides every non-periodic state. */
export type BoundaryOverride = 'problem' | 'reflect' | 'exit' | 'constraint';

export interface GridSettings {
  /** Nodes per state. */
  shape: number[];
  /** Discrete actions per control (a tensor action grid). */
  actions: number[];
  method: GridMethod;
  /** Golden-section refinement of each control around the best discrete action. */
  refine: boolean;
  /** Stop when V changes by less than tol·max(1, |V_p|) at every node p between iterations. */
  tol: number;
  maxIter: number;
  /** Finite horizon: number of stored times in [0, T] (both ends included). */
  times: number;
  /** Finite horizon: implicit time steps over [0, T] (explicit steps follow the CFL bound). */
  timeSteps: number;
  stepping: TimeStepping;
  /** Soft-max temperature α (DESIGN.md §1.1); 0 is the hard max. */
  temperature: number;
  boundary: BoundaryOverride;
  /** Solve on coarser grids first and start from their interpolated solution. */
  multilevel: boolean;
  linearSolver: LinearSolverChoice;
  /** Refuse to start when the estimated memory exceeds this many MiB. */
  memoryLimitMB: number;
}

export interface SettingDescription {
  name: keyof GridSettings;
  label: string;
  type: 'integer' | 'number' | 'boolean' | 'select' | 'integer-list';
  min?: number;
  max?: number;
  options?: readonly string[];
  help: string;
}

export const gridSettingsDescription: readonly SettingDescription[] = [
  {
    name: 'shape',
    label: 'Grid nodes per state',
    type: 'integer-list',
    min: 3,
    max: 20001,
    help: 'e.g. 201 × 201',
  },
  {
    name: 'actions',
    label: 'Actions per control',
    type: 'integer-list',
    min: 1,
    max: 1001,
    help: 'discrete action grid',
  },
  {
    name: 'method',
    label: 'Method',
    type: 'select',
    options: ['howard', 'value'],
    help: 'policy or value iteration',
  },
  {
    name: 'refine',
    label: 'Refine actions',
    type: 'boolean',
    help: 'golden-section search between action nodes',
  },
  { name: 'tol', label: 'Tolerance', type: 'number', min: 1e-14, max: 1, help: 'relative change of V' },
  {
    name: 'maxIter',
    label: 'Max iterations',
    type: 'integer',
    min: 1,
    max: 1_000_000,
    help: 'outer iterations',
  },
  { name: 'times', label: 'Stored times', type: 'integer', min: 2, max: 1001, help: 'finite horizon' },
  {
    name: 'timeSteps',
    label: 'Time steps',
    type: 'integer',
    min: 1,
    max: 1_000_000,
    help: 'implicit, finite horizon',
  },
  {
    name: 'stepping',
    label: 'Time stepping',
    type: 'select',
    options: ['implicit', 'explicit'],
    help: 'explicit is CFL-limited',
  },
  { name: 'temperature', label: 'Temperature α', type: 'number', min: 0, max: 1e6, help: '0 = hard max' },
  {
    name: 'boundary',
    label: 'Boundary',
    type: 'select',
    options: ['problem', 'reflect', 'exit', 'constraint'],
    help: 'override for non-periodic states',
  },
  { name: 'multilevel', label: 'Coarse-to-fine start', type: 'boolean', help: 'solve coarser grids first' },
  {
    name: 'linearSolver',
    label: 'Linear solver',
    type: 'select',
    options: ['auto', 'gmres', 'bicgstab', 'gauss-seidel'],
    help: 'policy evaluation',
  },
  {
    name: 'memoryLimitMB',
    label: 'Memory limit (MiB)',
    type: 'integer',
    min: 16,
    max: 65536,
    help: 'refuse above',
  },
];

const DEFAULT_NODES = [0, 401, 201, 61, 21];
const DEFAULT_ACTIONS = [1, 41, 21, 11];

export function defaultGridSettings(problem: SolverProblem): GridSettings {
  const d = problem.states.length;
  const m = problem.controls.length;
  return {
    shape: problem.states.map(() => DEFAULT_NODES[Math.min(d, 4)] ?? 15),
    actions: problem.controls.map(() => DEFAULT_ACTIONS[Math.min(m, 3)]),
    method: 'howard',
    refine: m > 0,
    tol: 1e-8,
    maxIter: 200,
    times: 21,
    timeSteps: 200,
    stepping: 'implicit',
    temperature: 0,
    boundary: 'problem',
    multilevel: true,
    linearSolver: 'auto',
    memoryLimitMB: 1024,
  };
}

/** Fills missing fields from the defaults and checks every field; throws SolverError. */
export function resolveGridSettings(problem: SolverProblem, partial: Partial<GridSettings>): GridSettings {
  const s: GridSettings = { ...defaultGridSettings(problem), ...stripUndefined(partial) };
  const d = problem.states.length;
  const m = problem.controls.length;
  const fail = (msg: string): never => {
    throw new SolverError(`invalid grid settings: ${msg}`);
  };
  if (d < 1) fail('the problem has no states');
  if (s.shape.length !== d) fail(`the grid needs ${d} sizes (one per state), got ${s.shape.length}`);
  s.shape.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 3)
      fail(`grid size for ${problem.states[i].name} must be an integer ≥ 3 (got ${v})`);
  });
  if (s.actions.length !== m)
    fail(`the action grid needs ${m} sizes (one per control), got ${s.actions.length}`);
  s.actions.forEach((v, j) => {
    if (!Number.isInteger(v) || v < 1)
      fail(`action count for ${problem.controls[j].name} must be an integer ≥ 1 (got ${v})`);
  });
  if (s.method !== 'howard' && s.method !== 'value') fail(`unknown method '${String(s.method)}'`);
  if (s.stepping !== 'implicit' && s.stepping !== 'explicit')
    fail(`unknown stepping '${String(s.stepping)}'`);
  if (!(s.tol > 0 && s.tol < 1)) fail(`tol must be in (0, 1) (got ${s.tol})`);
  if (!Number.isInteger(s.maxIter) || s.maxIter < 1)
    fail(`maxIter must be a positive integer (got ${s.maxIter})`);
  if (!Number.isInteger(s.times) || s.times < 2) fail(`times must be an integer ≥ 2 (got ${s.times})`);
  if (!Number.isInteger(s.timeSteps) || s.timeSteps < 1)
    fail(`timeSteps must be a positive integer (got ${s.timeSteps})`);
  if (!(s.temperature >= 0) || !Number.isFinite(s.temperature))
    fail(`temperature must be ≥ 0 (got ${s.temperature})`);
  if (!['problem', 'reflect', 'exit', 'constraint'].includes(s.boundary))
    fail(`unknown boundary '${s.boundary}'`);
  if (!['auto', 'gauss-seidel', 'bicgstab', 'gmres'].includes(s.linearSolver))
    fail(`unknown linear solver '${s.linearSolver}'`);
  if (!(s.memoryLimitMB > 0)) fail(`memoryLimitMB must be positive (got ${s.memoryLimitMB})`);
  if (
    problem.horizon === null &&
    !(problem.discount !== null && problem.discount > 0) &&
    !problem.kernels.target
  ) {
    const exits = problem.states.some((st) => st.boundary === 'exit') || s.boundary === 'exit';
    if (!exits) fail('an infinite-horizon problem needs a discount ρ > 0, a target set or exit faces');
  }
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(o) as Array<keyof T>) if (o[key] !== undefined) out[key] = o[key];
  return out;
}
