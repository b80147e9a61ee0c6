/**
 * Run control shared between the UI and a worker running a synchronous solver: cancel,
 * pause and single steps. A synchronous solve never returns to the worker's event loop,
 * so a comlink message could not reach it; a SharedArrayBuffer can. The solver's progress
 * hook (called once per iteration) blocks in Atomics.wait while paused.
 * Without SharedArrayBuffer (a page that is not cross-origin isolated) the UI falls back
 * to terminating the worker on cancel, and pause/step are unavailable.
 */
const CANCEL = 0;
const PAUSED = 1;
const STEPS = 2;
const SLOTS = 3;

export function sharedMemoryAvailable(): boolean {
  return (
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false
  );
}

export function createRunControl(): SharedArrayBuffer | null {
  if (!sharedMemoryAvailable()) return null;
  try {
    return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
  } catch {
    return null;
  }
}

/** The UI side: flip flags and wake the worker. */
export class RunController {
  private readonly flags: Int32Array;
  constructor(buffer: SharedArrayBuffer) {
    this.flags = new Int32Array(buffer);
  }
  cancel(): void {
    Atomics.store(this.flags, CANCEL, 1);
    Atomics.notify(this.flags, PAUSED);
  }
  pause(): void {
    Atomics.store(this.flags, PAUSED, 1);
  }
  resume(): void {
    Atomics.store(this.flags, PAUSED, 0);
    Atomics.notify(this.flags, PAUSED);
  }
  /** Let a paused run do one more iteration. */
  step(): void {
    Atomics.add(this.flags, STEPS, 1);
    Atomics.notify(this.flags, PAUSED);
  }
  get paused(): boolean {
    return Atomics.load(this.flags, PAUSED) === 1;
  }
}

/** The worker side: what the solver's cancel signal and progress hook consult. */
export class RunGate {
  private readonly flags: Int32Array | null;
  private localCancel = false;
  constructor(buffer: SharedArrayBuffer | null | undefined) {
    this.flags = buffer ? new Int32Array(buffer) : null;
  }
  get cancelled(): boolean {
    return this.localCancel || (this.flags !== null && Atomics.load(this.flags, CANCEL) === 1);
  }
  cancel(): void {
    this.localCancel = true;
  }
  /** Block while paused (unless a step is granted or the run is cancelled). Worker threads only. */
  waitWhilePaused(): void {
    const f = this.flags;
    if (!f) return;
    while (Atomics.load(f, PAUSED) === 1 && Atomics.load(f, CANCEL) === 0) {
      if (Atomics.load(f, STEPS) > 0) {
        Atomics.sub(f, STEPS, 1);
        return;
      }
      Atomics.wait(f, PAUSED, 1, 250);
    }
  }
}
