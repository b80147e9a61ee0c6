/**
 * Work in bounded chunks (docs/numerics.md §14.3): the final phase after the last episode
 * is written as generators that yield between chunks, so that the run answers Cancel and
 * Pause while it lasts (Merton's relative phase took about 20 s in one piece). A yielded
 * string names a stage just completed (a progress report); `undefined` is a chunk boundary.
 * Run to the end synchronously, the same work gives the same numbers.
 */
export type Chunked<T> = Generator<string | undefined, T, void>;

/**
 * Simulated transitions (systems × steps) between chunk boundaries: 2¹⁶. Merton at load 4
 * on 2 cores: with 2¹⁸, up to 0.78 s between boundaries where the actor network drives the
 * systems.
 */
export const CHUNK_TRANSITIONS = 1 << 16;

/** Runs chunked work to its end in one go. */
export function runToEnd<T>(work: Chunked<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Counts simulated transitions and says when a chunk is full. */
export class ChunkBudget {
  private used = 0;
  /** Adds `transitions`; true (and a fresh chunk begins) once CHUNK_TRANSITIONS are spent. */
  spend(transitions: number): boolean {
    this.used += transitions;
    if (this.used < CHUNK_TRANSITIONS) return false;
    this.used = 0;
    return true;
  }
}
