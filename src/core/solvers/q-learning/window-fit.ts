/**
 * One policy-improvement step from held windows (windows.ts; docs/numerics.md §14.3,
 * §14.5), in relative terms, separately for each action: the windows' mean relative
 * outcomes in bins of the action (window-bins.ts), the log of their magnitude (signed so
 * that larger is better) fitted by a quadratic, and the new action its maximiser — refined
 * by quadratics over the bins near it when the quadratic over all of them misfits beyond
 * the bins' noise. The action is the same at every state.
 *
 * Why the log of the bins' means: for a scale-invariant problem the mean outcome of holding
 * π is a function of the window's growth rate g(π) of |V|, a quadratic in π, and that
 * function is nearly an exponential, e^{(g−ρ)h}: its log is nearly a quadratic in π, the
 * outcome itself is not. A quadratic fitted to Â/|V| (the former fit) took the
 * exponential's curvature, on a box that is not symmetric about π*, for an offset: without
 * noise and with the exact value, π = 0.306 for π* = 0.267 (γ = 3) and 0.349 for 0.160
 * (γ = 5); the log of the means gives 0.267 and 0.165. The log is taken of means, not of
 * each window: the mean of log(−Y) drops Itô's term and moves π towards log utility's.
 *
 * Why pooled and separable: for a scale-invariant problem the relative outcome does not
 * depend on the state, and the held actions are drawn independently and uniformly, so a
 * bin's mean is the outcome averaged over the other actions; for Merton that average has
 * the same maximiser in π as at any k (the outcome depends on π only through g). Actions
 * that interact get the maximiser of that average, not the joint one.
 *
 * Why log coordinates for an action whose box is positive, when they fit better: the
 * relative reward of consumption, −(k e^z)^{1−γ}/(γ−1), rises like a power towards the
 * smallest k, which no quadratic in k follows (the former fit: k 0.080 against the improved
 * 0.046 at γ = 2); in log k it is an exponential, and near the maximiser the local
 * quadratics follow it.
 */
import { actionBins } from './window-bins';
import type { WindowSamples } from './windows';

/**
 * A quadratic over all bins stands when its weighted squared residuals are within
 * MISFIT standard deviations of their expectation under the bins' noise (χ² with
 * bins − 3 degrees of freedom); otherwise REFINEMENTS quadratics follow, each over the
 * bins within REACH of the last maximiser (in the fitting coordinate, which spans [−1, 1])
 * and at least LOCAL_BINS of them.
 */
const MISFIT = 3;
const REFINEMENTS = 3;
const REACH = 0.25;
const LOCAL_BINS = 6;

/** The actions' boxes, for their log coordinates. */
export interface ActionBox {
  readonly aDim: number;
  /** The action in the problem's units at encoded u ∈ [−1, 1]. */
  decodeAction(u: number, j: number): number;
}

/** One action's bins as fitted: coordinate t ∈ [−1, 1], objective J and its standard error. */
interface Axis {
  t: Float64Array;
  J: Float64Array;
  se: Float64Array;
}

/** What the fit chose for one action (for diagnostics and tests). */
export interface AxisFit {
  /** Fitted in log coordinates. */
  log: boolean;
  /** The quadratic over all bins misfitted, and local quadratics refined its maximiser. */
  refined: boolean;
}

export class WindowAdvantage {
  private constructor(
    /** The maximiser, encoded. */
    private readonly best: Float64Array,
    readonly axes: readonly AxisFit[],
  ) {}

  /** Bins and fits each action; null without windows enough for every bin. */
  static fit(data: WindowSamples, zd: number, box: ActionBox): WindowAdvantage | null {
    const ad = box.aDim;
    const use = new Uint8Array(data.n);
    let sign = 0;
    for (let p = 0; p < data.n; p++) {
      if (data.w[p] === 0 || data.v[p] === 0 || !Number.isFinite(data.outcome[p] / data.v[p])) continue;
      use[p] = 1;
      sign += Math.sign(data.v[p]);
    }
    const bins = actionBins(data, use, zd, ad);
    if (!bins) return null;
    const s = sign >= 0 ? 1 : -1;
    const best = new Float64Array(ad);
    const axes: AxisFit[] = [];
    for (let j = 0; j < ad; j++) {
      const { J, se } = objective(bins[j].y, bins[j].se, s);
      const lo = box.decodeAction(-1, j);
      const hi = box.decodeAction(1, j);
      let axis: Axis = { t: bins[j].a, J, se };
      let toEncoded = (t: number) => t;
      let log = false;
      if (lo > 0 && hi > lo) {
        const L0 = Math.log(lo);
        const L1 = Math.log(hi);
        const inLog: Axis = {
          t: Float64Array.from(
            bins[j].a,
            (u) => (2 * (Math.log(box.decodeAction(u, j)) - L0)) / (L1 - L0) - 1,
          ),
          J,
          se,
        };
        if (misfit(inLog) < misfit(axis)) {
          axis = inLog;
          log = true;
          toEncoded = (x) => {
            const a = Math.exp(L0 + ((x + 1) / 2) * (L1 - L0));
            return Math.max(-1, Math.min(1, (2 * (a - lo)) / (hi - lo) - 1));
          };
        }
      }
      const { x, refined } = maximise(axis);
      best[j] = toEncoded(x);
      axes.push({ log, refined });
    }
    return new WindowAdvantage(best, axes);
  }

