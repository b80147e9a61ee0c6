import { describe, expect, it } from 'vitest';
import { ParticleRecorder } from '../../../../src/core/solvers/diffusion/lab-frames';

describe('ParticleRecorder', () => {
  it('keeps every stride-th step and the last, the first n particles of each coordinate', () => {
    // 250 steps → stride 3 (≤ 100 frames): steps 0, 3, …, 249 and 250.
    const steps = 250;
    const rec = new ParticleRecorder(2, 3000, steps, 1);
    const xs = [new Float64Array(3000), new Float64Array(3000)];
    const fill = (k: number) => {
      for (let p = 0; p < 3000; p++) {
        xs[0][p] = k + p * 1e-3;
        xs[1][p] = -k;
      }
    };
    fill(0);
    rec.start(xs);
    for (let k = 1; k <= steps; k++) {
      fill(k);
      rec.onStep(k / steps, xs);
    }
    const f = rec.frames;
    expect(f.n).toBe(1000);
    const expected = [...Array.from({ length: 84 }, (_, j) => 3 * j), 250];
    expect(Array.from(f.times, (t) => Math.round(t * steps))).toEqual(expected);
    expected.forEach((k, j) => {
      expect(f.xs[(j * 2 + 0) * f.n + 5]).toBeCloseTo(k + 5e-3, 4);
      expect(f.xs[(j * 2 + 1) * f.n + 999]).toBe(-k);
    });
  });
});
