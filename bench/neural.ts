/**
 * Neural policy iteration with default settings (only the seed given): training time to
 * a 2 % relative L2 error of V on the 1-D LQR (the figure the PyTorch peer is timed on),
 * and the times and final errors on Merton and the 6-D LQR, in this thread and with a pool
 * of two rollout worker threads; then a coupled 4-D LQR in this thread, with its worst
 * feedback gain. Reports only; never fails.
 */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { BenchSuite } from './suite';
import { bundleWorker } from '../scripts/bundle-worker';
import { compileProblem } from '../src/core/problem/compile';
import type { CompiledProblem } from '../src/core/problem/types';
import { neuralPi, neuralPiSolver } from '../src/core/solvers/neural-pi';
import { rolloutPool, type RolloutWorkerApi } from '../src/workers/rollout-pool';
// The tests' reference dense solve (one copy), for Newton–Kleinman's Lyapunov step.
import { denseSolve } from '../test/core/solvers/grid/dense-solve';

/** Each example with default settings; the 1-D LQR also from the middle of the control box,
 * since the default linear start hands an LQR its Riccati feedback as the first policy. */
const CASES: Array<{ name: string; settings: Record<string, number | string> }> = [
  { name: 'lqr-1d', settings: { seed: 0 } },
  { name: 'lqr-1d', settings: { seed: 0, firstPolicy: 'middle' } },
  { name: 'merton', settings: { seed: 0 } },
  { name: 'lqr-6d', settings: { seed: 0 } },
];

/**
 * A coupled 4-D LQR (two damped oscillators joined by springs, a control entering both, a
 * cost with cross terms): each feedback gain against the Riccati gain, found here by
 * Newton–Kleinman (Lyapunov solves as 16×16 linear systems). Too slow for a test: a default
 * run is several CPU minutes (docs/numerics.md, "Neural policy iteration").
 */
const C4 = {
  A: [
    [0, 1, 0, 0],
    [-1, -0.2, 0.5, 0],
    [0, 0, 0, 1],
    [0.5, 0, -1, -0.2],
  ],
  B: [
    [0, 0],
    [1, 0.3],
    [0, 0],
    [0, 1],
  ],
  Q: [
    [1, 0.2, 0.3, 0],
    [0.2, 0.5, 0, 0],
    [0.3, 0, 1, 0],
    [0, 0, 0, 0.5],
  ],
  R: [0.5, 1],
  rho: 0.1,
  sigma: 0.3,
};

/** Riccati gain K (2×4) and P by Newton–Kleinman from K = 0 (A − ρ/2 is stable here). */
function coupledRiccati(): { K: number[][]; P: number[][] } {
  const { A, B, Q, R, rho } = C4;
  const d = 4;
  let K = [new Array<number>(d).fill(0), new Array<number>(d).fill(0)];
  let P: number[][] = [];
  for (let it = 0; it < 30; it++) {
    // (A − BK − ρ/2)ᵀP + P(A − BK − ρ/2) + Q + KᵀRK = 0.
    const Ac = A.map((row, i) =>
      row.map((v, j) => v - B[i][0] * K[0][j] - B[i][1] * K[1][j] - (i === j ? rho / 2 : 0)),
    );
    const L = Array.from({ length: d * d }, () => new Array<number>(d * d).fill(0));
    const rhs = new Array<number>(d * d).fill(0);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        rhs[i * d + j] = -(Q[i][j] + R[0] * K[0][i] * K[0][j] + R[1] * K[1][i] * K[1][j]);
        for (let k = 0; k < d; k++) {
          L[i * d + j][k * d + j] += Ac[k][i];
          L[i * d + j][i * d + k] += Ac[k][j];
        }
      }
    const p = denseSolve(L, rhs);
    P = Array.from({ length: d }, (_, i) => p.slice(i * d, i * d + d));
    K = [0, 1].map((u) =>
      P[0].map(
        (_, j) => (B[0][u] * P[0][j] + B[1][u] * P[1][j] + B[2][u] * P[2][j] + B[3][u] * P[3][j]) / R[u],
      ),
    );
  }
  return { K, P };
}

