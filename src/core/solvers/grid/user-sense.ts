/** Between the solver's internal sense (always maximize) and the problem's own. */

/** V in the problem's own sense (cost-to-go for minimize); always a copy. */
export function userValue(V: Float64Array, sense: 1 | -1): Float64Array {
  if (sense === 1) return V.slice();
  const out = new Float64Array(V.length);
  for (let i = 0; i < V.length; i++) out[i] = -V[i];
  return out;
}

/** A capped (infinite) value as the user reads it. */
export function formatCap(v: number, sense: 1 | -1): string {
  return (sense * v).toPrecision(3);
}
