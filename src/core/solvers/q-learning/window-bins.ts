/**
 * Held windows (windows.ts) in bins along each encoded action: each bin's mean relative
 * outcome Y = (R_[0,h] + e^{−ρh}V(x_h))/|V(x)|, its standard error, and the bin's mean
 * action (docs/numerics.md §14.3). The fit of window-fit.ts works on these means.
 *
 * The other coordinates' effects are divided out: each window's Y is divided by the ratio
 * of its bin's mean to the overall mean along every other coordinate (the start state's and
 * the other actions'). Those are drawn independently of action j, so every bin of j is then
 * a mean of the same outcomes under other positive weights: for an outcome that is monotone
 * in one function of action j at every other coordinate (Merton's in the growth rate g(π)),
 * the maximiser stays; for one that is a product across the coordinates, the bins' logs
 * only shift by a constant. What goes is the scatter of the other actions' effects: the
 * windows of the smallest k carry relative outcomes hundreds of times the others at γ = 5.
 * Subtracting the other bins' means instead (additive control variates) moved the
 * maximiser of a product by 8 % (window-fit.test.ts's power in k).
 */
import type { WindowSamples } from './windows';

/** Bins along each coordinate (equal counts for the actions: they are drawn uniformly). */
export const BINS = 32;

export interface ActionBins {
  /** Mean relative outcome of each bin. */
  y: Float64Array;
  /** Its standard error. */
  se: Float64Array;
  /** Mean encoded action of each bin. */
  a: Float64Array;
}

/** The bin of an encoded coordinate u ∈ [−1, 1]. */
function binOf(u: number): number {
  return Math.min(BINS - 1, Math.max(0, Math.floor(((u + 1) / 2) * BINS)));
}

/**
 * Bins along each of the ad actions, over the windows marked in `use` (their V nonzero);
 * null when a bin of an action has fewer than two windows.
 */
export function actionBins(
  data: WindowSamples,
  use: Uint8Array,
  zd: number,
  ad: number,
): ActionBins[] | null {
  const F = zd + ad;
  const column = (p: number, f: number) => (f < zd ? data.z[p * zd + f] : data.a[p * ad + f - zd]);
  const bin = new Uint8Array(data.n * F);
  const y = new Float64Array(data.n);
  const sum = new Float64Array(F * BINS);
  const count = new Float64Array(F * BINS);
  let all = 0;
  let used = 0;
  for (let p = 0; p < data.n; p++) {
    if (!use[p]) continue;
    y[p] = data.outcome[p] / Math.abs(data.v[p]);
    all += y[p];
    used++;
    for (let f = 0; f < F; f++) {
      const b = binOf(column(p, f));
      bin[p * F + f] = b;
      sum[f * BINS + b] += y[p];
      count[f * BINS + b]++;
    }
  }
  if (used === 0) return null;
  const mean = all / used;
  // Each coordinate's bin means over the overall mean (1 for an empty bin of a state); no
  // division at all if a ratio is not positive.
  let ratio = Float64Array.from(sum, (s, i) => (count[i] > 0 ? s / count[i] / mean : 1));
  if (!ratio.every((r) => r > 0 && Number.isFinite(r))) ratio = ratio.fill(1);
  const out: ActionBins[] = [];
  for (let j = 0; j < ad; j++) {
    const f = zd + j;
    const s1 = new Float64Array(BINS);
    const s2 = new Float64Array(BINS);
    const a = new Float64Array(BINS);
    for (let p = 0; p < data.n; p++) {
      if (!use[p]) continue;
      let weight = 1;
      for (let g = 0; g < F; g++) if (g !== f) weight *= ratio[g * BINS + bin[p * F + g]];
      const b = bin[p * F + f];
      const x = y[p] / weight;
      s1[b] += x;
      s2[b] += x * x;
      a[b] += data.a[p * ad + j];
    }
    const se = new Float64Array(BINS);
    for (let b = 0; b < BINS; b++) {
      const c = count[f * BINS + b];
      if (c < 2) return null;
      s1[b] /= c;
      a[b] /= c;
      se[b] = Math.sqrt(Math.max(0, s2[b] / c - s1[b] * s1[b]) / (c - 1));
    }
    out.push({ y: s1, se, a });
  }
  return out;
}
