import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';

const names = (source: string, overrides?: Record<string, number>) => {
  const r = compileProblem(source, { overrides });
  if (!r.problem) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.problem.parameters.map((p) => p.name);
};

describe('constants that fix the structure are not sliders', () => {
  it('a mixture-component count (range(K)) is not offered; its radius is; --set still takes K', () => {
    const src = readFileSync(join(__dirname, '../../../resources/examples/eight-gaussians.ts'), 'utf8');
    expect(src).toMatch(/const K = 8;/);
    expect(names(src)).not.toContain('K');
    expect(names(src)).toContain('radius');
    const six = compileProblem(src, { overrides: { K: 6 } }).problem;
    expect(six?.kind === 'diffusion' && six.data.type === 'mixture' && six.data.weights.length).toBe(6);
  });

  it('a block count that sizes the state (a loop bound) is not offered; whole-number values stay', () => {
    const src = `import { problem, range } from 'hjb-lab';
const n = 2;
const g = 1;
const rho = 0.5;
const states = {};
for (const i of range(n)) states['x' + i] = [-1, 1];
export default problem({
  title: 'Blocks',
  states,
  controls: { u: [-1, 1] },
  maximize: (s, { u }) => -(u ** 2),
  discount: rho,
  drift: (s, { u }) => ({ x0: g * u, x1: u }),
  noise: { x0: 0.1, x1: 0.1 },
});`;
    // n = 3 adds a state the drift does not cover: n fixes the structure; g = 1 is a value.
    expect(names(src)).toEqual(['g', 'rho']);
    expect(compileProblem(src, { overrides: { n: 3 } }).problem).toBeNull();
  });

  it('an integer physical constant (a length of 1, a risk aversion of 2) stays a slider', () => {
    const src = readFileSync(join(__dirname, '../../../resources/examples/pendulum.ts'), 'utf8');
    expect(names(src)).toContain('l');
    const merton = readFileSync(join(__dirname, '../../../resources/examples/merton.ts'), 'utf8');
    expect(names(merton)).toContain('gamma');
  });

  it('the answer does not depend on the slider values (a moved slider keeps the list)', () => {
    const src = readFileSync(join(__dirname, '../../../resources/examples/eight-gaussians.ts'), 'utf8');
    const moved = src.replace('radius = 2,', 'radius = 2.5,');
    expect(names(moved)).toEqual(names(src));
  });
});
