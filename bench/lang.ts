/**
 * Problem-language throughput (docs/architecture.md §4.2): the pendulum's drift, noise, reward and their
 * control derivatives through the batch kernels (both backends), beside a hand-written
 * TypeScript function of the same formulas. Reports points per second; never fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchSuite } from './suite';
import { compileProblem } from '../src/core/problem/compile';
import type { CompiledProblem } from '../src/core/problem/types';
import { compileKernel } from '../src/core/lang/kernel';

const N = 4096;

/** The pendulum of docs/architecture.md §4.1, by hand: f, Σ (2×2), r (= −cost), and ∂/∂u of all of them. */
function handWritten(ins: readonly Float64Array[], outs: readonly Float64Array[], n: number): void {
  const [th, om, u] = ins;
  const [f0, f1, s00, s01, s10, s11, r, d0, d1, ds00, ds01, ds10, ds11, dr] = outs;
  const g = 9.81,
    l = 1,
    b = 0.1,
    sigma = 0.2;
  for (let p = 0; p < n; p++) {
    const uu = u[p];
    const w = om[p];
    f0[p] = w;
    f1[p] = -(g / l) * Math.sin(th[p]) - b * w + uu;
    s00[p] = 0;
    s01[p] = 0;
    s10[p] = 0;
    s11[p] = sigma;
    r[p] = -(1 - Math.cos(th[p]) + 0.1 * w * w + 0.01 * uu * uu);
    d0[p] = 0;
    d1[p] = 1;
    ds00[p] = 0;
    ds01[p] = 0;
    ds10[p] = 0;
    ds11[p] = 0;
    dr[p] = -0.02 * uu;
  }
}

type Run = (ins: readonly Float64Array[], outs: readonly Float64Array[], n: number) => void;

/** Points per second of `run`, timed over repeated calls for about `ms` milliseconds. */
function throughput(run: Run, ins: Float64Array[], outs: Float64Array[], ms = 400): number {
  for (let i = 0; i < 50; i++) run(ins, outs, N); // warm up (JIT)
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 20; i++) run(ins, outs, N);
    calls += 20;
    now = performance.now();
  }
  return (calls * N) / ((now - start) / 1000);
}

export const lang: BenchSuite = {
  name: 'lang',
  async run(emit) {
    const source = readFileSync(join(__dirname, '../resources/examples/pendulum.ts'), 'utf8');
    const t0 = performance.now();
    const result = compileProblem(source);
    const compileMs = performance.now() - t0;
    const p = result.problem as CompiledProblem;
    emit({ case: 'compile pendulum', ms: Math.round(compileMs * 10) / 10 });

    const ins = [0, 1, 2, 3].map((k) => Float64Array.from({ length: N }, (_, i) => Math.sin(i * 0.37 + k)));
    const outs = Array.from({ length: 14 }, () => new Float64Array(N));
    const dynOut = p.kernels.dynamics.outputs.length;
    const both =
      (k1: Run, k2: Run): Run =>
      (i, o, n) => {
        k1(i, o.slice(0, dynOut), n);
        k2(i, o.slice(dynOut), n);
      };
    const hand = throughput(handWritten, ins, outs);
    const exprs = [...p.exprs.drift, ...p.exprs.noise.flat(), p.exprs.reward];
    const { diffMany } = await import('../src/core/lang/diff');
    const da = diffMany(exprs, 'u');
    const inputs = p.kernels.dynamics.inputs;
    for (const backend of ['js', 'interpreter'] as const) {
      // One kernel for everything (CSE across values and derivatives) and the problem's two kernels.
      const fused = compileKernel([...exprs, ...da], inputs, undefined, { backend });
      const fusedRate = throughput((i, o, n) => fused.run(i, o, n), ins, outs);
      emit({
        case: `pendulum f, Σ, r, ∂/∂u fused (${backend})`,
        pointsPerSecond: Math.round(fusedRate),
        handWritten: Math.round(hand),
        ratio: Math.round((fusedRate / hand) * 100) / 100,
      });
      const dyn = compileKernel(exprs, inputs, undefined, { backend });
      const dda = compileKernel(da, inputs, undefined, { backend });
      const splitRate = throughput(
        both(
          (i, o, n) => dyn.run(i, o, n),
          (i, o, n) => dda.run(i, o, n),
        ),
        ins,
        outs,
      );
      emit({
        case: `pendulum dynamics + dynamicsDa (${backend})`,
        pointsPerSecond: Math.round(splitRate),
        handWritten: Math.round(hand),
        ratio: Math.round((splitRate / hand) * 100) / 100,
      });
    }
  },
};
