import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  Adam,
  BatchSampler,
  cosineRate,
  createMlp,
  fitMse,
  forward,
  mlpFromStored,
  mlpToStored,
  parameterGradientWithInputGradient,
  Tape,
  valueGradientHessian,
  type Mlp,
} from '../../../src/core/nn';
import { Random } from '../../../src/core/sim/random';

function randomInputs(n: number, d: number, seed: number): Float64Array {
  const r = new Random(seed);
  return Float64Array.from({ length: n * d }, () => 2 * r.uniform() - 1);
}

function evalScalar(net: Mlp, x: ArrayLike<number>): number {
  const out = new Float64Array(1);
  forward(net, Float64Array.from(x), 1, out);
  return out[0];
}

/** Central difference with step h: truncation O(h²f‴), rounding O(ε/h); h = 1e-5 gives ~1e-9. */
const h = 1e-5;

describe.each(ACTIVATIONS)('MLP with %s', (activation) => {
  const net = createMlp({ inputs: 3, outputs: 2, hidden: [7, 5], activation }, 11);
  // Non-zero biases so that every code path sees them.
  const r = new Random(5);
  for (const L of net.layers) for (let j = 0; j < L.nout; j++) net.params[L.b + j] = 0.3 * r.normal();
  const n = 9;
  const X = randomInputs(n, 3, 3);
  const C = randomInputs(n, 2, 4); // loss Σ C·Y, so dL/dY = C

  const loss = (params: Float64Array): number => {
    const m: Mlp = { ...net, params };
    const Y = forward(m, X, n, new Float64Array(n * 2));
    let s = 0;
    for (let i = 0; i < Y.length; i++) s += C[i] * Y[i];
    return s;
  };

  it('batched forward equals one-sample forward (blocked products and tail rows)', () => {
    const Y = forward(net, X, n, new Float64Array(n * 2));
    for (let p = 0; p < n; p++) {
      const y = forward(net, X.subarray(p * 3, p * 3 + 3), 1, new Float64Array(2));
      expect(Y[p * 2]).toBe(y[0]);
      expect(Y[p * 2 + 1]).toBe(y[1]);
    }
  });

  it('backpropagated parameter and input gradients match central differences', () => {
    const tape = new Tape(net, n);
    const Y = tape.forward(X, n);
    expect(Array.from(Y)).toEqual(Array.from(forward(net, X, n, new Float64Array(n * 2))));
    const grad = new Float64Array(net.params.length);
    const dX = new Float64Array(n * 3);
    tape.backward(C, grad, dX);
    for (let i = 0; i < net.params.length; i++) {
      const pp = net.params.slice();
      const pm = net.params.slice();
      pp[i] += h;
      pm[i] -= h;
      expect(grad[i]).toBeCloseTo((loss(pp) - loss(pm)) / (2 * h), 7);
    }
    for (let i = 0; i < n * 3; i++) {
      const xp = X.slice();
      const xm = X.slice();
      xp[i] += h;
      xm[i] -= h;
      const yp = forward(net, xp, n, new Float64Array(n * 2));
      const ym = forward(net, xm, n, new Float64Array(n * 2));
      let fd = 0;
      for (let k = 0; k < n * 2; k++) fd += (C[k] * (yp[k] - ym[k])) / (2 * h);
      expect(dX[i]).toBeCloseTo(fd, 7);
    }
  });

  it('forward-mode gradient and Hessian (mixed entries included) match central differences', () => {
    const scalar = createMlp({ inputs: 3, outputs: 1, hidden: [6, 4], activation }, 2);
    const rr = new Random(8);
    for (let i = 0; i < scalar.params.length; i++) scalar.params[i] += 0.1 * rr.normal();
    const V = new Float64Array(n);
    const G = new Float64Array(n * 3);
    const H = new Float64Array(n * 9);
    valueGradientHessian(scalar, X, n, V, G, H);
    const G2 = new Float64Array(n * 3);
    valueGradientHessian(scalar, X, n, new Float64Array(n), G2);
    expect(Array.from(G2)).toEqual(Array.from(G));
    const hh = 1e-4; // second differences: truncation O(h²), rounding O(ε/h²) ≈ 1e-8
    for (let p = 0; p < n; p++) {
      const x = Array.from(X.subarray(p * 3, p * 3 + 3));
      expect(V[p]).toBeCloseTo(evalScalar(scalar, x), 14);
      for (let k = 0; k < 3; k++) {
        const xp = x.slice();
        const xm = x.slice();
        xp[k] += h;
        xm[k] -= h;
        expect(G[p * 3 + k]).toBeCloseTo((evalScalar(scalar, xp) - evalScalar(scalar, xm)) / (2 * h), 8);
        for (let l = 0; l < 3; l++) {
          const f = (dk: number, dl: number) => {
            const y = x.slice();
            y[k] += dk;
            y[l] += dl;
            return evalScalar(scalar, y);
          };
          const fd = (f(hh, hh) - f(hh, -hh) - f(-hh, hh) + f(-hh, -hh)) / (4 * hh * hh);
          expect(H[p * 9 + k * 3 + l]).toBeCloseTo(fd, 6);
        }
      }
    }
  });

  it('the parameter gradient of a loss on f and ∇f matches central differences', () => {
    const scalar = createMlp({ inputs: 3, outputs: 1, hidden: [5, 4], activation }, 4);
    const cf = randomInputs(n, 1, 21);
    const cg = randomInputs(n, 3, 22);
    const L = (params: Float64Array): number => {
      const m: Mlp = { ...scalar, params };
      const V = new Float64Array(n);
      const G = new Float64Array(n * 3);
      valueGradientHessian(m, X, n, V, G);
      let s = 0;
      for (let p = 0; p < n; p++) {
        s += cf[p] * V[p];
        for (let k = 0; k < 3; k++) s += cg[p * 3 + k] * G[p * 3 + k];
      }
      return s;
    };
    const grad = new Float64Array(scalar.params.length);
    parameterGradientWithInputGradient(scalar, X, n, cf, cg, grad);
    for (let i = 0; i < grad.length; i++) {
      const pp = scalar.params.slice();
      const pm = scalar.params.slice();
      pp[i] += h;
      pm[i] -= h;
      expect(grad[i]).toBeCloseTo((L(pp) - L(pm)) / (2 * h), 7);
    }
  });
});

