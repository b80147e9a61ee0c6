/**
 * The compiled problem model (docs/numerics.md §1): what the problem language produces and
 * what every solver consumes. Plain data plus batch kernels; no DOM, no Node APIs.
 *
 * Conventions (every solver relies on them):
 * - States are scalar. A vector state `x: { dim: 6 }` is expanded to six scalar states
 *   named `x[0]` … `x[5]`, in order, and keeps its group in `StateSpec.group`.
 * - Internally solvers maximize reward. `sense` is +1 for `maximize` and −1 for
 *   `minimize`; the kernels already return reward = sense · (user's reward or cost), and
 *   terminal / exit rewards in the same internal convention. Values reported to users are
 *   multiplied back by `sense` (cost-to-go for `minimize`).
 * - `exact` kernels return the user's value and policy as written, in the problem's own
 *   sense (not multiplied by `sense`).
 * - Kernel inputs are structure-of-arrays: one Float64Array per input symbol, in the
 *   order given by the kernel's `inputs` (see KernelInputs); outputs likewise.
 */
import type { Expr } from '../lang/ir';

/** A span of source text, 1-based lines and columns, plus 0-based character offsets. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: Severity;
}

/**
 * Behaviour of the process at the faces of the box for one state (docs/numerics.md §3):
 * - reflect: pushed back for free (Neumann-like; the default),
 * - periodic: the state wraps (angles),
 * - exit: the process stops at the face and collects the exit reward (Dirichlet),
 * - constraint: controls whose drift leaves the box are inadmissible at the face, and
 *   noise normal to the face vanishes there.
 */
export type Boundary = 'reflect' | 'periodic' | 'exit' | 'constraint';

export interface StateSpec {
  /** Scalar name used in kernels and results: `theta`, or `x[3]` for a vector state. */
  name: string;
  /** Display label (may be Unicode, e.g. θ); defaults to the name. */
  label: string;
  min: number;
  max: number;
  periodic: boolean;
  boundary: Boundary;
  /** Grid spacing hint: geometric requires min > 0 (e.g. wealth). */
  spacing: 'uniform' | 'geometric';
  /** For vector states: the group name (`x`) and index; absent for scalar states. */
  group?: { name: string; index: number; dim: number };
}

export interface ControlSpec {
  name: string;
  label: string;
  min: number;
  max: number;
}

/** A top-level numeric constant of the source: shown as a slider in the inspector. */
export interface ParameterSpec {
  name: string;
  value: number;
  /** Where the numeric literal sits in the source (so a slider can rewrite it). */
  range: SourceRange;
}

/**
 * A compiled batch kernel over structure-of-arrays inputs.
 * `run(ins, outs, n)` evaluates points 0…n−1: ins[i][p] is input i at point p, and
 * outs[j][p] receives output j. Arrays may be longer than n. Pure: no allocation per
 * call beyond what is unavoidable, no hidden state.
 */
export interface BatchKernel {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  run(ins: readonly Float64Array[], outs: readonly Float64Array[], n: number): void;
}

/**
 * The symbolic model, kept for printing (LaTeX, text) and for solvers that need further
 * derivatives (they differentiate and compile these with src/core/lang).
 * Symbols: states by name, controls by name, and `t`.
 */
export interface ProblemExprs {
  /** Drift f_i, one per state (internal order of `states`). */
  drift: Expr[];
  /** Σ as d×k, row-major: noise[i][l]. Empty rows (k = 0) for a deterministic problem. */
  noise: Expr[][];
  /** Reward in the internal maximize convention (sense already applied). */
  reward: Expr;
  /** Terminal reward g(x) for finite horizon (internal convention); absent otherwise. */
  terminal?: Expr;
  /** Exit reward on the target / exit faces (internal convention); 0 when not given. */
  exit?: Expr;
  /** Target set indicator: a boolean-valued expression (1 inside, 0 outside). */
  target?: Expr;
  /** Known solution, in the user's own sense. */
  exactValue?: Expr;
  exactPolicy?: Expr[];
}

/**
 * Kernels compiled from ProblemExprs. Inputs for all kernels: the states in order, then
 * the controls in order, then `t` (kernels whose formula ignores some inputs still take
 * them, so every kernel of a problem is called with the same input arrays).
 */
export interface ProblemKernels {
  /** Outputs: f_0…f_{d−1}, then Σ row-major (d·k entries), then reward. */
  dynamics: BatchKernel;
  /**
   * First derivatives with respect to the controls. Outputs, for each control j in order:
   * ∂f_0/∂a_j … ∂f_{d−1}/∂a_j, ∂Σ (d·k, row-major)/∂a_j, ∂r/∂a_j.
   */
  dynamicsDa: BatchKernel;
  terminal?: BatchKernel;
  exit?: BatchKernel;
  target?: BatchKernel;
  /** Outputs: value, then one policy output per control (policy may be absent: value only). */
  exact?: BatchKernel;
}

export interface CompiledProblem {
  kind: 'control';
  title: string;
  states: StateSpec[];
  controls: ControlSpec[];
  parameters: ParameterSpec[];
  objective: 'maximize' | 'minimize';
  /** +1 for maximize, −1 for minimize. */
  sense: 1 | -1;
  /** ρ for infinite-horizon (or discounted finite-horizon) problems; null when absent. */
  discount: number | null;
  /** T for finite-horizon problems; null for infinite-horizon and exit problems. */
  horizon: number | null;
  /** Number of Brownian motions k (0 for a deterministic problem). */
  noiseDim: number;
  /** True when Σ is a diagonal d×d map (k = d); solvers may skip the cross stencil. */
  noiseDiagonal: boolean;
  /** True when Σ does not depend on the controls. */
  noiseControlFree: boolean;
  /** True when any function depends on t. */
  timeDependent: boolean;
  exprs: ProblemExprs;
  kernels: ProblemKernels;
  /** LaTeX of each part for the inspector. */
  latex: Record<string, string>;
}

/** Result of compiling source text: a problem (control or diffusion) or diagnostics. */
export interface CompileResult {
  problem: CompiledProblem | DiffusionProblem | null;
  diagnostics: Diagnostic[];
}

/** Data sources for diffusion problems (docs/numerics.md §15; docs/architecture.md §4.1). */
export type DiffusionData =
  | { type: 'mixture'; weights: number[]; means: number[][]; covariances: number[][][] }
  | { type: 'toy'; name: string; count: number }
  | { type: 'points'; points: number[][] }
  | { type: 'logDensity'; expr: Expr; kernel: BatchKernel };

export type ForwardSde =
  | { type: 'vp'; betaMin: number; betaMax: number }
  | { type: 'custom'; drift: Expr[]; sigma: Expr; kernel: BatchKernel };

export interface DiffusionProblem {
  kind: 'diffusion';
  title: string;
  dim: number;
  /** Names of the data coordinates (x, y by default in 2-D). */
  names: string[];
  bounds: { min: number[]; max: number[] };
  data: DiffusionData;
  forward: ForwardSde;
  horizon: number;
  parameters: ParameterSpec[];
  latex: Record<string, string>;
}
