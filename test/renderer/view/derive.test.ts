/**
 * What the 3D view shows for a run: slices of row-major fields, and the surface and colour
 * field for 1-D (convergence or time), 2-D and 3-D runs. The 1-D and 2-D runs are real
 * solves of the reference problems (coarse grids); the 3-D run is built by hand so that
 * every node's value names its own indices.
 */
import { describe, expect, it } from 'vitest';
import { gridResult, type GridSolution } from '../../../src/core/solvers/grid/index';
import type { Run } from '../../../src/renderer/state/types';
import { deriveView, sliceField } from '../../../src/renderer/view/derive';
import type { ProblemSummary, StateSummary } from '../../../src/workers/protocol';
import { example, finishedRun, finiteLqSource, view } from '../fixtures';

/** f(idx) = Σ idx[k]·10^(d−1−k): every node's value spells its indices in decimal. */
function digitField(shape: readonly number[]): Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const idx = shape.map(() => 0);
  for (let p = 0; p < n; p++) {
    out[p] = idx.reduce((acc, v) => acc * 10 + v, 0);
    // row-major: the last axis runs fastest
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

const digits = (idx: readonly number[]): number => idx.reduce((acc, v) => acc * 10 + v, 0);

/** Every fixed-index combination of the axes other than a and b. */
function fixedCombos(shape: readonly number[], a: number, b: number): number[][] {
  let combos: number[][] = [shape.map(() => 0)];
  shape.forEach((nk, k) => {
    if (k === a || k === b) return;
    combos = combos.flatMap((c) =>
      Array.from({ length: nk }, (_, v) => c.map((x, kk) => (kk === k ? v : x))),
    );
  });
  return combos;
}

describe('sliceField', () => {
  it('the digit field is row-major with the first axis slowest', () => {
    const f = digitField([3, 4, 5]);
    expect(Array.from(f.slice(0, 7))).toEqual([0, 1, 2, 3, 4, 10, 11]);
    expect(f[1 * 20 + 2 * 5 + 3]).toBe(123);
    expect(f[f.length - 1]).toBe(234);
  });

  for (const shape of [
    [3, 4, 5],
    [2, 3, 4, 5],
  ]) {
    it(`shape ${shape.join('×')}: every ordered axis pair at every fixed index`, () => {
      const field = digitField(shape);
      const d = shape.length;
      let checked = 0;
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) {
          if (a === b) continue;
          for (const fixed of fixedCombos(shape, a, b)) {
            // the entries of `fixed` at a and b must not matter
            const noisy = fixed.map((v, k) => (k === a || k === b ? 99 : v));
            const out = sliceField(field, shape, a, b, noisy);
            expect(out.length).toBe(shape[a] * shape[b]);
            for (let i = 0; i < shape[a]; i++)
              for (let j = 0; j < shape[b]; j++) {
                const idx = fixed.map((v, k) => (k === a ? i : k === b ? j : v));
                expect(out[i * shape[b] + j]).toBe(digits(idx));
              }
            checked++;
          }
        }
      expect(checked).toBeGreaterThan(d * (d - 1));
    });
  }

  it('a 2-D field sliced on (0, 1) is itself, on (1, 0) its transpose', () => {
    const f = digitField([3, 4]);
    expect(Array.from(sliceField(f, [3, 4], 0, 1, []))).toEqual(Array.from(f));
    const t = sliceField(f, [3, 4], 1, 0, []);
    expect(Array.from(t)).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23]);
  });
});

