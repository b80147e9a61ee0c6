import { beforeAll, describe, expect, it } from 'vitest';
import type { DiffusionResult } from '../../../../src/core/solvers/diffusion';
import {
  frame2d,
  kindsOf,
  nearestIndex,
  paths1d,
  particlesAt,
  surface1d,
  V_CAP,
} from '../../../../src/renderer/view/diffusion/frames-view';
import { smallSolutions } from './small-solutions';

describe('the diffusion view from the frames', () => {
  let two: DiffusionResult;
  let one: DiffusionResult;
  beforeAll(async () => {
    ({ two, one } = await smallSolutions());
  });

  it('2-D: V capped above its least value, arrows of the kind, error maps against the exact solution', () => {
    expect(kindsOf(two)).toEqual(['exact', 'grid']);
    const d = two.display;
    const N = d.grid.shape[0] * d.grid.shape[1];
    const k = 7;
    const t = d.times![k] + 1e-9;
    const f = frame2d(two, 'grid', t, 'value-error')!;
    const gv = two.lab!.fields.grid!.value!.subarray(k * N, (k + 1) * N);
    const ev = two.lab!.fields.exact!.value!.subarray(k * N, (k + 1) * N);
    const min = Math.min(...gv);
    expect(f.surface.zRange).toEqual({ min, max: min + V_CAP });
    for (let i = 0; i < N; i += 13) {
      expect(f.surface.z[i]).toBe(Math.min(gv[i], min + V_CAP));
      expect(f.color!.values[i]).toBeCloseTo(Math.abs(gv[i] - ev[i]), 12);
    }
    expect(f.color!.label).toBe('|V_grid − V*|');
    expect(f.arrows!.fx[11]).toBe(two.lab!.fields.grid!.control[0][k * N + 11]);
    const c = frame2d(two, 'grid', t, 'control-error')!;
    const gu = two.lab!.fields.grid!.control;
    const eu = two.lab!.fields.exact!.control;
    const i = 400;
    expect(c.color!.values[i]).toBeCloseTo(
      Math.hypot(gu[0][k * N + i] - eu[0][k * N + i], gu[1][k * N + i] - eu[1][k * N + i]),
      12,
    );
    // The exact solution has no error map.
    expect(frame2d(two, 'exact', t, 'control-error')!.color).toBeNull();
  });

  it('particles at the nearest frame, one array per coordinate', () => {
    const p = two.lab!.particles.grid!;
    expect(nearestIndex(p.times, 0.26)).toBe(nearestIndex(p.times, p.times[nearestIndex(p.times, 0.26)]));
    const at = particlesAt(p, 2, p.times.at(-1)!);
    expect(at.k).toBe(p.times.length - 1);
    expect(at.xs[1][5]).toBe(p.xs[(at.k * 2 + 1) * p.n + 5]);
  });

  it('1-D: V over (x, t) laid out x-major, capped per time, and paths x(t) from the particles', () => {
    const s = surface1d(one, 'exact')!;
    const n = one.display.grid.shape[0];
    const nt = one.display.times!.length;
    expect(s.surface.ys).toBe(one.display.times);
    const v = one.lab!.fields.exact!.value!;
    const row = v.subarray(3 * n, 4 * n);
    const min = Math.min(...row);
    expect(s.surface.z[50 * nt + 3]).toBe(Math.min(row[50], min + V_CAP));
    const p = one.lab!.particles.exact!;
    const paths = paths1d(p, 40);
    expect(paths.paths).toBe(40);
    expect(paths.states[7 * paths.steps + 9]).toBe(p.xs[9 * p.n + 7]);
  });
});
