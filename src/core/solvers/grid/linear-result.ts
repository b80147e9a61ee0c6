/**
 * What every policy-evaluation solver returns, in a file of its own so that the Krylov
 * solvers (bicgstab.ts, gmres.ts) and the dispatcher (linear.ts) do not import each other.
 */
export interface LinearResult {
  iterations: number;
  /**
   * Max residual scaled by diag·max(1, |V|) at each row (rowScales in system.ts; GS: max
   * relative update of the last sweep).
   */
  residual: number;
  converged: boolean;
  cancelled: boolean;
}

export type CancelCheck = () => boolean;
