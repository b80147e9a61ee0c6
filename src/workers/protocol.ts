/**
 * Plain-data messages between the UI and the lab worker. A compiled problem holds
 * functions (kernels) and cannot cross a worker boundary: the worker compiles the source
 * itself and sends back this summary.
 */
import { defaultGridSettings, type GridSettings } from '../core/solvers/grid/settings';
import type {
  CompiledProblem,
  CompileResult,
  Diagnostic,
  DiffusionProblem,
  ParameterSpec,
  Boundary,
} from '../core/problem/types';

export interface StateSummary {
  name: string;
  label: string;
  min: number;
  max: number;
  periodic: boolean;
  boundary: Boundary;
  spacing: 'uniform' | 'geometric';
}

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
  /** Default grid-solver settings for this problem (control problems only). */
  gridDefaults: GridSettings | null;
}

export interface CompileReply {
  ok: boolean;
  diagnostics: Diagnostic[];
  problem: ProblemSummary | null;
  ms: number;
}

/**
 * The solver's defaults, except that a 1-D infinite-horizon problem solves on its final
 * grid only: the lab draws V_k(x) over the iterations k, so every iterate must live on
 * that grid (a coarse-to-fine start would leave one or two iterates there).
 */
function gridDefaultsFor(p: CompiledProblem): GridSettings {
  const d = defaultGridSettings(p);
  return p.states.length === 1 && p.horizon === null ? { ...d, multilevel: false } : d;
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
    gridDefaults: gridDefaultsFor(p),
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
    gridDefaults: null,
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
