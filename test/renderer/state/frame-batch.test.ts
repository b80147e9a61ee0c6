import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameBatch } from '../../../src/renderer/state/frame-batch';

/** A hand-driven animation frame: the test decides when the screen draws. */
let frames: Map<number, FrameRequestCallback>;
let nextFrame = 1;
function drawFrame(): void {
  const due = [...frames.values()];
  frames.clear();
  for (const f of due) f(0);
}
/** A frame, then the tasks queued without delay after it. */
function drawFrameAndTask(): void {
  drawFrame();
  vi.advanceTimersByTime(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  frames = new Map();
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => {
    frames.set(nextFrame, f);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('frameBatch', () => {
  it('hands over everything pushed before a frame once, in arrival order', () => {
    const batches: number[][] = [];
    const b = frameBatch<number>((items) => batches.push(items));
    b.push(1);
    b.push(2);
    b.push(3);
    expect(batches).toEqual([]);
    // Not inside the frame: in a task right after it.
    drawFrame();
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(batches).toEqual([[1, 2, 3]]);
    b.push(4);
    drawFrameAndTask();
    expect(batches).toEqual([[1, 2, 3], [4]]);
    // Nothing queued: a frame hands over nothing, and the backup timer is gone.
    drawFrameAndTask();
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(2);
  });

  it('flush hands over at once and cancels the pending frame', () => {
    const batches: string[][] = [];
    const b = frameBatch<string>((items) => batches.push(items));
    b.push('a');
    b.flush();
    expect(batches).toEqual([['a']]);
    expect(frames.size).toBe(0);
    b.flush();
    expect(batches).toHaveLength(1);
  });

  it('flush after the frame, before its task, hands over once', () => {
    const batches: string[][] = [];
    const b = frameBatch<string>((items) => batches.push(items));
    b.push('a');
    drawFrame();
    b.push('b');
    b.flush();
    expect(batches).toEqual([['a', 'b']]);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
  });

  it('a window that draws no frames still gets its items from the backup timer', () => {
    const batches: number[][] = [];
    const b = frameBatch<number>((items) => batches.push(items));
    b.push(1);
    b.push(2);
    vi.advanceTimersByTime(249);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([[1, 2]]);
    expect(frames.size).toBe(0);
  });
});
