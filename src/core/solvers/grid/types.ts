/** Results and progress of the grid solver: plain data and typed arrays (structured-clonable). */
import type { GridGeometry } from '../../grid/tensor';

export interface ExactError {
  /** On the middle 60 % of the box: max |V − V*|, and that divided by max |V*| there. */
  value: { max: number; relMax: number };
  /** max over controls of max |a − a*| on the middle 60 % (absent when the problem gives no exact policy). */
  policy?: { max: number };
}

export interface GridHistory {
  iteration: number[];
  residualMax: number[];
  residualL2: number[];
  policyChanges: number[];
  seconds: number[];
}

/** 'done': a finite-horizon run stepped back to t = 0 (there is nothing to converge). */
export type GridStatus = 'converged' | 'max-iterations' | 'cancelled' | 'done';

export interface GridSolution {
  solver: 'grid';
  method: 'howard' | 'value' | 'implicit' | 'explicit';
  grid: GridGeometry;
  /** V at the nodes (t = 0 for finite horizon), in the problem's own sense (cost-to-go for minimize). */
  value: Float64Array;
  /** Policy per control at the nodes (t = 0 for finite horizon); soft HJB: the mean action. */
  policy: Float64Array[];
  /** HJB residual ρV − max_a{r + L^a V} per node, in the problem's own sense (0 on Dirichlet rows). */
  residual: Float64Array;
  residualMax: number;
  residualL2: number;
  history: GridHistory;
  /** Infinite horizon: iterations on each grid of a coarse-to-fine solve, coarsest first. */
  levels?: number[];
  exactError?: ExactError;
  iterations: number;
  seconds: number;
  status: GridStatus;
  warnings: string[];
  /** Finite horizon: stored times, and V and the policy at each (time-major: times.length·nodes). */
  times?: Float64Array;
  values?: Float64Array;
  policies?: Float64Array[];
}

export interface GridProgress {
  iteration: number;
  residualMax: number;
  residualL2: number;
  policyChanges: number;
  exactError?: ExactError;
  elapsed: number;
  /** 0 on the final grid; k > 0 on the k-th coarser grid of a coarse-to-fine start. */
  level: number;
  /** Grids in all (1 without a coarse-to-fine start): this one is number `levels − level`. */
  levels: number;
  /** Finite horizon: the time just computed. */
  time?: number;
  /** Every few iterations on the final grid: a copy of V in the problem's own sense. */
  snapshot?: Float64Array;
}

export interface CancelSignal {
  readonly cancelled: boolean;
}

export interface SolveHooks {
  onProgress?: (p: GridProgress) => void;
  /** An object with a `cancelled` flag (e.g. backed by a SharedArrayBuffer) or an AbortSignal. */
  signal?: CancelSignal | AbortSignal;
  /** Iterations between snapshots of V (default 5; 0 disables them). */
  snapshotEvery?: number;
}
