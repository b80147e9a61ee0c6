/**
 * The float64 MLP (src/core/nn): milliseconds per training step (forward, backward, Adam)
 * for the sizes the toolchain notes compare against TF.js, inference throughput, and the
 * cost of the exact input gradient + Hessian per point. Reports only; never fails.
 */
import type { BenchSuite } from './suite';
import { Adam, createMlp, forward, Tape, valueGradientHessian } from '../src/core/nn';
import { Random } from '../src/core/sim/random';

function timeIt(minMs: number, body: () => void): { ms: number; reps: number } {
  body(); // warm-up: let the JIT settle before timing
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    body();
    reps++;
    t = performance.now();
  }
  return { ms: (t - t0) / reps, reps };
}

function randomArray(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  return Float64Array.from({ length: n }, () => r.normal());
}

export const nnSuite: BenchSuite = {
  name: 'nn',
  async run(emit) {
    for (const [width, batch] of [
      [32, 256],
      [64, 256],
      [64, 1024],
      [128, 4096],
    ]) {
      const net = createMlp({ inputs: 3, outputs: 2, hidden: [width, width], activation: 'tanh' }, 1);
      const X = randomArray(batch * 3, 2);
      const Y = randomArray(batch * 2, 3);
      const tape = new Tape(net, batch);
      const grad = new Float64Array(net.params.length);
      const dY = new Float64Array(batch * 2);
      const adam = new Adam(net.params.length);
      const { ms, reps } = timeIt(1500, () => {
        const out = tape.forward(X, batch);
        for (let i = 0; i < dY.length; i++) dY[i] = (2 * (out[i] - Y[i])) / batch;
        grad.fill(0);
        tape.backward(dY, grad);
        adam.step(net.params, grad, 1e-3);
      });
      emit({ case: 'train-step', net: `3-${width}-${width}-2 tanh`, batch, msPerStep: +ms.toFixed(3), reps });
    }
    {
      const n = 8192;
      const net = createMlp({ inputs: 6, outputs: 3, hidden: [64, 64], activation: 'tanh' }, 1);
      const X = randomArray(n * 6, 4);
      const Y = new Float64Array(n * 3);
      const { ms } = timeIt(1500, () => forward(net, X, n, Y));
      emit({ case: 'inference', net: '6-64-64-3 tanh', batch: n, nsPerSample: +((ms * 1e6) / n).toFixed(1) });
    }
    for (const d of [1, 2, 6]) {
      const n = 512;
      const net = createMlp({ inputs: d, outputs: 1, hidden: [64, 64], activation: 'tanh' }, 1);
      const X = randomArray(n * d, 5);
      const V = new Float64Array(n);
      const G = new Float64Array(n * d);
      const H = new Float64Array(n * d * d);
      const { ms } = timeIt(1500, () => valueGradientHessian(net, X, n, V, G, H));
      emit({
        case: 'value-gradient-hessian',
        net: `${d}-64-64-1 tanh`,
        usPerPoint: +((ms * 1e3) / n).toFixed(2),
      });
    }
  },
};