describe('deriveView: 2-D run (double-integrator LQR, 21×21)', () => {
  const run = finishedRun('di', example('double-integrator-lqr'), { shape: [21, 21] });
  const result = run.result!;
  const sol = result.result.display;
  const n = 21 * 21;
  // V* of the example (DESIGN.md §8), in the problem's own sense (maximize).
  const exactV = (p: number, v: number) =>
    -0.5 * (1.292209 * p * p + 2 * 0.659841 * p * v + 0.929183 * v * v) - 0.418132;

  it('the surface is V over (p, v), coloured by nothing for the plain value', () => {
    const d = deriveView(run, view())!;
    expect(d.mode).toBe('surface-2d');
    expect(d.surface.z).toBe(sol.value);
    expect(d.surface.z.length).toBe(n);
    expect(d.surface.xs).toBe(sol.grid.axes[0]);
    expect(d.surface.ys).toBe(sol.grid.axes[1]);
    expect(d.surface.xs[0]).toBe(-3);
    expect(d.surface.ys[20]).toBeCloseTo(3, 12);
    expect(d.surface.labels).toEqual({ x: 'p', y: 'v', z: 'value V' });
    expect(d.color).toBeNull();
    expect(d.note).toBe('value V');
    expect(d.slice).toBeUndefined();
    // and V looks like the LQR value: highest at the origin (index 10, 10), within the
    // first-order error of a grid with h = 0.3 of V*(0, 0) there
    let best = 0;
    d.surface.z.forEach((z, k) => (z > d.surface.z[best] ? (best = k) : 0));
    expect(best).toBe(10 * 21 + 10);
    expect(Math.abs(d.surface.z[best] - exactV(0, 0))).toBeLessThan(1);
  });

  it("overlay 'policy:0' colours by the policy of u", () => {
    const d = deriveView(run, view({ overlay: 'policy:0' }))!;
    expect(d.surface.z).toBe(sol.value);
    expect(d.color).not.toBeNull();
    expect(d.color!.values).toBe(sol.policy[0]);
    expect(d.color!.label).toBe('policy u');
    expect(d.color!.diverging).toBe(true);
    expect(d.note).toBe('value V coloured by policy u');
    // u* = −(K1 p + K2 v): negative for p = v = 1.5 (index 15)
    expect(d.color!.values[15 * 21 + 15]).toBeLessThan(-3);
  });

  it("overlay 'policy:j' for a control the problem does not have gives no colour", () => {
    expect(deriveView(run, view({ overlay: 'policy:1' }))!.color).toBeNull();
  });

  it("overlay 'error' colours by V − V* at every node", () => {
    const d = deriveView(run, view({ overlay: 'error' }))!;
    expect(d.color!.label).toBe('V − V*');
    expect(d.color!.diverging).toBe(true);
    const [ps, vs] = sol.grid.axes;
    for (let i = 0; i < 21; i++)
      for (let j = 0; j < 21; j++) {
        const k = i * 21 + j;
        expect(d.color!.values[k]).toBe(sol.value[k] - sol.exact!.value[k]);
        // §8 gives P, K and c to six digits; the example computes them exactly.
        expect(d.color!.values[k]).toBeCloseTo(sol.value[k] - exactV(ps[i], vs[j]), 4);
      }
    // smaller in the middle of the box than at its edge
    expect(Math.abs(d.color!.values[10 * 21 + 10])).toBeLessThan(Math.abs(d.color!.values[0]));
  });

  it("overlay 'error' without exact fields gives no colour", () => {
    const { exact: _exact, ...withoutExact } = sol;
    const noExact: Run = {
      ...run,
      result: { ...result, result: { ...result.result, display: withoutExact } },
    };
    expect(deriveView(noExact, view({ overlay: 'error' }))!.color).toBeNull();
  });

  it("overlay 'residual' colours by the HJB residual", () => {
    const d = deriveView(run, view({ overlay: 'residual' }))!;
    expect(d.color!.values).toBe(sol.residual);
    expect(d.color!.label).toBe('HJB residual');
    expect(d.note).toBe('value V coloured by HJB residual');
  });

  it('while running, the latest snapshot is shown and no overlay colour', () => {
    const snapshot = sol.value.map((v) => 2 * v);
    const running: Run = { ...run, status: 'running', snapshot };
    const d = deriveView(running, view({ overlay: 'policy:0' }))!;
    expect(d.surface.z).toBe(snapshot);
    expect(d.color).toBeNull();
    expect(d.note).toBe('value V');
    // a snapshot left on a finished run is not shown
    const done: Run = { ...run, snapshot };
    expect(deriveView(done, view())!.surface.z).toBe(sol.value);
  });

  // The live grid arrives with the first snapshot, before the result.
  it('a fresh running run (no result yet) shows its live snapshot on the live grid', () => {
    const live = sol.value.slice();
    const fresh: Run = { ...run, status: 'running', result: null, liveGrid: sol.grid, snapshot: live };
    const d = deriveView(fresh, view())!;
    expect(d.surface.z).toBe(live);
    expect(d.color).toBeNull();
    expect(deriveView({ ...fresh, liveGrid: null }, view())).toBeNull();
  });

  it('a run with neither result nor snapshot has nothing to show', () => {
    expect(deriveView({ ...run, result: null, status: 'cancelled' }, view())).toBeNull();
  });
});

