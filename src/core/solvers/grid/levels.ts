/** The grids of a coarse-to-fine solve. */

/** Coarser grid shapes, coarsest first, ending with `shape` (nodes nest: (n − 1)/2 + 1). */
export function gridLevels(
  shape: readonly number[],
  periodic: readonly boolean[],
  multilevel: boolean,
): number[][] {
  const levels = [shape.slice()];
  if (!multilevel) return levels;
  for (;;) {
    const last = levels[0];
    // Integer arithmetic (shifts): sizes computed as doubles deoptimize the kernels (multigrid.ts).
    const next = last.map((n, k) => (periodic[k] ? (n % 2 === 0 ? n >> 1 : n) : ((n - 1) >> 1) + 1));
    if (next.some((n) => n < 21) || next.every((n, k) => n === last[k])) break;
    levels.unshift(next);
  }
  return levels;
}
