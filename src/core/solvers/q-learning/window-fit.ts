/**
 * One policy-improvement step from held-window advantages (windows.ts; docs/numerics.md
 * §14.5), in relative terms: a least squares of Â/|V(x)| over a baseline quadratic in each
 * encoded state coordinate plus a quadratic in each encoded action that is the same at
 * every state, pooled over all windows; the new action is its maximiser over the box.
 *
 * Why pooled: values that span decades belong to scale-invariant problems (Merton's in log
 * wealth), whose advantage in relative terms does not depend on the state. Pooling makes
 * every window inform the one action. Measured on Merton (a constant first policy, its exact
 * value, 65536 windows of h = 1, seeds 1–3): pooled π = 0.623, 0.640, 0.624 against the
 * improved policy's 0.625; with action terms linear in the state 0.57–0.70 across the
 * middle, quadratic in the state 0.56–0.70.
 *
 * Why no cross terms between actions: the held actions are drawn independently and
 * uniformly, so a fit separable in the actions is, for each action, the fit of its
 * advantage averaged over the others. For a scale-invariant problem that average has the
 * same maximiser in π as at any k (the window's objective depends on π only through the
 * growth rate of E e^{(1−γ)z}, additive in π and k). With cross terms the quadratic's misfit
 * in k (the reward's steep −k^{1−γ}) leaked into π: Merton with γ = 3 (π* = 0.267), a first
 * policy's exact value, seeds 1–3, π 0.44–0.45 with them, 0.28–0.33 without; in the full
 * loop, seed 1, 0.411 against 0.299. Actions that interact get the maximiser of that
 * average, not the joint one.
 */
import { choleskySolve } from '../../nn';
import type { WindowSamples } from './windows';

/**
 * Powers of each encoded action in the fit. A quadratic misfits a consumption's −1/k
 * (Merton, the setting above: k 0.080 against the improved 0.046), but degree 4 took π to
 * 0.51–0.59 and degree 6 to its bound: the extra powers fit noise.
 */
const DEGREE = 2;
/** Grid of the coordinate search over [−1, 1], and its sweeps. */
const GRID = 801;
const SWEEPS = 20;

export class WindowAdvantage {
  private constructor(
    private readonly ad: number,
    /** The action part's coefficients (actionFeatures' order, without the constant). */
    private readonly beta: Float64Array,
  ) {}

  /** Fits Â/|V| by least squares; null when the normal equations are singular. */
  static fit(data: WindowSamples, zd: number, ad: number): WindowAdvantage | null {
    const sf = 1 + 2 * zd;
    const af = actionFeatureCount(ad);
    const k = sf + af;
    const A = new Float64Array(k * k);
    const B = new Float64Array(k);
    const phi = new Float64Array(k);
    for (let p = 0; p < data.n; p++) {
      const w = data.w[p];
      const scale = Math.abs(data.v[p]);
      if (w === 0 || !(scale > 0) || !Number.isFinite(data.adv[p])) continue;
      const y = data.adv[p] / scale;
      phi[0] = 1;
      for (let i = 0; i < zd; i++) {
        const x = data.z[p * zd + i];
        phi[1 + i] = x;
        phi[1 + zd + i] = x * x;
      }
      actionFeatures(data.a, p * ad, ad, phi, sf);
      for (let i = 0; i < k; i++) {
        const wi = w * phi[i];
        for (let j = 0; j <= i; j++) A[i * k + j] += wi * phi[j];
        B[i] += wi * y;
      }
    }
    let trace = 0;
    for (let i = 0; i < k; i++) {
      trace += A[i * k + i];
      for (let j = 0; j < i; j++) A[j * k + i] = A[i * k + j];
    }
    for (let i = 0; i < k; i++) A[i * k + i] += (1e-10 * trace) / k;
    if (!(trace > 0) || !choleskySolve(A, B, k, 1)) return null;
    return new WindowAdvantage(ad, B.slice(sf));
  }

  /** The fitted advantage's action part at ã. */
  value(a: Float64Array): number {
    const phi = new Float64Array(this.beta.length);
    actionFeatures(a, 0, this.ad, phi, 0);
    let s = 0;
    for (let i = 0; i < phi.length; i++) s += phi[i] * this.beta[i];
    return s;
  }

  /** Its maximiser over [−1, 1]^ad: a search on a grid along each action, from the centre. */
  argmax(): Float64Array {
    const x = new Float64Array(this.ad);
    for (let sweep = 0; sweep < SWEEPS; sweep++)
      for (let j = 0; j < this.ad; j++) {
        let best = -Infinity;
        let arg = x[j];
        for (let g = 0; g < GRID; g++) {
          x[j] = -1 + (2 * g) / (GRID - 1);
          const v = this.value(x);
          if (v > best) {
            best = v;
            arg = x[j];
          }
        }
        x[j] = arg;
      }
    return x;
  }
}

function actionFeatureCount(ad: number): number {
  return ad * DEGREE;
}

/** ã_j^1 … ã_j^DEGREE for each j, into out from `at0`. */
function actionFeatures(a: Float64Array, at: number, ad: number, out: Float64Array, at0: number): void {
  let f = at0;
  for (let j = 0; j < ad; j++) {
    let pw = 1;
    for (let d = 0; d < DEGREE; d++) out[f++] = pw *= a[at + j];
  }
}