describe('deriveView: 1-D infinite horizon (LQR, 41 nodes): convergence V_k(x)', () => {
  const run = finishedRun('lqr', example('lqr-1d'), { shape: [41] });
  const sol = run.result!.result.display;
  const iterates = run.result!.iterates!;
  const P = (() => {
    const quad = 1 / 0.1;
    const b = 0.1 - 2 * -0.5;
    return (-b + Math.sqrt(b * b + 4 * quad)) / (2 * quad);
  })();
  const exactV = (x: number) => -0.5 * P * x * x - (0.09 * P) / 0.2;

  it('the solve keeps every iterate on the final grid, the last being V', () => {
    expect(iterates.length).toBeGreaterThanOrEqual(3);
    expect(iterates.every((v) => v.length === 41)).toBe(true);
    expect(Array.from(iterates[iterates.length - 1])).toEqual(Array.from(sol.value));
  });

  it('z[i·K + k] is iterate k at node i, ys = 1…K', () => {
    const d = deriveView(run, view({ overlay: 'residual' }))!;
    const K = run.snapshots.length;
    expect(K).toBe(iterates.length);
    expect(d.mode).toBe('convergence-1d');
    expect(d.color).toBeNull();
    expect(d.surface.xs).toBe(sol.grid.axes[0]);
    expect(Array.from(d.surface.ys)).toEqual(Array.from({ length: K }, (_, k) => k + 1));
    expect(d.surface.z.length).toBe(41 * K);
    for (let i = 0; i < 41; i++)
      for (let k = 0; k < K; k++) expect(d.surface.z[i * K + k]).toBe(iterates[k][i]);
    expect(d.surface.labels).toEqual({ x: 'x', y: 'iteration k', z: 'value V' });
    expect(d.note).toBe(`V_k(x) over ${K} iterates`);
    // the last row converged to the LQR value near the middle
    const xs = sol.grid.axes[0];
    for (const i of [15, 20, 25])
      expect(Math.abs(d.surface.z[i * K + K - 1] - exactV(xs[i]))).toBeLessThan(0.1);
  });

  it('a fresh running run (no result yet) draws the iterates gathered so far', () => {
    const fresh: Run = {
      ...run,
      status: 'running',
      result: null,
      liveGrid: sol.grid,
      snapshots: iterates.slice(0, 3),
    };
    const d = deriveView(fresh, view())!;
    expect(d.surface.ys.length).toBe(3);
    expect(d.surface.z[5 * 3 + 2]).toBe(iterates[2][5]);
  });

  it('snapshots of another length (a coarser level) are left out', () => {
    const mixed: Run = { ...run, snapshots: [new Float64Array(21), ...run.snapshots, new Float64Array(11)] };
    const d = deriveView(mixed, view())!;
    expect(d.surface.ys.length).toBe(run.snapshots.length);
    expect(d.surface.z[0]).toBe(run.snapshots[0][0]);
  });

  it('with fewer than two iterates, the final V is shown twice as a ribbon', () => {
    for (const snapshots of [[], [sol.value.map(() => 7)]]) {
      const d = deriveView({ ...run, snapshots }, view())!;
      expect(d.mode).toBe('convergence-1d');
      expect(Array.from(d.surface.ys)).toEqual([1, 2]);
      for (let i = 0; i < 41; i++) {
        expect(d.surface.z[2 * i]).toBe(sol.value[i]);
        expect(d.surface.z[2 * i + 1]).toBe(sol.value[i]);
      }
      expect(d.note).toBe('V_k(x) over 2 iterates');
    }
  });

  it('deriving does not modify the run', () => {
    const before = run.snapshots.length;
    deriveView({ ...run, snapshots: [] }, view());
    deriveView(run, view());
    expect(run.snapshots.length).toBe(before);
  });
});

