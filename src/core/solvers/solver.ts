/**
 * The contract every solver meets. A solver is a folder under src/core/solvers/ whose
 * index.ts exports one SolverDefinition, and one line in registry.ts; workers, the
 * renderer and the CLI know solvers only through this interface (docs/architecture.md,
 * "Adding a solver").
 *
 * Everything here is plain data and typed arrays so that settings, progress and results
 * cross a worker boundary by structured clone (arrays by transfer).
 */
import type { GridGeometry } from '../grid/tensor';
import type { CompiledProblem, DiffusionProblem } from '../problem/types';
import type { JsonValue } from '../project/json-value';
import type { StoredArray } from '../project/array-codec';

/** What a solver may be offered: a control problem or a diffusion problem. */
export type AnyProblem = CompiledProblem | DiffusionProblem;

export type SettingValue = number | string | boolean | number[];
export type SettingValues = Record<string, SettingValue>;

/**
 * One setting, described once: the panel's form, the CLI's `--setting NAME=VALUE` flags
 * and the validator (validateSettings, parseSetting in settings-spec.ts) are all derived
 * from it. Every entry point (panel, worker, CLI, project files) validates through it.
 */
export interface SettingSpec {
  name: string;
  label: string;
  kind: 'integer' | 'number' | 'boolean' | 'choice' | 'integer-list';
  /** Inclusive bounds of a number (of each entry of an integer list). */
  min?: number;
  max?: number;
  /** The allowed values of a `choice`. */
  choices?: readonly string[];
  help: string;
  /** A short CLI flag kept for convenience (grid: `--grid 201x201`, `--method value`). */
  flag?: string;
  /**
   * An `integer-list`: the name of each entry (the problem's states or controls); the list
   * must have exactly this many.
   */
  entries?: readonly string[];
  /** Only meaningful for some problems (e.g. finite horizon): the form hides it when false. */
  relevant?: boolean;
}

export interface SolverSettingsSpec {
  /**
   * The descriptions for this problem (a list's length may follow the dimension); without a
   * problem, the problem-independent description (help texts, `hjb solvers`).
   */
  describe(problem?: AnyProblem): readonly SettingSpec[];
  /** Defaults: what a solve uses for every setting not given. */
  defaults(problem: AnyProblem): SettingValues;
  /**
   * The lab's form defaults where they differ from `defaults` (the grid solver: a 1-D
   * infinite-horizon problem solves on its final grid only, so the view can draw every
   * iterate V_k(x)). Absent: `defaults`.
   */
  labDefaults?(problem: AnyProblem): SettingValues;
}

/** The fields the view draws, on a display grid; the view and the exports read nothing else. */
export interface DisplayFields {
  /**
   * The display grid. For d ≤ 3 it spans every state; for d > 3 it spans the two states
   * named in `slice.axes` and the others sit at `slice.at`.
   */
  grid: GridGeometry;
  slice?: { axes: [number, number]; at: number[] };
  /** V in the problem's own sense (cost-to-go for minimize); t = 0 for finite horizon. */
  value: Float64Array;
  /** One field per control. */
  policy: Float64Array[];
  /** HJB residual per node, problem's own sense, when the solver computes one. */
  residual?: Float64Array;
  /** The problem's exact solution on the same nodes, when it has one. */
  exact?: { value: Float64Array; policy: Float64Array[] };
  /** Finite horizon: stored times and V, policy at each (time-major: times.length · nodes). */
  times?: Float64Array;
  values?: Float64Array;
  policies?: Float64Array[];
}

/** A snapshot for the live view: V (and optionally the policy) on the display grid. */
export interface DisplaySnapshot {
  grid: GridGeometry;
  value: Float64Array;
  policy?: Float64Array[];
}

export interface SolverProgress {
  iteration: number;
  /** Seconds since the solve started. */
  elapsed: number;
  /** Named series (residualMax, policyChanges, valueLoss, …): the chart plots each one. */
  metrics: Record<string, number>;
  /** A short phrase for the progress line ("level 2 of 3", "episode 40"). */
  phase?: string;
  /** How far along the run is, in [0, 1], when the solver can tell (the progress bar and ETA). */
  fraction?: number;
  /** Every so often: the current value for the live view. */
  snapshot?: DisplaySnapshot;
}

