/**
 * Proper policies of undiscounted exit and minimum-time problems (ρ = 0).
 *
 * The grid chain of a policy (rates w ≥ 0 on the fixed stencil pattern) is *proper* at a
 * node when it reaches a Dirichlet row (target set or exit face) with probability 1. Only
 * then is the undiscounted cost finite and the policy-evaluation row part of a nonsingular
 * M-matrix: a closed class of the chain without a Dirichlet row (a node that does not move,
 * or a cycle that misses the target) makes the system singular, and its cost is +∞ for a
 * positive running cost.
 *
 * For a finite chain, p is improper iff p can reach (with positive probability) a node that
 * cannot reach any Dirichlet row at all. So two backward breadth-first searches over the
 * edges with positive rate find the improper set: first the nodes that can reach a
 * Dirichlet row, then every node that can reach one of the others. O(n·slots).
 */
import type { Discretization } from './discretization';

export class Reachability {
  /** Reverse adjacency: the stencil slots (p·slots + j) whose column is q, grouped by q. */
  private readonly start: Int32Array;
  private readonly slot: Int32Array;
  private readonly queue: Int32Array;
  private readonly reach: Uint8Array;

  constructor(private readonly disc: Discretization) {
    const { n, stencil } = disc;
    const { cols, slots } = stencil;
    const start = new Int32Array(n + 1);
    for (let b = 0; b < n * slots; b++) {
      const q = cols[b];
      if (q !== ((b / slots) | 0)) start[q + 1]++;
    }
    for (let q = 0; q < n; q++) start[q + 1] += start[q];
    const fill = start.slice(0, n);
    const slot = new Int32Array(start[n]);
    for (let b = 0; b < n * slots; b++) {
      const q = cols[b];
      if (q !== ((b / slots) | 0)) slot[fill[q]++] = b;
    }
    this.start = start;
    this.slot = slot;
    this.queue = new Int32Array(n);
    this.reach = new Uint8Array(n);
  }

  /**
   * Marks in `out` (1 = improper) the free nodes from which the chain of the rates `w` does
   * not reach a Dirichlet row, or a node of `absorbing`, with probability 1. Returns their
   * number.
   */
  improper(w: Float64Array, absorbing: Uint8Array | null, out: Uint8Array): number {
    const { n, stencil } = this.disc;
    const { slots, dirichlet } = stencil;
    const { start, slot, queue, reach } = this;
    const sink = (p: number) => dirichlet[p] === 1 || (absorbing !== null && absorbing[p] === 1);
    // Pass 1: nodes that can reach a sink.
    let head = 0;
    let tail = 0;
    for (let p = 0; p < n; p++) {
      reach[p] = sink(p) ? 1 : 0;
      if (reach[p]) queue[tail++] = p;
    }
    while (head < tail) {
      const q = queue[head++];
      for (let e = start[q]; e < start[q + 1]; e++) {
        const b = slot[e];
        if (w[b] <= 0) continue;
        const p = (b / slots) | 0;
        if (reach[p]) continue;
        reach[p] = 1;
        queue[tail++] = p;
      }
    }
    // Pass 2: nodes that can reach one that cannot reach a sink.
    head = 0;
    tail = 0;
    for (let p = 0; p < n; p++) {
      out[p] = reach[p] ? 0 : 1;
      if (out[p]) queue[tail++] = p;
    }
    while (head < tail) {
      const q = queue[head++];
      for (let e = start[q]; e < start[q + 1]; e++) {
        const b = slot[e];
        if (w[b] <= 0) continue;
        const p = (b / slots) | 0;
        if (out[p] || sink(p)) continue;
        out[p] = 1;
        queue[tail++] = p;
      }
    }
    return tail;
  }
}
