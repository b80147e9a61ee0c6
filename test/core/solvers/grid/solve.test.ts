/** Behaviour of solveGrid beyond accuracy: periodic symmetry, soft HJB, errors, cancel, memory. */
import { describe, expect, it } from 'vitest';
import { SolverError } from '../../../../src/core/solvers/problem';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import { LQR_ARTICLE, lqr1d, makeProblem } from '../fixtures';

function ring(phase: number) {
  // Steer an angle towards the phase where the reward cos(θ − phase) peaks.
  return makeProblem({
    states: [{ name: 'theta', min: 0, max: 2 * Math.PI, boundary: 'periodic' }],
    controls: [{ name: 'u', min: -1, max: 1 }],
    drift: (_x, a) => [a[0] + 0.3],
    noise: () => [0.4],
    maximize: (x, a) => Math.cos(x[0] - phase) - 0.5 * a[0] * a[0],
    discount: 0.5,
  });
}

describe('solveGrid', () => {
  it('periodic boundary: shifting the problem by s nodes shifts the solution by s nodes', () => {
    const n = 120;
    const s = 17;
    const a = solveGrid(ring(0), { shape: [n], actions: [21] });
    const b = solveGrid(ring((2 * Math.PI * s) / n), { shape: [n], actions: [21] });
    expect(a.grid.axes[0].length).toBe(n);
    for (let p = 0; p < n; p++) {
      expect(Math.abs(b.value[(p + s) % n] - a.value[p])).toBeLessThan(1e-7);
      expect(Math.abs(b.policy[0][(p + s) % n] - a.policy[0][p])).toBeLessThan(1e-4);
    }
    // Not trivially constant: the value peaks near the reward's peak.
    expect(Math.max(...a.value) - Math.min(...a.value)).toBeGreaterThan(0.5);
  });

  it('soft HJB lies within α log|A| / ρ below the hard one and tends to it as α → 0', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    const base = { shape: [81], actions: [11], refine: false };
    const hard = solveGrid(problem, base);
    const gaps: number[] = [];
    for (const alpha of [1, 0.1, 0.01]) {
      const soft = solveGrid(problem, { ...base, temperature: alpha });
      let gap = 0;
      for (let p = 0; p < 81; p++) {
        const d = hard.value[p] - soft.value[p];
        expect(d).toBeGreaterThan(-1e-6);
        expect(d).toBeLessThan((alpha * Math.log(11)) / LQR_ARTICLE.rho + 1e-6);
        gap = Math.max(gap, d);
      }
      gaps.push(gap);
    }
    expect(gaps[1]).toBeLessThan(gaps[0]);
    expect(gaps[2]).toBeLessThan(gaps[1]);
  });

  it('NaN from the dynamics stops the run with the function and the state', () => {
    const problem = makeProblem({
      states: [{ name: 'x', min: -1, max: 1 }],
      controls: [{ name: 'u', min: -1, max: 1 }],
      drift: (x, a) => [Math.sqrt(x[0] + 0.5) + a[0]],
      maximize: (x) => -x[0] * x[0],
      discount: 1,
    });
    expect(() => solveGrid(problem, { shape: [21], actions: [3], multilevel: false })).toThrow(SolverError);
    expect(() => solveGrid(problem, { shape: [21], actions: [3], multilevel: false })).toThrow(
      /drift f_x returned NaN at x = -1 \(u = -1, t = 0\)/,
    );
  });

  it('cancel stops within one iteration and returns the current iterate on the requested grid', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    let cancelled = false;
    let after = 0;
    const signal = {
      get cancelled() {
        return cancelled;
      },
    };
    const sol = solveGrid(
      problem,
      { shape: [401], actions: [41] },
      {
        signal,
        onProgress: () => {
          if (cancelled) after++;
          cancelled = true;
        },
      },
    );
    expect(sol.status).toBe('cancelled');
    expect(after).toBe(0);
    expect(sol.value.length).toBe(401);
    const abort = new AbortController();
    abort.abort();
    expect(solveGrid(problem, { shape: [101], actions: [41] }, { signal: abort.signal }).status).toBe(
      'cancelled',
    );
  });

  it('refuses before allocating when the memory estimate is over the limit', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    expect(() => solveGrid(problem, { shape: [50_000_000], actions: [41] })).toThrow(
      /needs about [\d.]+ GiB of memory, more than the limit of 1.00 GiB/,
    );
  });

  it('rejects invalid settings with a message', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    expect(() => solveGrid(problem, { shape: [101, 101] })).toThrow(/needs 1 sizes/);
    expect(() => solveGrid(problem, { tol: 0 })).toThrow(/tol must be/);
  });

  it('reports history, residual and snapshots in the user sense', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    const snapshots: Float64Array[] = [];
    const sol = solveGrid(
      problem,
      { shape: [101], actions: [21] },
      { onProgress: (p) => p.snapshot && snapshots.push(p.snapshot), snapshotEvery: 1 },
    );
    expect(sol.history.iteration.length).toBeGreaterThan(0);
    expect(sol.history.seconds.length).toBe(sol.history.iteration.length);
    expect(sol.residualMax).toBeLessThan(1e-4);
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots[snapshots.length - 1]).toEqual(sol.value);
  });
});