/** How the convergence chart draws one named metric series. */
export interface MetricSpec {
  name: string;
  label: string;
  /** 'log': a residual, loss or error (left, log axis); 'linear': a count (right axis). */
  scale: 'log' | 'linear';
}

export interface CancelSignal {
  readonly cancelled: boolean;
}

export interface SolverHooks {
  onProgress?: (p: SolverProgress) => void;
  /** An object with a `cancelled` flag (e.g. backed by a SharedArrayBuffer) or an AbortSignal. */
  signal?: CancelSignal | AbortSignal;
  /**
   * Called by the solver between iterations: returns when the run may go on (it blocks
   * or resolves later while the user holds the run paused; one call per Step). An
   * asynchronous solver awaits it; a synchronous one calls it and ignores the result.
   */
  checkpoint?: () => void | Promise<void>;
  /** Iterations between snapshots (0: none). */
  snapshotEvery?: number;
}

export type RunStatus = 'converged' | 'done' | 'max-iterations' | 'cancelled' | 'diverged';

/** One row per reported iteration; every metric series has the length of `iteration`. */
export interface RunHistory {
  iteration: number[];
  /** Seconds since the start at each row. */
  seconds: number[];
  metrics: Record<string, number[]>;
}

export interface SolverResult {
  solver: string;
  status: RunStatus;
  warnings: string[];
  seconds: number;
  iterations: number;
  history: RunHistory;
  display: DisplayFields;
  /**
   * Plain figures for the runs list, the CLI and project files (residualMax, valueError,
   * valueErrorRelative, policyError, method, iterationsPerLevel, …): numbers, strings,
   * booleans and number lists only.
   */
  summary: Record<string, number | string | boolean | number[]>;
}

/**
 * A batch function over n points in structure-of-arrays form: xs[i][p] is state i at
 * point p; out[j][p] receives output j (one per control for a policy, one for a value).
 */
export type BatchField = (xs: readonly Float64Array[], t: number, out: Float64Array[], n: number) => void;

/** What a run keeps in a project file besides its id, label and date. */
export interface StoredRun {
  summary: Record<string, JsonValue>;
  arrays: Record<string, StoredArray>;
}

export interface SolverDefinition<R extends SolverResult = SolverResult> {
  readonly id: string;
  readonly title: string;
  /** One sentence for `hjb solvers` and the panel. */
  readonly description: string;
  /** What it takes, in a few words, for `hjb solvers` ("control problems with 1–4 states"). */
  readonly scope?: string;
  /** null when the solver can take the problem; else a sentence saying why not and what to pick. */
  accepts(problem: AnyProblem): string | null;
  readonly settings: SolverSettingsSpec;
  /** The metric series its progress and history carry, in chart order (others plot by name on the log axis). */
  readonly metrics?: readonly MetricSpec[];
  /**
   * Settings for re-solving while the user edits (coarse enough for well under a second),
   * given the user's settings and the number of states; null: no live mode for this size.
   * Absent: the solver has no live mode.
   */
  liveSettings?(settings: SettingValues, states: number): SettingValues | null;
  solve(problem: AnyProblem, settings: SettingValues, hooks: SolverHooks): R | Promise<R>;
  /** The solved feedback a(x, t), for closed-loop simulation, trajectories and the vector field. */
  policy(problem: AnyProblem, result: R): BatchField;
  /** The solved value V(x, t) in the problem's own sense. */
  value(problem: AnyProblem, result: R): BatchField;
  /**
   * What a project file keeps of a result. It must be self-contained: fromRun rebuilds the
   * result from it alone, because the lab reopens a file on the UI thread, where the problem
   * is not compiled (its kernels live in the worker).
   */
  toRun(result: R): StoredRun;
  /** Rebuild a result from a project file without solving again; throws an Error naming what is missing. */
  fromRun(run: StoredRun): R;
}
