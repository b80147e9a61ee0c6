/**
 * The weighted TD loss that every critic step descends (docs/numerics.md §14.3): for a value
 * V = S·symexp(v) plus, for the continuous critic, Δt·s(V)·a (a the advantage in network
 * units, s the rate scale), the sum over the batch of w(V)·(V + Δt·s·a − y)², with
 * w = valueWeight. The discrete critic passes its Q net's output as v and no advantage.
 */
import { advantageScale, symexp, symexpSlope, valueWeight, type Networks } from './networks';

/**
 * Returns the loss's sum over the B rows; writes its gradient divided by B in v into `dv`
 * and in a into `da` (each when given).
 */
export function weightedTd(
  nets: Networks,
  v: Float64Array,
  a: Float64Array | null,
  y: Float64Array,
  B: number,
  dt: number,
  dv: Float64Array | null,
  da: Float64Array | null,
): number {
  const S = nets.valueScale;
  let loss = 0;
  for (let k = 0; k < B; k++) {
    const V = S * symexp(v[k]);
    const w = valueWeight(V, S);
    let delta: number;
    let s = 0;
    if (a) {
      s = advantageScale(nets, V);
      delta = V + dt * s * a[k] - y[k];
    } else delta = V - y[k];
    loss += w * delta * delta;
    const g = (2 * w * delta) / B;
    if (dv) dv[k] = g * S * symexpSlope(v[k]);
    if (da) da[k] = g * dt * s;
  }
  return loss;
}
