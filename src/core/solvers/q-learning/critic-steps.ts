/**
 * The critic steps of the network advantage and of the discrete critic, each followed by
 * the actor's ascent (actor.ts): one gradient step on a mini-batch whose rows the
 * workspace holds, against TD targets y. Each returns the batch's summed weighted squared
 * TD error.
 */
import { actorForward, actorStep } from './actor';
import { joinRows, polyak } from './networks';
import { weightedTd } from './td-loss';
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
  const v = ws.tapeV!.forward(ws.zb, B);
  actorForward(ws);
  joinRows(ws.zb, zd, ws.ab, ad, B, ws.za, 0);
  joinRows(ws.zb, zd, ws.pa, ad, B, ws.za, B);
  const q = ws.tapeQ.forward(ws.za, 2 * B);
  const q2 = ws.tapeQ2!.forward(ws.za, 2 * B);
  const dV = ws.col;
  const dY2 = ws.dY2;
  // The advantage's difference at the buffer's and the actor's actions, row by row.
  const d2 = ws.col.subarray(B, 2 * B);
  for (let k = 0; k < B; k++) d2[k] = q2[k] - q2[B + k];
  const loss = weightedTd(nets, v, d2, y, B, dt, dV, dY2);
  for (let k = 0; k < B; k++) d2[k] = q[k] - q[B + k];
  weightedTd(nets, v, d2, y, B, dt, null, dY);
  for (let k = 0; k < B; k++) {
    dY2[B + k] = -dY2[k];
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
  joinRows(ws.zb, zd, ws.ab, ad, B, ws.za, 0);
  const q = ws.tapeQ.forward(ws.za, B);
  const loss = weightedTd(nets, q, null, y, B, 0, dY, null);
  ws.gQ.fill(0);
  ws.tapeQ.backward(dY.subarray(0, B), ws.gQ);
  ws.adamQ.step(nets.q.params, ws.gQ, rateCritic);
  polyak(ws.target.q, nets.q, ws.tau);
  actorStep(ws, rateActor, false);
  return loss;
}
