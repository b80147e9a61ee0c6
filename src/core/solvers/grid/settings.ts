/**
 * Settings of the grid HJB solver: plain data, defaults that depend on the problem, and a
 * description of every field (SettingSpec) from which the form, the CLI flags and the
 * validator (settings-spec.ts) are derived.
 */
import { isUndiscounted, SolverError, type SolverProblem } from '../problem';
import { stripUndefined } from '../../util/strip-undefined';
import { validateSettings } from '../settings-spec';
import type { SettingSpec } from '../solver';

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
  /** Stop when the value changes by less than tol·max(1, |V|∞) between iterations. */
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

/**
 * Every grid setting, described once for this problem (list lengths follow its states and
 * controls): the settings form, the CLI flags and validateSettings derive from it. The
 * node bound is loose on purpose: memory (memoryLimitMB) is the real limit of a grid.
 */
export function gridSettingSpecs(problem?: SolverProblem): SettingSpec[] {
  // Without a problem (help texts, `hjb solvers`): every setting, lists of any length.
  const finite = problem ? problem.horizon !== null : undefined;
  const controlled = problem ? problem.controls.length > 0 : undefined;
  const only = (relevant: boolean | undefined) => (relevant === undefined ? {} : { relevant });
  return [
    {
      name: 'shape',
      label: 'Grid nodes per state',
      kind: 'integer-list',
      min: 3,
      max: 100_000_000,
      ...(problem ? { entries: problem.states.map((x) => x.name) } : {}),
      help: 'nodes per state, e.g. 201x201 (one number: the same for every state)',
      flag: 'grid',
    },
    {
      name: 'actions',
      label: 'Actions per control',
      kind: 'integer-list',
      min: 1,
      max: 1001,
      ...(problem ? { entries: problem.controls.map((c) => c.name) } : {}),
      help: 'discrete actions per control, e.g. 41 or 41x21',
      flag: 'actions',
      ...only(controlled),
    },
    {
      name: 'method',
      label: 'Method',
      kind: 'choice',
      choices: ['howard', 'value'],
      help: 'policy iteration (howard) or value iteration',
      flag: 'method',
      ...only(finite === undefined ? undefined : !finite),
    },
    {
      name: 'refine',
      label: 'Refine actions',
      kind: 'boolean',
      help: 'golden-section search between action nodes',
      flag: 'refine',
      ...only(controlled),
    },
    {
      name: 'tol',
      label: 'Tolerance',
      kind: 'number',
      min: 1e-14,
      max: 0.5,
      help: 'stop when V changes by less than tol·max(1, |V|)',
      flag: 'tol',
    },
    {
      name: 'maxIter',
      label: 'Max iterations',
      kind: 'integer',
      min: 1,
      max: 1_000_000,
      help: 'outer iterations per grid level',
      flag: 'max-iter',
    },
    {
      name: 'times',
      label: 'Stored times',
      kind: 'integer',
      min: 2,
      max: 1001,
      help: 'finite horizon: times in [0, T] kept for the view',
      flag: 'times',
      ...only(finite),
    },
    {
      name: 'timeSteps',
      label: 'Time steps',
      kind: 'integer',
      min: 1,
      max: 1_000_000,
      help: 'finite horizon: implicit steps over [0, T]',
      ...only(finite),
    },
    {
      name: 'stepping',
      label: 'Time stepping',
      kind: 'choice',
      choices: ['implicit', 'explicit'],
      help: 'finite horizon: explicit steps follow the CFL bound',
      ...only(finite),
    },
    {
      name: 'temperature',
      label: 'Temperature α',
      kind: 'number',
      min: 0,
      max: 1e6,
      help: 'soft-max temperature; 0 = hard max',
    },
    {
      name: 'boundary',
      label: 'Boundary',
      kind: 'choice',
      choices: ['problem', 'reflect', 'exit', 'constraint'],
      help: "override for non-periodic states ('problem' keeps each state's own)",
    },
    {
      name: 'multilevel',
      label: 'Coarse-to-fine start',
      kind: 'boolean',
      help: 'solve coarser grids first and start from their solution',
    },
    {
      name: 'linearSolver',
      label: 'Linear solver',
      kind: 'choice',
      choices: ['auto', 'gmres', 'bicgstab', 'gauss-seidel'],
      help: 'policy evaluation',
    },
    {
      name: 'memoryLimitMB',
      label: 'Memory limit (MiB)',
      kind: 'integer',
      min: 16,
      max: 1_048_576,
      help: 'refuse to start when the estimated memory is above this',
      flag: 'memory-limit',
    },
  ];
}

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
  const fail = (msg: string): never => {
    throw new SolverError(`invalid grid solver settings: ${msg}`);
  };
  if (problem.states.length < 1) fail('the problem has no states');
  validateSettings(gridSettingSpecs(problem), s as unknown as Record<string, unknown>, 'grid solver');
  if (problem.horizon === null && isUndiscounted(problem) && !problem.kernels.target) {
    const exits = problem.states.some((st) => st.boundary === 'exit') || s.boundary === 'exit';
    if (!exits) fail('an infinite-horizon problem needs a discount ρ > 0, a target set or exit faces');
  }
  return s;
}
