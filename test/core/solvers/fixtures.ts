/**
 * Test problems built from plain JavaScript functions (the same contract the problem
 * language compiles to): makeProblem turns point functions into BatchKernels over
 * structure-of-arrays inputs. Objectives are written in the user's sense; the kernels apply
 * `sense` like compiled problems do.
 */
import type { BatchKernel, Boundary } from '../../../src/core/problem/types';
import type { SolverProblem } from '../../../src/core/solvers/problem';

type Vec = number[];

export interface FixtureState {
  name: string;
  min: number;
  max: number;
  boundary?: Boundary;
  spacing?: 'uniform' | 'geometric';
}

export interface FixtureSpec {
  states: FixtureState[];
  controls?: Array<{ name: string; min: number; max: number }>;
  drift: (x: Vec, a: Vec, t: number) => Vec;
  /** Σ row-major (d × noiseDim). */
  noise?: (x: Vec, a: Vec, t: number) => Vec;
  noiseDim?: number;
  noiseDiagonal?: boolean;
  noiseControlFree?: boolean;
  maximize?: (x: Vec, a: Vec, t: number) => number;
  minimize?: (x: Vec, a: Vec, t: number) => number;
  discount?: number | null;
  horizon?: number | null;
  terminal?: (x: Vec, t: number) => number;
  exit?: (x: Vec) => number;
  target?: (x: Vec) => boolean;
  /** Exact value and policy, in the user's sense. */
  exact?: (x: Vec, t: number) => Vec;
  timeDependent?: boolean;
}

function kernel(
  inputs: string[],
  outputs: string[],
  d: number,
  m: number,
  f: (x: Vec, a: Vec, t: number, out: Float64Array[], p: number) => void,
): BatchKernel {
  const x = new Array<number>(d).fill(0);
  const a = new Array<number>(m).fill(0);
  return {
    inputs,
    outputs,
    run(ins, outs, n) {
      for (let p = 0; p < n; p++) {
        for (let i = 0; i < d; i++) x[i] = ins[i][p];
        for (let j = 0; j < m; j++) a[j] = ins[d + j][p];
        f(x, a, ins[d + m][p], outs as Float64Array[], p);
      }
    },
  };
}

export function makeProblem(spec: FixtureSpec): SolverProblem {
  const d = spec.states.length;
  const controls = spec.controls ?? [];
  const m = controls.length;
  const k = spec.noise ? (spec.noiseDim ?? d) : 0;
  const sense: 1 | -1 = spec.minimize ? -1 : 1;
  const objective = spec.minimize ?? spec.maximize ?? (() => 0);
  const inputs = [...spec.states.map((s) => s.name), ...controls.map((c) => c.name), 't'];
  const outputs = [
    ...spec.states.map((s) => `f_${s.name}`),
    ...Array.from({ length: d * k }, (_, e) => `sigma_${e}`),
    'reward',
  ];
  const dynamics = kernel(inputs, outputs, d, m, (x, a, t, out, p) => {
    const f = spec.drift(x, a, t);
    for (let i = 0; i < d; i++) out[i][p] = f[i];
    if (spec.noise) {
      const s = spec.noise(x, a, t);
      for (let e = 0; e < d * k; e++) out[d + e][p] = s[e];
    }
    out[d + d * k][p] = sense * objective(x, a, t);
  });
  const scalar = (name: string, g: (x: Vec, t: number) => number, scale: number) =>
    kernel(inputs, [name], d, m, (x, _a, t, out, p) => {
      out[0][p] = scale * g(x, t);
    });
  const exactOutputs = ['value', ...controls.map((c) => `policy_${c.name}`)];
  return {
    title: 'fixture',
    states: spec.states.map((s) => ({
      name: s.name,
      label: s.name,
      min: s.min,
      max: s.max,
      periodic: s.boundary === 'periodic',
      boundary: s.boundary ?? 'reflect',
      spacing: s.spacing ?? 'uniform',
    })),
    controls: controls.map((c) => ({ ...c, label: c.name })),
    sense,
    discount: spec.discount ?? null,
    horizon: spec.horizon ?? null,
    noiseDim: k,
    noiseDiagonal: spec.noiseDiagonal ?? k === d,
    noiseControlFree: spec.noiseControlFree ?? true,
    timeDependent: spec.timeDependent ?? false,
    kernels: {
      dynamics,
      ...(spec.terminal ? { terminal: scalar('terminal', spec.terminal, sense) } : {}),
      ...(spec.exit ? { exit: scalar('exit', (x) => spec.exit!(x), sense) } : {}),
      ...(spec.target ? { target: scalar('target', (x) => (spec.target!(x) ? 1 : 0), 1) } : {}),
      ...(spec.exact
        ? {
            exact: kernel(inputs, exactOutputs, d, m, (x, _a, t, out, p) => {
              const e = spec.exact!(x, t);
              for (let o = 0; o < e.length; o++) out[o][p] = e[o];
            }),
          }
        : {}),
    },
  };
}

/** Scalar discounted LQR (docs/numerics.md §12.1): f = αx + βa, Σ = σ, cost ½(q x² + r a²), discount ρ. */
export function lqr1d(p: {
  alpha: number;
  beta: number;
  q: number;
  r: number;
  sigma: number;
  rho: number;
  L: number;
  amax: number;
}) {
  // ρP = q + 2αP − (β²/r)P²  →  (β²/r)P² + (ρ − 2α)P − q = 0, positive root.
  const A = (p.beta * p.beta) / p.r;
  const B = p.rho - 2 * p.alpha;
  const P = (-B + Math.sqrt(B * B + 4 * A * p.q)) / (2 * A);
  const c = (p.sigma * p.sigma * P) / (2 * p.rho);
  const K = (p.beta * P) / p.r;
  const problem = makeProblem({
    states: [{ name: 'x', min: -p.L, max: p.L }],
    controls: [{ name: 'a', min: -p.amax, max: p.amax }],
    drift: (x, a) => [p.alpha * x[0] + p.beta * a[0]],
    noise: () => [p.sigma],
    maximize: (x, a) => -0.5 * (p.q * x[0] * x[0] + p.r * a[0] * a[0]),
    discount: p.rho,
    exact: (x) => [-0.5 * P * x[0] * x[0] - c, -K * x[0]],
  });
  return { problem, P, c, K };
}

export const LQR_ARTICLE = { alpha: -0.5, beta: 1, q: 1, r: 0.1, sigma: 0.3, rho: 0.1, L: 3, amax: 20 };

/** 2-D double-integrator LQR (docs/numerics.md §12.3), box [−3, 3]², control in [−10, 10]. */
export const DI_P = [
  [1.292209, 0.659841],
  [0.659841, 0.929183],
];
export const DI_K = [1.319681, 1.858366];
export const DI_C = 0.418132;

export function doubleIntegratorLqr(L = 3) {
  return makeProblem({
    states: [
      { name: 'p', min: -L, max: L },
      { name: 'v', min: -L, max: L },
    ],
    controls: [{ name: 'u', min: -10, max: 10 }],
    drift: (x, a) => [x[1], a[0]],
    noise: () => [0, 0, 0, 0.3],
    maximize: (x, a) => -0.5 * (x[0] * x[0] + 0.5 * x[1] * x[1] + 0.5 * a[0] * a[0]),
    discount: 0.1,
    exact: (x) => {
      const [p, v] = x;
      const V = -0.5 * (DI_P[0][0] * p * p + 2 * DI_P[0][1] * p * v + DI_P[1][1] * v * v) - DI_C;
      return [V, -(DI_K[0] * p + DI_K[1] * v)];
    },
  });
}
