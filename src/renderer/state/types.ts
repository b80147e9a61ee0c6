/** The lab's UI state types: runs of this session and what the view shows. */
import type { GridGeometry } from '../../core/grid/tensor';
import type { RunHistory, SettingValues } from '../../core/solvers/solver';
import type { RunResult, SolveProgress } from '../../workers/lab-api';
import type { ProblemSummary } from '../../workers/protocol';
import type { ColormapName } from '../view/colormap';

/** Exactly the strings the `status` test id shows. */
export type RunStatus = 'idle' | 'running' | 'converged' | 'finished' | 'cancelled' | `failed: ${string}`;

export interface Run {
  id: string;
  label: string;
  status: RunStatus;
  /** Paused by the user (only while running). */
  paused: boolean;
  /** A live re-solve (it replaces the previous live run rather than piling up). */
  live: boolean;
  problem: ProblemSummary;
  source: string;
  overrides: Record<string, number>;
  /** The registered solver's id. */
  solver: string;
  settings: SettingValues;
  startedAt: number;
  /** Live history, grown from progress messages; replaced by the result's history at the end. */
  history: RunHistory;
  progress: SolveProgress | null;
  /** The grid of the live snapshots (sent with the first one), before the result arrives. */
  liveGrid: GridGeometry | null;
  /** Latest snapshot of V (problem's own sense) while running. */
  snapshot: Float64Array | null;
  /** 1-D infinite horizon: every snapshot, so convergence V_k(x) can be drawn as a surface. */
  snapshots: Float64Array[];
  result: RunResult | null;
}

/** What colours the surface; 'difference' is |V − V of the compared run|. */
export type Overlay = 'value' | 'residual' | 'error' | 'difference' | `policy:${number}`;

export interface ViewState {
  colormap: ColormapName;
  overlay: Overlay;
  contours: boolean;
  vectorField: boolean;
  /** 3-D state: which two axes form the surface, and the index along the third. */
  axes: [number, number];
  sliceIndex: number;
  isosurface: boolean;
  camera: 'iso' | 'top' | 'front';
  cameraNonce: number;
}

export interface TrajectoryBundle {
  id: string;
  runId: string;
  from: number[];
  d: number;
  paths: number;
  steps: number;
  times: Float64Array;
  /** paths × steps × d, row-major. */
  states: Float64Array;
  /** paths × steps cumulative discounted reward (problem's own sense). */
  reward: Float64Array;
  mean: Float64Array;
}