describe('deriveView: 1-D finite horizon (scalar LQ, 41 nodes, 5 times): V(x, t)', () => {
  const run = finishedRun('fin', finiteLqSource, { shape: [41], times: 5, timeSteps: 40 });
  const sol = run.result!.result.display;
  const n = 41;

  it('z[i·nt + ti] = values[ti·n + i], ys = the stored times', () => {
    const d = deriveView(run, view({ overlay: 'policy:0' }))!;
    expect(d.mode).toBe('time-1d');
    expect(d.color).toBeNull();
    const nt = sol.times!.length;
    expect(nt).toBe(5);
    expect(d.surface.ys).toBe(sol.times);
    expect(Array.from(d.surface.ys)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(d.surface.z.length).toBe(n * nt);
    for (let ti = 0; ti < nt; ti++)
      for (let i = 0; i < n; i++) expect(d.surface.z[i * nt + ti]).toBe(sol.values![ti * n + i]);
    expect(d.surface.labels).toEqual({ x: 'x', y: 't', z: 'cost-to-go V' });
    expect(d.note).toBe('V(x, t) over 5 stored times');
    // truth: V(T, x) = 0 and V(0, x) ≈ tanh(1)x² + σ² ln cosh 1
    const xs = sol.grid.axes[0];
    for (let i = 0; i < n; i++) expect(Math.abs(d.surface.z[i * nt + nt - 1])).toBe(0);
    for (const i of [10, 20, 30])
      expect(
        Math.abs(d.surface.z[i * nt] - (Math.tanh(1) * xs[i] ** 2 + 0.25 * Math.log(Math.cosh(1)))),
      ).toBeLessThan(0.05);
  });
});

describe('deriveView: 3-D and 4-D runs: a slice through two chosen axes', () => {
  const states = (labels: string[]): StateSummary[] =>
    labels.map((label, k) => ({
      name: `s${k}`,
      label,
      min: 0,
      max: 1,
      periodic: false,
      boundary: 'reflect',
      spacing: 'uniform',
    }));

  function handRun(shape: number[], labels: string[]): Run {
    const axes = shape.map((nk, k) => Float64Array.from({ length: nk }, (_, i) => 10 * k + i / 2));
    const value = digitField(shape);
    const solution: GridSolution = {
      solver: 'grid',
      method: 'howard',
      grid: {
        shape,
        axes,
        bounds: axes.map((a) => [a[0], a[a.length - 1]]),
        periodic: shape.map(() => false),
      },
      value,
      policy: [value.map((v) => -v)],
      residual: value.map((v) => v / 1000),
      residualMax: 0,
      residualL2: 0,
      history: { iteration: [], residualMax: [], residualL2: [], policyChanges: [], seconds: [] },
      iterations: 1,
      seconds: 0,
      status: 'converged',
      warnings: [],
    };
    const problem: ProblemSummary = {
      kind: 'control',
      title: 'hand',
      states: states(labels),
      controls: [{ name: 'u', label: '', min: -1, max: 1 }],
      parameters: [],
      objective: 'minimize',
      discount: 1,
      horizon: null,
      noiseDim: 0,
      hasExact: false,
      hasTarget: false,
      latex: {},
      solvers: [],
    };
    return {
      id: 'hand',
      label: 'hand',
      status: 'converged',
      paused: false,
      live: false,
      problem,
      source: '',
      overrides: {},
      solver: 'grid',
      settings: {},
      startedAt: 0,
      history: { iteration: [], seconds: [], metrics: {} },
      progress: null,
      liveGrid: null,
      snapshot: null,
      snapshots: [],
      result: { result: gridResult(solution, null, []), drift: [] },
    };
  }

  const run3 = handRun([3, 4, 5], ['θ', '', 'z']);

  it('default: axes (0, 1) at the middle index of axis 2', () => {
    const d = deriveView(run3, view())!;
    expect(d.mode).toBe('slice');
    expect(d.slice).toEqual({ axis: 2, index: 2, value: 21, count: 5 });
    expect(d.surface.xs).toBe(run3.result!.result.display.grid.axes[0]);
    expect(d.surface.ys).toBe(run3.result!.result.display.grid.axes[1]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 4; j++) expect(d.surface.z[i * 4 + j]).toBe(100 * i + 10 * j + 2);
    // the label falls back to the name when empty
    expect(d.surface.labels).toEqual({ x: 'θ', y: 's1', z: 'cost-to-go V' });
    expect(d.note).toBe('slice at z = 21.0');
    expect(d.color).toBeNull();
  });

  it('chosen axes and slice index; the colour field is sliced the same way', () => {
    const d = deriveView(run3, view({ axes: [2, 0], sliceIndex: 3, overlay: 'policy:0' }))!;
    expect(d.slice).toEqual({ axis: 1, index: 3, value: 11.5, count: 4 });
    expect(d.surface.xs).toBe(run3.result!.result.display.grid.axes[2]);
    expect(d.surface.ys).toBe(run3.result!.result.display.grid.axes[0]);
    expect(d.surface.z.length).toBe(15);
    for (let k = 0; k < 5; k++)
      for (let i = 0; i < 3; i++) {
        expect(d.surface.z[k * 3 + i]).toBe(100 * i + 30 + k);
        expect(d.color!.values[k * 3 + i]).toBe(-(100 * i + 30 + k));
      }
    expect(d.color!.label).toBe('policy u');
    expect(d.surface.labels.x).toBe('z');
    expect(d.note).toBe('slice at s1 = 11.5');
    const r = deriveView(run3, view({ axes: [0, 2], sliceIndex: 0, overlay: 'residual' }))!;
    expect(r.slice).toEqual({ axis: 1, index: 0, value: 10, count: 4 });
    expect(r.color!.values[2 * 5 + 4]).toBe(0.204);
  });

  it('an out-of-range slice index falls back to the middle; invalid axes to (0, 1)', () => {
    expect(deriveView(run3, view({ sliceIndex: 5 }))!.slice!.index).toBe(2);
    expect(deriveView(run3, view({ sliceIndex: 4 }))!.slice!.index).toBe(4);
    expect(deriveView(run3, view({ axes: [1, 1] }))!.slice!.axis).toBe(2);
    expect(deriveView(run3, view({ axes: [0, 3] }))!.slice!.axis).toBe(2);
    const d = deriveView(run3, view({ axes: [1, 2] }))!;
    expect(d.slice).toEqual({ axis: 0, index: 1, value: 0.5, count: 3 });
    expect(d.surface.z[3 * 5 + 4]).toBe(100 + 30 + 4);
  });

  it('4-D: the first other axis is the slice axis, the remaining one sits at its middle', () => {
    const run4 = handRun([2, 3, 4, 5], ['a', 'b', 'c', 'd']);
    const d = deriveView(run4, view({ axes: [1, 3], sliceIndex: 0 }))!;
    expect(d.slice).toEqual({ axis: 0, index: 0, value: 0, count: 2 });
    // axis 2 (4 nodes) at index 2
    for (let j = 0; j < 3; j++)
      for (let l = 0; l < 5; l++) expect(d.surface.z[j * 5 + l]).toBe(100 * j + 20 + l);
    const e = deriveView(run4, view())!;
    expect(e.slice).toEqual({ axis: 2, index: 2, value: 21, count: 4 });
    // axis 3 (5 nodes) at index 2
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) expect(e.surface.z[i * 3 + j]).toBe(1000 * i + 100 * j + 22);
  });
});
