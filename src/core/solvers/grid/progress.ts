/**
 * How far a grid solve has come, for the progress bar and the ETA. Finite horizon: the
 * backward sweep's position in [0, T]. Infinite horizon: how far the residual has come down
 * on a log scale from its first value towards the tolerance (Howard converges
 * superlinearly, so this errs on the pessimistic side), bounded below by the iteration
 * count over the maximum.
 */
export interface EtaInput {
  elapsed: number;
  iteration: number;
  maxIter: number;
  residual: number;
  firstResidual: number;
  tol: number;
  time?: number;
  horizon: number | null;
}

export function progressFraction(p: EtaInput): number {
  if (p.horizon !== null && p.time !== undefined && p.horizon > 0) {
    return clamp01((p.horizon - p.time) / p.horizon);
  }
  const byIter = p.maxIter > 0 ? p.iteration / p.maxIter : 0;
  let byResidual = 0;
  if (p.firstResidual > 0 && p.residual > 0 && p.tol > 0 && p.firstResidual > p.tol) {
    byResidual = Math.log(p.firstResidual / p.residual) / Math.log(p.firstResidual / p.tol);
  }
  return clamp01(Math.max(byIter, byResidual));
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