  /** The new action, encoded. */
  argmax(): Float64Array {
    return this.best.slice();
  }
}

/**
 * s·log(s·Ȳ) (larger is better) and its standard error when every bin's mean has the
 * value's sign s; otherwise the means themselves (windows whose rewards outweigh the value,
 * of the other sign).
 */
function objective(y: Float64Array, se: Float64Array, s: number): { J: Float64Array; se: Float64Array } {
  if (y.every((m) => s * m > 0))
    return {
      J: Float64Array.from(y, (m) => s * Math.log(s * m)),
      se: Float64Array.from(se, (e, b) => e / Math.abs(y[b])),
    };
  return { J: y.slice(), se: se.slice() };
}

/** Weights 1/se² (the smallest positive one's scale for a bin without scatter). */
function weights(se: Float64Array): Float64Array {
  let floor = Infinity;
  for (const e of se) if (e > 0) floor = Math.min(floor, e);
  if (!Number.isFinite(floor)) floor = 1;
  return Float64Array.from(se, (e) => 1 / Math.max(e, floor) ** 2);
}

/** Weighted least-squares quadratic J ≈ c0 + c1 t + c2 t² over the bins picked. */
function quadratic(axis: Axis, pick: (b: number) => boolean): Float64Array | null {
  const { t, J } = axis;
  const w = weights(axis.se);
  const S = new Float64Array(5);
  const R = new Float64Array(3);
  for (let b = 0; b < t.length; b++) {
    if (!pick(b)) continue;
    let pw = w[b];
    for (let d = 0; d < 5; d++) {
      S[d] += pw;
      if (d < 3) R[d] += pw * J[b];
      pw *= t[b];
    }
  }
  // The 3 × 3 normal equations by Cramer's rule.
  const M = [
    [S[0], S[1], S[2]],
    [S[1], S[2], S[3]],
    [S[2], S[3], S[4]],
  ];
  const det = det3(M);
  if (!(Math.abs(det) > 1e-12 * S[0] * S[2] * S[4])) return null;
  return Float64Array.from(
    [0, 1, 2],
    (i) => det3(M.map((row, r) => row.map((x, k) => (k === i ? R[r] : x)))) / det,
  );
}

function det3(m: number[][]): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

/** The weighted squared residuals of the quadratic over all bins (Infinity without one). */
function misfit(axis: Axis): number {
  const c = quadratic(axis, () => true);
  if (!c) return Infinity;
  const w = weights(axis.se);
  let chi2 = 0;
  for (let b = 0; b < axis.t.length; b++) {
    const x = axis.t[b];
    chi2 += w[b] * (axis.J[b] - (c[0] + c[1] * x + c[2] * x * x)) ** 2;
  }
  return chi2;
}

/** The quadratic's maximiser over [lo, hi]. */
function argmaxOn(c: Float64Array, lo: number, hi: number): number {
  if (c[2] < 0) return Math.max(lo, Math.min(hi, -c[1] / (2 * c[2])));
  const f = (x: number) => c[1] * x + c[2] * x * x;
  return f(lo) >= f(hi) ? lo : hi;
}

/**
 * The maximiser over [−1, 1] of the quadratic over all bins; when that misfits, refined by
 * quadratics over the bins near it, each kept within the span of its bins (the outermost
 * bins reach the box's faces).
 */
function maximise(axis: Axis): { x: number; refined: boolean } {
  const { t } = axis;
  const c = quadratic(axis, () => true);
  if (!c) return { x: 0, refined: false };
  let x = argmaxOn(c, -1, 1);
  const dof = t.length - 3;
  if (misfit(axis) <= dof + MISFIT * Math.sqrt(2 * dof)) return { x, refined: false };
  const first = Math.min(...t);
  const last = Math.max(...t);
  for (let r = 0; r < REFINEMENTS; r++) {
    const order = Array.from(t.keys()).sort((p, q) => Math.abs(t[p] - x) - Math.abs(t[q] - x));
    const near = new Uint8Array(t.length);
    order.forEach((b, i) => {
      if (i < LOCAL_BINS || Math.abs(t[b] - x) <= REACH) near[b] = 1;
    });
    const local = quadratic(axis, (b) => near[b] === 1);
    if (!local) break;
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = 0; b < t.length; b++)
      if (near[b]) {
        lo = Math.min(lo, t[b]);
        hi = Math.max(hi, t[b]);
      }
    x = argmaxOn(local, lo === first ? -1 : lo, hi === last ? 1 : hi);
  }
  return { x, refined: true };
}
