/**
 * What every policy-evaluation solver returns, in a file of its own so that the Krylov
 * solvers (bicgstab.ts, gmres.ts) and the dispatcher (linear.ts) do not import each other.
 */
export interface LinearResult {
  iterations: number;
  /** Max diagonal-scaled residual (GS: max update of the last sweep). */
  residual: number;
  converged: boolean;
  cancelled: boolean;
}

export type CancelCheck = () => boolean;
