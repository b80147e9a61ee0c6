import { compileProblem } from '../../../../src/core/problem/compile';
import type { DiffusionProblem } from '../../../../src/core/problem/types';

const H = 'import { diffusion, sqrt } from "hjb-lab";\n';

/** Compiles `diffusion({...})` (the object's text) and fails loudly on diagnostics. */
export function diffusionProblem(spec: string): DiffusionProblem {
  const r = compileProblem(`${H}export default diffusion(${spec});`);
  if (r.diagnostics.length > 0 || !r.problem || r.problem.kind !== 'diffusion')
    throw new Error(r.diagnostics.map((d) => d.message).join('; ') || 'not a diffusion problem');
  return r.problem;
}

/** Eight Gaussians on a ring of radius 4, std 0.5, VP β 0.1 → 20, T = 1 (the benchmark case). */
export const RING = `{ data: { mixture: { means: [${Array.from({ length: 8 }, (_, k) => `[${4 * Math.cos((2 * Math.PI * k) / 8)}, ${4 * Math.sin((2 * Math.PI * k) / 8)}]`).join(', ')}], std: 0.5 } } }`;

/** A 2-D mixture with unequal weights and full covariances. */
export const SKEWED = `{ data: { mixture: { weights: [0.2, 0.5, 0.3], means: [[-2, 0.5], [1, 1], [0.5, -2]], covariances: [[[0.3, 0.1], [0.1, 0.2]], [[0.5, -0.2], [-0.2, 0.4]], [[0.1, 0], [0, 0.6]]] } } }`;

/** Arrays of n points per coordinate (structure of arrays). */
export function soa(d: number, n: number): Float64Array[] {
  return Array.from({ length: d }, () => new Float64Array(n));
}

/** Five 3-D Gaussians with unequal weights and stds (the 3-D check of other mixtures). */
export const FIVE_3D = `{ data: { mixture: { weights: [0.3, 0.2, 0.2, 0.15, 0.15], means: [[3, 0, 0], [-3, 0, 0], [0, 3, 0], [0, -3, 0], [0, 0, 3]], std: [0.5, 0.4, 0.6, 0.5, 0.3] } } }`;
