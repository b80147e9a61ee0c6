import { describe, expect, it } from 'vitest';
import { createMlp } from '../../../../src/core/nn';
import { Random } from '../../../../src/core/sim/random';
import { dataSource } from '../../../../src/core/solvers/diffusion/data';
import { forwardProcess } from '../../../../src/core/solvers/diffusion/forward';
import { slicedW2 } from '../../../../src/core/solvers/diffusion/metrics';
import { sampleReverse } from '../../../../src/core/solvers/diffusion/sampler';
import type { ScoreNet } from '../../../../src/core/solvers/diffusion/score-net';
import { inputCount, scoreNetControl } from '../../../../src/core/solvers/diffusion/score-net';
import { RING, diffusionProblem, soa } from './fixtures';

describe('the trained control in float32', () => {
  const problem = diffusionProblem(RING);
  const fwd = forwardProcess(problem);
  const source = dataSource(problem);
  // An untrained ε-network of the default shape, its weights perturbed so it is far from zero.
  const frng = new Random(4);
  const fourier = Float64Array.from({ length: 32 }, () => 2 * frng.normal());
  const shape = { dim: 2, frequencies: 4, fourier };
  const net = createMlp(
    { inputs: inputCount(shape), outputs: 2, hidden: [128, 128, 128], activation: 'silu' },
    1,
  );
  for (let i = 0; i < net.params.length; i++) net.params[i] += 0.02 * frng.normal();
  const sn: ScoreNet = { ...shape, net, horizon: 1, mean: source.mean, variance: source.variance };

  it('samples the same particles as float64, far inside the sampling noise', () => {
    const n = 1024;
    const run = (precision: 'f32' | 'f64') => {
      const rng = new Random(9);
      const xs = soa(2, n);
      for (const x of xs) for (let p = 0; p < n; p++) x[p] = rng.normal();
      const ctl = scoreNetControl(sn, fwd.linear!, fwd.sigma, precision);
      sampleReverse(fwd, ctl, xs, n, { method: 'sde', steps: 100, sEnd: 1e-3, rng });
      return { dim: 2, n, xs };
    };
    const a = run('f32');
    const b = run('f64');
    let worst = 0;
    for (let i = 0; i < 2; i++)
      for (let p = 0; p < n; p++) worst = Math.max(worst, Math.abs(a.xs[i][p] - b.xs[i][p]));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-3);
    // The sampling noise of SW2 at this size is the data-vs-data distance (0.1 or more).
    const held = source.heldOut(n, 3)!;
    expect(Math.abs(slicedW2(a, held) - slicedW2(b, held))).toBeLessThan(1e-4);
  });
});
