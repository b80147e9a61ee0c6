/**
 * The actor's training pass: its actions on the mini-batch, the wall that keeps its
 * pre-activation off tanh's flat tails, and the ascent of the network advantage or the
 * discrete critic's Q.
 */
import { joinRows } from './networks';
import type { StepWorkspace } from './workspace';

/**
 * Past |u| = 2 (97 % of the half-range) a quadratic wall pulls the actor's pre-activation
 * back: tanh's slope there is under 0.07, and an actor pushed to a bound by early critic
 * errors stayed there for good (Merton: π at 0 and k at 0.3 everywhere after 100 episodes).
 * Returns the wall's slope in u.
 */
const U_WALL = 2;
export function wall(u: number): number {
  return u > U_WALL ? u - U_WALL : u < -U_WALL ? u + U_WALL : 0;
}

/** The actor's actions ã = tanh(u) on the batch into `pa`, kept on its tape for actorStep. */
export function actorForward(ws: StepWorkspace): Float64Array {
  const u = ws.tapeActor.forward(ws.zb, ws.B);
  for (let i = 0; i < ws.B * ws.ad; i++) ws.pa[i] = Math.tanh(u[i]);
  return u;
}

/**
 * Ascends the mean of q(z, tanh(u_ω(z))) (the critic's action-dependent part) over the
 * batch; `forwarded` when the critic step already ran the actor on this batch (the actor
 * has not changed since, so its tape and `pa` still hold that pass).
 */
export function actorStep(ws: StepWorkspace, rate: number, forwarded: boolean): void {
  const { B, zd, ad, nets } = ws;
  const u = forwarded ? ws.tapeActor.output : actorForward(ws);
  joinRows(ws.zb, zd, ws.pa, ad, B, ws.za, 0);
  ws.tapeQ.forward(ws.za, B);
  const dY = ws.dY.subarray(0, B);
  dY.fill(-1 / B);
  ws.gScratch.fill(0);
  ws.tapeQ.backward(dY, ws.gScratch, ws.dX);
  const dU = ws.dU;
  for (let k = 0; k < B; k++)
    for (let j = 0; j < ad; j++) {
      const a = ws.pa[k * ad + j];
      dU[k * ad + j] = ws.dX[k * (zd + ad) + zd + j] * (1 - a * a) + wall(u[k * ad + j]) / B;
    }
  ws.gActor.fill(0);
  ws.tapeActor.backward(dU, ws.gActor);
  ws.adamActor.step(nets.actor.params, ws.gActor, rate);
}