describe('mixed second derivatives', () => {
  it('d/dw (d/dx tanh(wx))² at w = 0.3, x = 0.7 is 0.5019 (the case float32 autodiff got wrong)', () => {
    // f(x) = 1·tanh(w x + 0) + 0: one hidden unit, output weight 1, zero biases.
    const net = createMlp({ inputs: 1, outputs: 1, hidden: [1], activation: 'tanh' }, 0);
    const [L1, L2] = net.layers;
    net.params.fill(0);
    net.params[L1.w] = 0.3;
    net.params[L2.w] = 1;
    const x = Float64Array.of(0.7);
    const V = new Float64Array(1);
    const G = new Float64Array(1);
    valueGradientHessian(net, x, 1, V, G);
    // L = (f′)², so ∂L/∂f′ = 2f′.
    const grad = new Float64Array(net.params.length);
    parameterGradientWithInputGradient(net, x, 1, null, Float64Array.of(2 * G[0]), grad);
    const t = Math.tanh(0.21);
    const s = 1 - t * t;
    const exact = 2 * (0.3 * s) * (s - 2 * 0.3 * 0.7 * t * s);
    expect(exact).toBeCloseTo(0.5019, 4);
    expect(grad[L1.w]).toBeCloseTo(exact, 14);
  });
});

describe('initialisation, optimiser and serialisation', () => {
  it('is deterministic per seed and scales weights as Xavier or He', () => {
    const spec = { inputs: 50, outputs: 1, hidden: [400], activation: 'tanh' as const };
    const a = createMlp(spec, 7);
    expect(Array.from(createMlp(spec, 7).params)).toEqual(Array.from(a.params));
    expect(Array.from(createMlp(spec, 8).params)).not.toEqual(Array.from(a.params));
    const L = a.layers[0];
    let s2 = 0;
    for (let i = 0; i < L.nin * L.nout; i++) s2 += a.params[L.w + i] ** 2;
    // 20 000 normal draws: the sample variance is within 4 % (≈ 4 standard errors) of 2/(in+out).
    expect(s2 / (L.nin * L.nout) / (2 / 450)).toBeGreaterThan(0.96);
    expect(s2 / (L.nin * L.nout) / (2 / 450)).toBeLessThan(1.04);
    const he = createMlp({ ...spec, activation: 'silu' }, 7);
    let t2 = 0;
    for (let i = 0; i < L.nin * L.nout; i++) t2 += he.params[L.w + i] ** 2;
    expect(t2 / (L.nin * L.nout) / (2 / 50)).toBeGreaterThan(0.96);
    expect(t2 / (L.nin * L.nout) / (2 / 50)).toBeLessThan(1.04);
  });

  it('Adam minimises a badly scaled quadratic; the cosine schedule runs from max to min', () => {
    const x = Float64Array.of(3, -2);
    const adam = new Adam(2);
    const g = new Float64Array(2);
    for (let s = 0; s < 3000; s++) {
      g[0] = 2 * x[0];
      g[1] = 200 * x[1];
      adam.step(x, g, cosineRate(s, 3000, 0.05, 1e-4));
    }
    expect(Math.abs(x[0])).toBeLessThan(1e-3);
    expect(Math.abs(x[1])).toBeLessThan(1e-3);
    expect(cosineRate(0, 10, 1, 0.1)).toBe(1);
    expect(cosineRate(10, 10, 1, 0.1)).toBeCloseTo(0.1, 15);
    expect(cosineRate(5, 10, 1, 0.1)).toBeCloseTo(0.55, 15);
  });

  it('the batch sampler visits every index once per epoch', () => {
    const s = new BatchSampler(10, 5, new Random(1));
    const seen = [...s.next(), ...s.next()].sort((a, b) => a - b);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('fits a smooth function by mini-batch regression', () => {
    const n = 256;
    const X = new Float64Array(n);
    const Y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = -1 + (2 * i) / (n - 1);
      Y[i] = Math.sin(3 * X[i]);
    }
    const net = createMlp({ inputs: 1, outputs: 1, hidden: [16, 16], activation: 'tanh' }, 3);
    const mse = fitMse(net, X, Y, n, { steps: 1500, batchSize: 64, lrMax: 1e-2, lrMin: 1e-4, seed: 1 });
    // Var(sin 3x) on [−1, 1] is ≈ 0.5: the fit must explain all but 0.2 % of it (an
    // untrained or broken loop leaves ≈ 0.5).
    expect(mse).toBeLessThan(1e-3);
  });

  it('round-trips through plain data and rejects a mismatched parameter vector', () => {
    const net = createMlp({ inputs: 2, outputs: 3, hidden: [4], activation: 'softplus' }, 1);
    const stored = mlpToStored(net);
    const back = mlpFromStored(JSON.parse(JSON.stringify(stored.spec)), stored.params.data);
    expect(Array.from(back.params)).toEqual(Array.from(net.params));
    expect(back.spec).toEqual(net.spec);
    expect(() => mlpFromStored(stored.spec, new Float64Array(3))).toThrow(/expected 27 numbers/);
    expect(() => mlpFromStored({ ...stored.spec, activation: 'relu' }, stored.params.data)).toThrow(
      /activation/,
    );
  });
});
