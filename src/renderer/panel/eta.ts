/**
 * Progress fraction and ETA of a grid solve, from what the progress messages say.
 * Finite horizon: the backward sweep's position in [0, T]. Infinite horizon: how far the
 * residual has come down on a log scale from its first value towards the tolerance
 * (Howard converges superlinearly, so this errs on the pessimistic side), bounded below by
 * the iteration count over the maximum.
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

/** Seconds remaining, or null while there is too little to go on. */
export function etaSeconds(p: EtaInput): number | null {
  const f = progressFraction(p);
  if (f < 0.02 || p.elapsed <= 0) return null;
  return (p.elapsed * (1 - f)) / f;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

export function formatSeconds(s: number): string {
  // Round first, then choose the unit, so that 0.9996 s is "1.0 s" and 119.6 s is "2 min 0 s".
  if (Math.round(s * 1000) < 1000) return `${Math.round(s * 1000)} ms`;
  if (Math.round(s * 10) < 900) return `${(Math.round(s * 10) / 10).toFixed(1)} s`;
  const total = Math.round(s);
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}
