/**
 * The binned fit of held windows (src/core/solvers/q-learning/window-fit.ts), on noise-free
 * samples whose relative outcome Y = outcome/|V| is known in closed form and the same at
 * every state: the log of the bins' means is fitted, so an outcome that is the exponential
 * of a quadratic in each action has its maximiser recovered on a box that is not symmetric
 * about it (a quadratic fitted to the outcome itself misplaces it); an action whose box is
 * positive is fitted in log coordinates when that fits better; a maximiser beyond the box
 * lands on its face.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../../../src/core/sim/random';
import { WindowAdvantage, type ActionBox } from '../../../../src/core/solvers/q-learning/window-fit';
import type { WindowSamples } from '../../../../src/core/solvers/q-learning/windows';

/** Two actions: the first on [0, 1.5] (encoded ã0), the second on [0.005, 0.3]. */
const box: ActionBox = {
  aDim: 2,
  decodeAction: (u, j) => (j === 0 ? 0.75 * (u + 1) : 0.005 + 0.1475 * (u + 1)),
};

/**
 * Windows at uniform z, ã ∈ [−1, 1]² with V = ∓e^{−3z}: outcome = |V|·Y(π, k) for the
 * decoded actions (π, k).
 */
function samples(Y: (pi: number, k: number) => number, sign = -1, n = 64000): WindowSamples {
  const rng = new Random(5);
  const z = new Float64Array(n);
  const a = new Float64Array(2 * n);
  const adv = new Float64Array(n);
  const outcome = new Float64Array(n);
  const v = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  for (let p = 0; p < n; p++) {
    z[p] = 2 * rng.uniform() - 1;
    a[2 * p] = 2 * rng.uniform() - 1;
    a[2 * p + 1] = 2 * rng.uniform() - 1;
    v[p] = sign * Math.exp(-3 * z[p]);
    outcome[p] = Math.abs(v[p]) * Y(box.decodeAction(a[2 * p], 0), box.decodeAction(a[2 * p + 1], 1));
    adv[p] = outcome[p] - v[p];
  }
  return { z, a, adv, outcome, v, w, n };
}

const decoded = (m: WindowAdvantage) => {
  const u = m.argmax();
  return [box.decodeAction(u[0], 0), box.decodeAction(u[1], 1)];
};

describe('binned window fit', () => {
  it('finds the maximiser of an outcome that grows exponentially away from it', () => {
    // Y = −e^{3(π − 0.16)²} e^{(k − 0.1)²}: the maximiser is (0.16, 0.1), near π's lower face.
    // A quadratic fitted to these Y puts π near 0.4; the log of the bins' means is a
    // quadratic in π up to the averaging within a bin of width 1.5/32 (and over k, which
    // only scales the means), so π comes within a fraction of a bin.
    const m = WindowAdvantage.fit(
      samples((pi, k) => -Math.exp(3 * (pi - 0.16) ** 2 + (k - 0.1) ** 2)),
      1,
      box,
    )!;
    const [pi] = decoded(m);
    expect(Math.abs(pi - 0.16)).toBeLessThan(0.01);
    expect(m.axes[0].log).toBe(false);
  });

  it('fits a power of the positive action in log coordinates', () => {
    // Y = −(1 + 10⁻⁴ k⁻² + 0.1 k): the maximiser is k = (2·10⁻³)^{1/3} = 0.126, where a
    // quadratic in k cannot follow the k⁻² towards the lower face. Within 5 %: the local
    // quadratics in log k over the bins about the maximiser.
    const m = WindowAdvantage.fit(
      samples((pi, k) => -(1 + 1e-4 / (k * k) + 0.1 * k) * Math.exp((pi - 0.5) ** 2)),
      1,
      box,
    )!;
    const [pi, k] = decoded(m);
    const kStar = Math.cbrt(2e-3);
    expect(m.axes[1].log).toBe(true);
    expect(Math.abs(k / kStar - 1)).toBeLessThan(0.05);
    expect(Math.abs(pi - 0.5)).toBeLessThan(0.01);
  });

  it('maximises log Ȳ for a positive value, and puts a maximiser beyond the box on its face', () => {
    // The bins in k average e^{−(π−2)²} over about 2000 draws of π each: a scatter of about
    // 0.02 in their logs, which moves k's maximiser by about 0.003.
    const m = WindowAdvantage.fit(
      samples((pi, k) => Math.exp(-((pi - 2) ** 2) - 20 * (k - 0.2) ** 2), 1),
      1,
      box,
    )!;
    const [pi, k] = decoded(m);
    expect(pi).toBe(1.5);
    expect(Math.abs(k - 0.2)).toBeLessThan(0.01);
  });

  it('gives no fit without windows', () => {
    const d = samples(() => -1, 1, 10);
    d.w.fill(0);
    expect(WindowAdvantage.fit(d, 1, box)).toBeNull();
  });
});
