/**
 * Grid HJB benchmark (docs/numerics.md §7.6): the reference problems from resources/examples, one JSON
 * line per case with iterations, seconds and the max error against the exact solution on
 * the middle 60 %.
 *
 * The cases run as the lab runs them: in a worker thread, through the worker's API
 * (src/workers/lab-api.ts: compile the source, solve, transfer the solution back), on the
 * bundled code, after the warm-up the lab's solve worker does when it starts (reported on
 * its own line). `seconds` is the solver's own wall time inside the worker; `wallSeconds`
 * adds compiling the problem and transferring the result. All cases share one worker, like
 * the runs of a session. `--in-process` runs solveGrid on this thread instead (for
 * profilers), `--linear=gmres|bicgstab|gauss-seidel` picks the policy-evaluation solver.
 *
 * Reference (NumPy/SciPy, implicit upwind Howard, SuperLU) on this machine: 0.19 s at 101²,
 * 1.2 s at 201², 8–9 s at 401², max |V − V*| = 0.27, 0.135, 0.067. Goal: same accuracy in
 * ≤ 0.4 s at 201² and ≤ 2.5 s at 401².
 *
 * How the policy evaluation came to be what it is (all measured here): Gauss–Seidel sweeps
 * lost to ILU(0)-BiCGSTAB by 2–5× (the noise on v makes the system elliptic in v); plain
 * ILU(0) needed 68 BiCGSTAB iterations at 401² where an aggregation-multigrid V-cycle needed
 * 7; line Gauss–Seidel smoothing instead of ILU(0) halved the double integrator at 201²
 * (multigrid.ts, line-smoother.ts); GMRES and BiCGSTAB with the same V-cycle are within
 * noise, and GMRES's residual never grows. This machine is shared and its speed drifts by
 * ±25 % over minutes: repeat a run before believing a time.
 *
 * 1-D (lqr-1d N = 1601): the worker took 51 ms, most of it building the multigrid hierarchy
 * (coarsen, load) and running V-cycles on each of the six coarse-to-fine grids, for a
 * tridiagonal system. The exact tridiagonal solve (tridiagonal.ts) replaced it: V8 CPU
 * profile of the first three solves of a freshly compiled problem after the warm-up,
 * 393 → 102 ms sampled, the linear solves 196 → under 1 ms; what is left is mostly the
 * problem's own compiled kernels running cold (the fused policy step, the batch kernel).
 * Warm (the same problem again, least CPU time of 30, one sitting at load ~20): 5.9 → 4.8 ms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { compileProblem } from '../src/core/problem/compile';
import { solveGrid, type GridResult, type GridSolution } from '../src/core/solvers/grid/index';
import type { GridSettings } from '../src/core/solvers/grid/settings';
import type { LabApi } from '../src/workers/lab-api';
import { bundleWorker } from '../scripts/bundle-worker';
import type { BenchSuite } from './suite';

interface Case {
  name: string;
  file: string;
  settings: Partial<GridSettings>;
  /**
   * Solve once with these parameter values first, then report the solve with the file's
   * own: what a user who drags a slider waits for (same problem, a parameter changed).
   */
  sliderFrom?: Record<string, number>;
}

const CASES: Case[] = [
  { name: 'lqr-1d N=1601', file: 'lqr-1d.ts', settings: { shape: [1601], actions: [41] } },
  {
    name: 'lqr-1d N=1601 after a slider move (σ 0.35 → 0.3)',
    file: 'lqr-1d.ts',
    settings: { shape: [1601], actions: [41] },
    sliderFrom: { sigma: 0.35 },
  },
  {
    name: 'double-integrator-lqr 101²',
    file: 'double-integrator-lqr.ts',
    settings: { shape: [101, 101], actions: [41] },
  },
  {
    name: 'double-integrator-lqr 201²',
    file: 'double-integrator-lqr.ts',
    settings: { shape: [201, 201], actions: [41] },
  },
  {
    name: 'double-integrator-lqr 401²',
    file: 'double-integrator-lqr.ts',
    settings: { shape: [401, 401], actions: [41] },
  },
  { name: 'dubins-car 61³', file: 'dubins-car.ts', settings: { shape: [61, 61, 60], actions: [21] } },
];

