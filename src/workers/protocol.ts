/**
 * Plain-data messages between the UI and the lab worker. A compiled problem holds
 * functions (kernels) and cannot cross a worker boundary: the worker compiles the source
 * itself and sends back this summary.
 */
import { listSolvers } from '../core/solvers/registry';
import type { AnyProblem, SettingSpec, SettingValues } from '../core/solvers/solver';
import type {
  CompiledProblem,
  CompileResult,
  Diagnostic,
  DiffusionProblem,
  ParameterSpec,
  StateSpec,
} from '../core/problem/types';

/** A state as the UI sees it: its spec without the vector grouping. */
export type StateSummary = Omit<StateSpec, 'group'>;

export interface ControlSummary {
  name: string;
  label: string;
  min: number;
  max: number;
}

export interface ProblemSummary {
  kind: 'control' | 'diffusion';
  title: string;
  states: StateSummary[];
  controls: ControlSummary[];
  parameters: ParameterSpec[];
  objective: 'maximize' | 'minimize' | null;
  discount: number | null;
  horizon: number | null;
  noiseDim: number;
  hasExact: boolean;
  hasTarget: boolean;
  latex: Record<string, string>;
  /** Every registered solver, in panel order, with what it says about this problem. */
  solvers: SolverOffer[];
  /** A diffusion problem's `points` data (the first DATA_POINTS_SHOWN), for the lab to draw. */
  dataPoints?: number[][];
}

/** Points a compile reply carries for drawing: the reply crosses to the UI on every edit. */
export const DATA_POINTS_SHOWN = 5000;

/** A solver as the panel needs it for one problem: its form, its defaults, and whether it takes the problem. */
export interface SolverOffer {
  id: string;
  title: string;
  description: string;
  /** null when the solver accepts the problem; else the sentence saying why not. */
  refusal: string | null;
  settings: SettingSpec[];
  defaults: SettingValues;
}

export function solverOffers(p: AnyProblem): SolverOffer[] {
  return listSolvers().map((s) => {
    const refusal = s.accepts(p);
    return {
      id: s.id,
      title: s.title,
      description: s.description,
      refusal,
      settings: refusal === null ? [...s.settings.describe(p)] : [],
      defaults:
        refusal !== null ? {} : s.settings.labDefaults ? s.settings.labDefaults(p) : s.settings.defaults(p),
    };
  });
}

export interface CompileReply {
  ok: boolean;
  diagnostics: Diagnostic[];
  problem: ProblemSummary | null;
  ms: number;
}

function controlSummary(p: CompiledProblem): ProblemSummary {
  return {
    kind: 'control',
    title: p.title,
    states: p.states.map((s) => ({
      name: s.name,
      label: s.label,
      min: s.min,
      max: s.max,
      periodic: s.periodic,
      boundary: s.boundary,
      spacing: s.spacing,
    })),
    controls: p.controls.map((c) => ({ name: c.name, label: c.label, min: c.min, max: c.max })),
    parameters: p.parameters,
    objective: p.objective,
    discount: p.discount,
    horizon: p.horizon,
    noiseDim: p.noiseDim,
    hasExact: p.kernels.exact !== undefined,
    hasTarget: p.kernels.target !== undefined,
    latex: p.latex,
    solvers: solverOffers(p),
  };
}

function diffusionSummary(p: DiffusionProblem): ProblemSummary {
  return {
    kind: 'diffusion',
    title: p.title,
    states: p.names.map((name, i) => ({
      name,
      label: name,
      min: p.bounds.min[i],
      max: p.bounds.max[i],
      periodic: false,
      boundary: 'reflect',
      spacing: 'uniform',
    })),
    controls: [],
    parameters: p.parameters,
    objective: null,
    discount: null,
    horizon: p.horizon,
    noiseDim: p.dim,
    hasExact: p.data.type === 'mixture',
    hasTarget: false,
    latex: p.latex,
    solvers: solverOffers(p),
    ...(p.data.type === 'points' ? { dataPoints: p.data.points.slice(0, DATA_POINTS_SHOWN) } : {}),
  };
}

export function summarize(result: CompileResult, ms: number): CompileReply {
  const p = result.problem;
  const ok = p !== null && !result.diagnostics.some((d) => d.severity === 'error');
  return {
    ok,
    diagnostics: result.diagnostics,
    problem: p === null ? null : p.kind === 'control' ? controlSummary(p) : diffusionSummary(p),
    ms,
  };
}
