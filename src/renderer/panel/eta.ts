/** The ETA of a run from the fraction its solver reports, and how the solver panel prints seconds. */

/** Seconds remaining, or null while there is too little to go on. */
export function etaSeconds(fraction: number, elapsed: number): number | null {
  if (!(fraction >= 0.02) || elapsed <= 0) return null;
  return (elapsed * (1 - fraction)) / fraction;
}

export function formatSeconds(s: number): string {
  // Round first, then choose the unit, so that 0.9996 s is "1.0 s" and 119.6 s is "2 min 0 s".
  if (Math.round(s * 1000) < 1000) return `${Math.round(s * 1000)} ms`;
  if (Math.round(s * 10) < 900) return `${(Math.round(s * 10) / 10).toFixed(1)} s`;
  const total = Math.round(s);
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}
