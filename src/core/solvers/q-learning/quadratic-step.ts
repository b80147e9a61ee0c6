/**
 * The quadratic advantage's training step: V, L and the actor together on the TD loss of
 * Q = V + Δt·s(x)·q(x, ã), q the quadratic about the actor's action (advantage.ts).
 */
import { actorForward, wall } from './actor';
import { quadraticBackward, quadraticForward } from './advantage';
import { polyak } from './networks';
import { weightedTd } from './td-loss';
import type { StepWorkspace } from './workspace';

/**
 * One step on the mini-batch against TD targets y; returns the batch's summed weighted
 * squared TD error. The actor moves to where the TD errors say the maximiser is: no critic
 * slope in a stands between them. `training` false: a policy-improvement step, in which V
 * and its target stay as they are.
 */
export function quadraticStep(
  ws: StepWorkspace,
  y: Float64Array,
  rateCritic: number,
  rateActor: number,
  training: boolean,
): number {
  const { B, ad, nets, quad, dt } = ws;
  const v = ws.tapeV!.forward(ws.zb, B);
  const u = actorForward(ws);
  const l = ws.tapeQ.forward(ws.zb, B);
  for (let i = 0; i < B * ad; i++) quad.d[i] = ws.ab[i] - ws.pa[i];
  quadraticForward(quad.d, l, B, ad, quad.q, quad.w);
  const loss = weightedTd(nets, v, quad.q, y, B, dt, ws.col, quad.dq);
  quadraticBackward(quad.d, l, quad.w, quad.dq, B, ad, quad.dd, quad.dl);
  // Improving, V stays the returns' value: letting it follow the TD loss even at a tenth
  // of the rate put an offset of −0.5 at x = 0 into the actor (α = +0.5, seed 2).
  if (training) {
    ws.gV!.fill(0);
    ws.tapeV!.backward(ws.col, ws.gV!);
    ws.adamV!.step(nets.value!.params, ws.gV!, rateCritic);
    polyak(ws.target.value!, nets.value!, ws.tau);
  }
  ws.gQ.fill(0);
  ws.tapeQ.backward(quad.dl, ws.gQ);
  ws.adamQ.step(nets.q.params, ws.gQ, rateCritic);
  // A later improvement round holds the actor (rate 0): its backward pass and Adam step
  // would move nothing, and its Adam state is not used after the improvement.
  if (rateActor === 0) return loss;
  // d = ã − μ̃, so ∂/∂μ̃ = −∂/∂d; through tanh, plus the wall of actorStep.
  for (let i = 0; i < B * ad; i++) {
    const a = ws.pa[i];
    ws.dU[i] = -quad.dd[i] * (1 - a * a) + wall(u[i]) / B;
  }
  ws.gActor.fill(0);
  ws.tapeActor.backward(ws.dU, ws.gActor);
  ws.adamActor.step(nets.actor.params, ws.gActor, rateActor);
  return loss;
}