const source = (file: string): string =>
  readFileSync(join(__dirname, '..', 'resources', 'examples', file), 'utf8');

const linearArg = process.argv.find((a) => a.startsWith('--linear='))?.slice('--linear='.length);
const inProcess = process.argv.includes('--in-process');

function settingsOf(c: Case): Partial<GridSettings> {
  const settings: Partial<GridSettings> = { ...c.settings };
  if (linearArg === 'gauss-seidel' || linearArg === 'bicgstab' || linearArg === 'gmres')
    settings.linearSolver = linearArg;
  return settings;
}

function report(c: Case, sol: GridSolution, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    case: c.name,
    status: sol.status,
    iterations: sol.iterations,
    totalIterations: sol.history.iteration.length,
    seconds: Number(sol.seconds.toFixed(3)),
    ...extra,
    residualMax: sol.residualMax,
    ...(sol.exactError
      ? { maxError: sol.exactError.value.max, policyError: sol.exactError.policy?.max ?? null }
      : {}),
  };
}

async function inWorker(emit: (line: Record<string, unknown>) => void): Promise<void> {
  const worker = new Worker(await bundleWorker(join(__dirname, '..', 'src', 'workers', 'node-entry.ts')));
  const api = Comlink.wrap<LabApi>(nodeEndpoint(worker));
  try {
    // The lab's solve worker warms up when it starts (src/workers/warm-up.ts); so does this
    // one, on its own line, so that the cases measure what a user's solve costs.
    const warm = (await api.warmUp()).seconds;
    emit({
      case: 'worker warm-up (81² solve, as the lab does on start)',
      seconds: Number(warm.toFixed(3)),
      where: 'worker',
    });
    for (const c of CASES) {
      if (c.sliderFrom) {
        const before = await api.solve(`${c.name} (before)`, {
          source: source(c.file),
          solver: 'grid',
          settings: settingsOf(c),
          overrides: c.sliderFrom,
        });
        if (before.status !== 'done') throw new Error(`${c.name}: the solve before the move failed`);
      }
      const t0 = performance.now();
      const out = await api.solve(c.name, {
        source: source(c.file),
        solver: 'grid',
        settings: settingsOf(c),
      });
      const wall = (performance.now() - t0) / 1000;
      if (out.status !== 'done')
        throw new Error(`${c.name}: ${out.status === 'failed' ? out.message : out.status}`);
      emit(
        report(c, (out.result.result as GridResult).solution, {
          wallSeconds: Number(wall.toFixed(3)),
          where: 'worker',
        }),
      );
    }
  } finally {
    await worker.terminate();
  }
}

function onThisThread(emit: (line: Record<string, unknown>) => void): void {
  for (const c of CASES) {
    if (c.sliderFrom) {
      const before = compileProblem(source(c.file), { overrides: c.sliderFrom });
      if (!before.problem || before.problem.kind !== 'control') throw new Error(`${c.file} does not compile`);
      solveGrid(before.problem, settingsOf(c));
    }
    const r = compileProblem(source(c.file));
    if (!r.problem || r.problem.kind !== 'control') throw new Error(`${c.file} does not compile`);
    const cpu0 = process.cpuUsage();
    const sol = solveGrid(r.problem, settingsOf(c));
    const cpu = process.cpuUsage(cpu0);
    // CPU time of this process (all threads): the honest figure when the machine is loaded.
    emit(
      report(c, sol, {
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
        where: 'main thread',
      }),
    );
  }
}

export const gridSuite: BenchSuite = {
  name: 'grid',
  async run(emit) {
    if (inProcess) onThisThread(emit);
    else await inWorker(emit);
  },
};
