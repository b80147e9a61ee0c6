/**
 * The critic steps of the network advantage and of the discrete critic, each followed by
 * the actor's ascent (actor.ts): one gradient step on a mini-batch whose rows the
 * workspace holds, against TD targets y. Each returns the batch's summed weighted squared
 * TD error.
 */
import { actorForward, actorStep } from './actor';
import { advantageScale, joinRows, polyak, symexp, symexpSlope, valueWeight } from './networks';
import type { StepWorkspace } from './workspace';

/**
 * Q_i = V(z) + Δt·s(x)·(q_i(z, ã) − q_i(z, ã_ω(z))), s(x) = S_r (1 + |V(x)|/S_V):
 * V and q₂ descend the loss of Q₂; q (the actor's) that of Q₁ with V held.
 */
export function networkAdvantageStep(
  ws: StepWorkspace,
  y: Float64Array,
  rateCritic: number,
  rateActor: number,
): number {
  const { B, zd, ad, nets, dt, dY } = ws;
  const S = nets.valueScale;
  const v = ws.tapeV!.forward(ws.zb, B);
  actorForward(ws);
  joinRows(ws.zb, zd, ws.ab, ad, B, ws.za, 0);
  joinRows(ws.zb, zd, ws.pa, ad, B, ws.za, B);
  const q = ws.tapeQ.forward(ws.za, 2 * B);
  const q2 = ws.tapeQ2!.forward(ws.za, 2 * B);
  const dV = ws.col;
  const dY2 = ws.dY2;
  let loss = 0;
  for (let k = 0; k < B; k++) {
    const V = S * symexp(v[k]);
    const s = advantageScale(nets, V);
    const w = valueWeight(V, S);
    const delta2 = V + dt * s * (q2[k] - q2[B + k]) - y[k];
    const delta1 = V + dt * s * (q[k] - q[B + k]) - y[k];
    loss += w * delta2 * delta2;
    const g2 = (2 * w * delta2) / B;
    const g1 = (2 * w * delta1) / B;
    dV[k] = g2 * S * symexpSlope(v[k]);
    dY2[k] = g2 * dt * s;
    dY2[B + k] = -dY2[k];
    dY[k] = g1 * dt * s;
    dY[B + k] = -dY[k];
  }
  ws.gV!.fill(0);
  ws.tapeV!.backward(dV, ws.gV!);
  ws.adamV!.step(nets.value!.params, ws.gV!, rateCritic);
  ws.gQ2!.fill(0);
  ws.tapeQ2!.backward(dY2, ws.gQ2!);
  ws.adamQ2!.step(nets.q2!.params, ws.gQ2!, rateCritic);
  ws.gQ.fill(0);
  ws.tapeQ.backward(dY, ws.gQ);
  ws.adamQ.step(nets.q.params, ws.gQ, rateCritic);
  polyak(ws.target.value!, nets.value!, ws.tau);
  actorStep(ws, rateActor, true);
  return loss;
}

/** Q = S·symexp(q(z, ã)) descends its weighted TD loss; the actor then ascends q. */
export function discreteStep(
  ws: StepWorkspace,
  y: Float64Array,
  rateCritic: number,
  rateActor: number,
): number {
  const { B, zd, ad, nets, dY } = ws;
  const S = nets.valueScale;
  joinRows(ws.zb, zd, ws.ab, ad, B, ws.za, 0);
  const q = ws.tapeQ.forward(ws.za, B);
  let loss = 0;
  for (let k = 0; k < B; k++) {
    const Q = S * symexp(q[k]);
    const delta = Q - y[k];
    const w = valueWeight(Q, S);
    loss += w * delta * delta;
    dY[k] = ((2 * w * delta) / B) * S * symexpSlope(q[k]);
  }
  ws.gQ.fill(0);
  ws.tapeQ.backward(dY.subarray(0, B), ws.gQ);
  ws.adamQ.step(nets.q.params, ws.gQ, rateCritic);
  polyak(ws.target.q, nets.q, ws.tau);
  actorStep(ws, rateActor, false);
  return loss;
}