function coupledSource(P: number[][], K: number[][]): string {
  const { A, B, Q, R, rho, sigma } = C4;
  const c = (0.5 * sigma * sigma * (P[1][1] + P[3][3])) / rho;
  const js = (v: unknown) => JSON.stringify(v);
  return `import { problem, dot, matvec } from 'hjb-lab';
const A = ${js(A)}, B = ${js(B)}, Q = ${js(Q)}, P = ${js(P)}, K = ${js(K)};
export default problem({
  title: 'coupled 4-D LQR',
  states: { x: { dim: 4, min: -3, max: 3 } },
  controls: { u1: [-10, 10], u2: [-10, 10] },
  maximize: ({ x }, { u1, u2 }) => -0.5 * (dot(matvec(Q, x), x) + ${R[0]} * u1 * u1 + ${R[1]} * u2 * u2),
  discount: ${rho},
  drift: ({ x }, { u1, u2 }) => {
    const f = matvec(A, x);
    return { x: [0, 1, 2, 3].map((i) => f[i] + B[i][0] * u1 + B[i][1] * u2) };
  },
  noise: { x: [0, ${sigma}, 0, ${sigma}] },
  exact: {
    value: ({ x }) => -0.5 * dot(matvec(P, x), x) - ${c},
    policy: ({ x }) => { const k = matvec(K, x); return { u1: -k[0], u2: -k[1] }; },
  },
});`;
}

/** The worst relative error of the actor's gains −∂u/∂x at the centre (central differences). */
function worstGain(
  problem: CompiledProblem,
  result: Awaited<ReturnType<typeof neuralPi.solve>>,
  K: number[][],
): number {
  const h = 1e-3;
  const pts = Array.from({ length: 4 }, (_, i) =>
    Float64Array.from({ length: 8 }, (_, k) => (k === 2 * i ? h : k === 2 * i + 1 ? -h : 0)),
  );
  const u = [new Float64Array(8), new Float64Array(8)];
  neuralPi.policy(problem, result)(pts, 0, u, 8);
  let worst = 0;
  for (let j = 0; j < 2; j++)
    for (let i = 0; i < 4; i++) {
      const gain = -(u[j][2 * i] - u[j][2 * i + 1]) / (2 * h);
      worst = Math.max(worst, Math.abs(gain / K[j][i] - 1));
    }
  return worst;
}

export const neuralSuite: BenchSuite = {
  name: 'neural',
  async run(emit) {
    const file = await bundleWorker('src/workers/rollout-node-entry.ts');
    const workers = [new Worker(file), new Worker(file)];
    const remotes = workers.map((w) => Comlink.wrap<RolloutWorkerApi>(nodeEndpoint(w)));
    try {
      for (const { name, settings } of CASES) {
        const source = readFileSync(`resources/examples/${name}.ts`, 'utf8');
        const problem = compileProblem(source).problem as CompiledProblem;
        for (const pool of [0, 2]) {
          const solver = pool === 0 ? neuralPi : neuralPiSolver(() => rolloutPool(remotes, source));
          const t0 = performance.now();
          const result = await solver.solve(problem, settings, {});
          const wall = (performance.now() - t0) / 1000;
          const errors = result.history.metrics.valueError ?? [];
          const hit = errors.findIndex((e) => e < 0.02);
          emit({
            case: name,
            firstPolicy: settings.firstPolicy ?? 'linear',
            rolloutWorkers: pool === 0 ? 'in-thread' : pool,
            iterations: result.iterations,
            trainSeconds: +result.seconds.toFixed(2),
            wallSeconds: +wall.toFixed(2),
            secondsTo2pc: hit >= 0 ? +result.history.seconds[hit].toFixed(2) : null,
            iterationsTo2pc: hit >= 0 ? hit + 1 : null,
            valueError: result.summary.valueError,
            policyError: result.summary.policyError,
            residual: result.summary.residual,
            valueErrorByIteration: errors.map((e) => +e.toPrecision(3)),
          });
        }
      }
      const { K, P } = coupledRiccati();
      const problem = compileProblem(coupledSource(P, K)).problem as CompiledProblem;
      const result = await neuralPi.solve(problem, { seed: 0 }, {});
      emit({
        case: 'coupled-lqr-4d',
        rolloutWorkers: 'in-thread',
        iterations: result.iterations,
        trainSeconds: +result.seconds.toFixed(2),
        valueError: result.summary.valueError,
        policyError: result.summary.policyError,
        worstGainError: +worstGain(problem, result, K).toFixed(4),
      });
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  },
};
