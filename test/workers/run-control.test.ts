import { describe, expect, it } from 'vitest';
import { RunController, RunGate } from '../../src/workers/run-control';

describe('run control', () => {
  it('cancel is seen by the gate through shared memory', () => {
    const buffer = new SharedArrayBuffer(12);
    const gate = new RunGate(buffer);
    expect(gate.cancelled).toBe(false);
    new RunController(buffer).cancel();
    expect(gate.cancelled).toBe(true);
  });
  it('a granted step releases a paused gate once; without shared memory the gate never blocks', () => {
    const buffer = new SharedArrayBuffer(12);
    const control = new RunController(buffer);
    control.pause();
    control.step();
    const gate = new RunGate(buffer);
    gate.waitWhilePaused(); // consumes the step and returns
    expect(control.paused).toBe(true);
    control.cancel();
    gate.waitWhilePaused(); // cancelled: returns at once
    const local = new RunGate(null);
    local.waitWhilePaused();
    local.cancel();
    expect(local.cancelled).toBe(true);
  });
});
