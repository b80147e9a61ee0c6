/**
 * The relative L2 error every solver reports against a reference (an exact solution, a grid
 * run, the previous iterate): ‖approx − ref‖ / ‖ref‖ over all fields together. Where the
 * reference is zero everywhere the ratio means nothing, so the root-mean-square difference
 * per state is reported instead.
 */

/** From accumulated sums: num = Σ(approx − ref)², den = Σ ref², over `states` states. */
export function relativeFromSums(num: number, den: number, states: number): number {
  return den > 0 ? Math.sqrt(num / den) : Math.sqrt(num / Math.max(1, states));
}

/** Over the first n entries of each field (by default each field's whole length). */
export function relativeL2(
  approx: readonly Float64Array[],
  ref: readonly Float64Array[],
  n?: number,
): number {
  let num = 0;
  let den = 0;
  for (let j = 0; j < approx.length; j++) {
    const a = approx[j];
    const b = ref[j];
    const m = n ?? a.length;
    for (let p = 0; p < m; p++) {
      num += (a[p] - b[p]) ** 2;
      den += b[p] ** 2;
    }
  }
  return relativeFromSums(num, den, n ?? (approx.length > 0 ? approx[0].length : 0));
}
