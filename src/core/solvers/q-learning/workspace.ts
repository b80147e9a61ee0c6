/**
 * What one gradient step of the learner works on: the networks and their targets, the
 * optimisers, the training passes and the mini-batch's rows, allocated once per run.
 */
import { Adam, Tape } from '../../nn';
import { factorSize } from './advantage';
import type { Networks } from './networks';

export interface StepWorkspace {
  readonly B: number;
  readonly zd: number;
  readonly ad: number;
  readonly dt: number;
  /** Polyak rate of the target networks. */
  readonly tau: number;
  readonly nets: Networks;
  readonly target: Networks;
  // Optimisers and training passes.
  readonly adamActor: Adam;
  readonly adamQ: Adam;
  readonly adamV: Adam | null;
  readonly adamQ2: Adam | null;
  readonly tapeActor: Tape;
  readonly tapeQ: Tape;
  readonly tapeV: Tape | null;
  readonly tapeQ2: Tape | null;
  readonly gActor: Float64Array;
  readonly gQ: Float64Array;
  readonly gV: Float64Array | null;
  readonly gQ2: Float64Array | null;
  readonly gScratch: Float64Array;
  // Mini-batch rows: states z, buffer actions a, the actor's actions pa.
  readonly zb: Float64Array;
  readonly ab: Float64Array;
  readonly pa: Float64Array;
  /** Rows (z, a), twice B. */
  readonly za: Float64Array;
  readonly col: Float64Array;
  readonly dY: Float64Array;
  readonly dY2: Float64Array;
  readonly dX: Float64Array;
  readonly dU: Float64Array;
  /** The quadratic advantage's rows (empty for the other critics). */
  readonly quad: {
    d: Float64Array;
    w: Float64Array;
    q: Float64Array;
    dq: Float64Array;
    dd: Float64Array;
    dl: Float64Array;
  };
}

export function createWorkspace(
  nets: Networks,
  target: Networks,
  B: number,
  zd: number,
  ad: number,
  dt: number,
  tau: number,
  quadratic: boolean,
): StepWorkspace {
  const q2 = nets.q2;
  const rows = (w: number) => new Float64Array(quadratic ? B * w : 0);
  return {
    B,
    zd,
    ad,
    dt,
    tau,
    nets,
    target,
    adamActor: new Adam(nets.actor.params.length),
    adamQ: new Adam(nets.q.params.length),
    adamV: nets.value ? new Adam(nets.value.params.length) : null,
    adamQ2: q2 ? new Adam(q2.params.length) : null,
    tapeActor: new Tape(nets.actor, B),
    tapeQ: new Tape(nets.q, 2 * B),
    tapeV: nets.value ? new Tape(nets.value, B) : null,
    tapeQ2: q2 ? new Tape(q2, 2 * B) : null,
    gActor: new Float64Array(nets.actor.params.length),
    gQ: new Float64Array(nets.q.params.length),
    gV: nets.value ? new Float64Array(nets.value.params.length) : null,
    gQ2: q2 ? new Float64Array(q2.params.length) : null,
    gScratch: new Float64Array(nets.q.params.length),
    zb: new Float64Array(B * zd),
    ab: new Float64Array(B * ad),
    pa: new Float64Array(B * ad),
    za: new Float64Array(2 * B * (zd + ad)),
    col: new Float64Array(2 * B),
    dY: new Float64Array(2 * B),
    dY2: new Float64Array(2 * B),
    dX: new Float64Array(2 * B * (zd + ad)),
    dU: new Float64Array(B * ad),
    quad: {
      d: rows(ad),
      w: rows(ad),
      q: rows(1),
      dq: rows(1),
      dd: rows(ad),
      dl: rows(factorSize(ad)),
    },
  };
}
