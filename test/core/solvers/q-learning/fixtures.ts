/** Example problems compiled from resources/examples, and the 1-D LQR closed form (docs/numerics.md §12.1). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';

function compiled(source: string): CompiledProblem {
  const r = compileProblem(source);
  if (r.problem?.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

export function example(name: string): CompiledProblem {
  return compiled(readFileSync(join(__dirname, `../../../../resources/examples/${name}.ts`), 'utf8'));
}

/** ρP = q + 2αP − (β²/r_a)P² with α = −0.5, β = 1, q = 1, r_a = 0.1, ρ = 0.1. */
export const LQR_P = (-1.1 + Math.sqrt(1.21 + 40)) / 20;
export const LQR_K = LQR_P / 0.1;
export const LQR_C = (0.09 * LQR_P) / 0.2;

/**
 * The example's 1-D LQR with another drift coefficient α, noise σ, discount ρ and control
 * gain β (q = 1, r_a = 0.1, x ∈ [−3, 3], a ∈ [−10, 10]) and its closed form: P > 0 solves
 * (β²/r_a)P² + (ρ − 2α)P − q = 0, K = βP/r_a, c = σ²P/(2ρ); κ = βK − α is the closed-loop
 * rate.
 */
export function lqr(
  alpha: number,
  sigma = 0.3,
  rho = 0.1,
  beta = 1,
): { problem: CompiledProblem; P: number; K: number; c: number; kappa: number } {
  const b = rho - 2 * alpha;
  const P = (-b + Math.sqrt(b * b + 40 * beta * beta)) / (20 * beta * beta);
  const K = (beta * P) / 0.1;
  const c = (sigma * sigma * P) / (2 * rho);
  const problem = compiled(`import { problem } from 'hjb-lab';
export default problem({
  title: 'LQR, α = ${alpha}, β = ${beta}, σ = ${sigma}, ρ = ${rho}',
  states: { x: [-3, 3] },
  controls: { a: [-10, 10] },
  maximize: ({ x }, { a }) => -0.5 * (x ** 2 + 0.1 * a ** 2),
  discount: ${rho},
  drift: ({ x }, { a }) => ({ x: ${alpha} * x + ${beta} * a }),
  noise: { x: ${sigma} },
  exact: {
    value: ({ x }) => -0.5 * ${P} * x ** 2 - ${c},
    policy: ({ x }) => ({ a: -${K} * x }),
  },
});
`);
  return { problem, P, K, c, kappa: beta * K - alpha };
}

export interface MertonParameters {
  gamma: number;
  r: number;
  mu: number;
  sigma: number;
  rho: number;
  /** The log-wealth box is [−zMax, zMax]. */
  zMax: number;
}

/**
 * Merton's problem in log wealth (resources/examples/merton.ts, docs/numerics.md §12.2) with
 * other parameters, the same control box, and its closed form: π* = (μ − r)/(γσ²),
 * k* = (ρ − (1 − γ)M)/γ with M = r + (μ − r)²/(2γσ²), V = A e^{(1−γ)z}/(1 − γ),
 * A = (γ/(ρ − (1 − γ)M))^γ.
 */
export function merton(m: MertonParameters): {
  problem: CompiledProblem;
  piStar: number;
  kStar: number;
  value: (z: number) => number;
} {
  const { gamma, r, mu, sigma, rho, zMax } = m;
  const M = r + (mu - r) ** 2 / (2 * gamma * sigma ** 2);
  const piStar = (mu - r) / (gamma * sigma ** 2);
  const kStar = (rho - (1 - gamma) * M) / gamma;
  const A = (gamma / (rho - (1 - gamma) * M)) ** gamma;
  const problem = compiled(`import { problem, exp } from 'hjb-lab';
export default problem({
  title: 'Merton, γ = ${gamma}',
  states: { z: { min: ${-zMax}, max: ${zMax}, boundary: 'constraint' } },
  controls: { pi: [0, 1.5], k: [0.005, 0.3] },
  maximize: ({ z }, { k }) => (k * exp(z)) ** ${1 - gamma} / ${1 - gamma},
  discount: ${rho},
  drift: (s, { pi, k }) => ({ z: ${r} + pi * ${mu - r} - k - 0.5 * (pi * ${sigma}) ** 2 }),
  noise: (s, { pi }) => ({ z: pi * ${sigma} }),
  exact: {
    value: ({ z }) => ${A / (1 - gamma)} * exp(${1 - gamma} * z),
    policy: () => ({ pi: ${piStar}, k: ${kStar} }),
  },
});
`);
  return { problem, piStar, kStar, value: (z) => (A * Math.exp((1 - gamma) * z)) / (1 - gamma) };
}
