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
 * cannot reach any Dirichlet row at all; so a policy is proper iff every node can reach one.
 * A backward breadth-first search from the Dirichlet rows over the edges with positive rate
 * finds the nodes that cannot, in O(n·slots).
 */
import type { Discretization } from './discretization';

export class Reachability {
  /** Reverse adjacency: the stencil slots (p·slots + j) whose column is q, grouped by q. */
  private readonly start: Int32Array;
  private readonly slot: Int32Array;
  private readonly queue: Int32Array;

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
  }

  /**
   * Marks in `out` (1) the free nodes that are not in `absorbing` and from which the chain
   * of the rates `w` cannot reach a Dirichlet row or an `absorbing` node at all (rates
   * ≤ `minRate` count as 0). Returns their number. When it is 0 every other node reaches
   * them with probability 1 (the policy is proper, relative to `absorbing`).
   */
  unreachable(w: Float64Array, absorbing: Uint8Array | null, out: Uint8Array, minRate = 0): number {
    const { n, stencil } = this.disc;
    const { slots, dirichlet } = stencil;
    const { start, slot, queue } = this;
    let head = 0;
    let tail = 0;
    for (let p = 0; p < n; p++) {
      const sink = dirichlet[p] === 1 || (absorbing !== null && absorbing[p] === 1);
      out[p] = sink ? 0 : 1;
      if (sink) queue[tail++] = p;
    }
    let left = n - tail;
    while (head < tail) {
      const q = queue[head++];
      for (let e = start[q]; e < start[q + 1]; e++) {
        const b = slot[e];
        if (w[b] <= minRate) continue;
        const p = (b / slots) | 0;
        if (!out[p]) continue;
        out[p] = 0;
        left--;
        queue[tail++] = p;
      }
    }
    return left;
  }
}
