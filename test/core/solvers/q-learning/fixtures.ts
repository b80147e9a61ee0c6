/** Example problems compiled from resources/examples, and the 1-D LQR closed form (docs/numerics.md §12.1). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';

export function example(name: string): CompiledProblem {
  const source = readFileSync(join(__dirname, `../../../../resources/examples/${name}.ts`), 'utf8');
  const r = compileProblem(source);
  if (r.problem?.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

/** ρP = q + 2αP − (β²/r_a)P² with α = −0.5, β = 1, q = 1, r_a = 0.1, ρ = 0.1. */
export const LQR_P = (-1.1 + Math.sqrt(1.21 + 40)) / 20;
export const LQR_K = LQR_P / 0.1;
export const LQR_C = (0.09 * LQR_P) / 0.2;
