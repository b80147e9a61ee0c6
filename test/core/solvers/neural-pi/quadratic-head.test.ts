import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMlp, fitMse, setConstantOutput } from '../../../../src/core/nn';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { Random } from '../../../../src/core/sim/random';
import { neuralPi } from '../../../../src/core/solvers/neural-pi';
import {
  criticDerivatives,
  criticValues,
  valueToTarget,
  type NeuralPiModel,
  type ValueHead,
} from '../../../../src/core/solvers/neural-pi/model';
import {
  fitQuadraticHead,
  holdOutFifth,
  windowWeights,
} from '../../../../src/core/solvers/neural-pi/quadratic-head';
import { parseSettings } from '../../../../src/core/solvers/neural-pi/settings';
import { quadraticCritic } from '../../../../src/core/solvers/neural-pi/initial-model';

const d = 3;
/** q(x̃) = 0.7 + b·x̃ + ½x̃ᵀCx̃ with a full symmetric C. */
const b = [0.4, -1.1, 0.25];
const C = [-2, 0.6, 0.3, 0.6, -1.5, -0.2, 0.3, -0.2, -3];
function q(x: ArrayLike<number>, o = 0): number {
  let v = 0.7;
  for (let i = 0; i < d; i++) {
    v += b[i] * x[o + i];
    for (let j = 0; j < d; j++) v += 0.5 * C[i * d + j] * x[o + i] * x[o + j];
  }
  return v;
}
function points(n: number, seed: number): Float64Array {
  const rng = new Random(seed);
  return Float64Array.from({ length: n * d }, () => 2 * rng.uniform() - 1);
}
const linearHead = (): ValueHead => ({ mode: 'linear', shift: 0, scale: 1, sign: 1, tilt: [0, 0, 0] });

describe("the quadratic part of a 'linear' critic's head", () => {
  // Exact up to the ridge that guards the normal equations (1e-10 of their trace).
  it('recovers a quadratic exactly, and leaves the network nothing to fit', () => {
    const n = 200;
    const X = points(n, 1);
    const y = Float64Array.from({ length: n }, (_, p) => q(X, p * d));
    const head = linearHead();
    fitQuadraticHead(head, X, y, n, d);
    expect(head.shift).toBeCloseTo(0.7, 8);
    for (let i = 0; i < d; i++) expect(head.tilt[i]).toBeCloseTo(b[i], 8);
    for (let k = 0; k < d * d; k++) expect(head.curvature![k]).toBeCloseTo(C[k], 8);
    for (let p = 0; p < n; p++)
      expect(Math.abs(head.scale * valueToTarget(head, y[p], X, p))).toBeLessThan(1e-7);
  });

  it('gives starts on a face of the box no weight', () => {
    const n = 200;
    const X = points(n, 2);
    // Every fourth start moved onto a face, its value far off the quadratic.
    const y = Float64Array.from({ length: n }, (_, p) => {
      if (p % 4 !== 0) return q(X, p * d);
      X[p * d + (p % d)] = p % 8 === 0 ? 1 : -1;
      return 50;
    });
    const head = linearHead();
    fitQuadraticHead(head, X, y, n, d);
    for (let k = 0; k < d * d; k++) expect(head.curvature![k]).toBeCloseTo(C[k], 7);
    const w = windowWeights(X, n, d);
    expect(w[0]).toBe(0);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(n, 9);
  });

  it("adds its gradient and Hessian to the network's, for a 'linear' and a 'log' head", () => {
    const half = Float64Array.of(2, 0.5, 3);
    const model: NeuralPiModel = {
      actor: createMlp({ inputs: d, outputs: 1, hidden: [4], activation: 'tanh' }, 1),
      critic: createMlp({ inputs: d, outputs: 1, hidden: [5], activation: 'silu' }, 2),
      head: { ...linearHead(), shift: 0.3, scale: 0.4, tilt: [...b], curvature: [...C] },
      centre: Float64Array.of(0.5, -1, 2),
      half,
      controlLo: Float64Array.of(-1),
      controlHi: Float64Array.of(1),
    };
    const Xn = Float64Array.of(0.2, -0.4, 0.6);
    for (const mode of ['linear', 'log'] as const) {
      model.head.mode = mode;
      model.head.scale = mode === 'log' ? 0.1 : 0.4;
      model.head.curvature = C.map((c) => (mode === 'log' ? 0.1 * c : c));
      const V = new Float64Array(1);
      const G = new Float64Array(d);
      const H = new Float64Array(d * d);
      criticDerivatives(model, Xn, 1, V, G, H);
      // Central differences in the unscaled state x = centre + half·x̃.
      const at = (shift: number[]) => {
        const X = Float64Array.from(Xn, (v, i) => v + shift[i] / half[i]);
        return criticValues(model, X, 1, new Float64Array(1))[0];
      };
      const h = 1e-4;
      const e = (i: number, s: number) => Array.from({ length: d }, (_, k) => (k === i ? s : 0));
      expect(V[0]).toBeCloseTo(at([0, 0, 0]), 12);
      for (let i = 0; i < d; i++) {
        expect(G[i]).toBeCloseTo((at(e(i, h)) - at(e(i, -h))) / (2 * h), 6);
        for (let j = 0; j < d; j++) {
          const pp = at(e(i, h).map((v, k) => v + e(j, h)[k]));
          const pm = at(e(i, h).map((v, k) => v - e(j, h)[k]));
          const mp = at(e(i, -h).map((v, k) => v + e(j, h)[k]));
          const mm = at(e(i, -h).map((v, k) => v - e(j, h)[k]));
          expect(H[i * d + j]).toBeCloseTo((pp - pm - mp + mm) / (4 * h * h), 4);
        }
      }
    }
  });

  it('holds out a fifth of the rows, each row in exactly one part', () => {
    const n = 23;
    const X = Float64Array.from({ length: n * d }, (_, k) => k);
    const Y = Float64Array.from({ length: n }, (_, p) => p);
    const w = Float64Array.from({ length: n }, (_, p) => 10 * p);
    const s = holdOutFifth(X, Y, w, n, d, new Random(3));
    expect(s.held.n).toBe(4);
    expect(s.fit.n).toBe(19);
    const rows = [...s.fit.Y, ...s.held.Y].sort((a, c) => a - c);
    expect(rows).toEqual(Array.from(Y));
    for (const part of [s.fit, s.held])
      for (let q2 = 0; q2 < part.n; q2++) {
        const p = part.Y[q2];
        expect(part.w[q2]).toBe(10 * p);
        expect(Array.from(part.X.subarray(q2 * d, q2 * d + d))).toEqual([p * d, p * d + 1, p * d + 2]);
      }
  });
});

describe('early stopping of a fit on held-out samples', () => {
  const n = 64;
  const X = Float64Array.from({ length: n }, (_, p) => -1 + (2 * p) / (n - 1));
  const Y = Float64Array.from(X, (x) => Math.sin(2 * x));
  const net = () => {
    const m = createMlp({ inputs: 1, outputs: 1, hidden: [8], activation: 'tanh' }, 5);
    setConstantOutput(m, Float64Array.of(0));
    return m;
  };
  const options = { steps: 200, batchSize: n, lrMax: 1e-2, lrMin: 1e-3, seed: 1 };

  it('keeps the starting parameters when every step makes the held-out loss worse', () => {
    const a = net();
    const start = a.params.slice();
    // Held-out targets opposite to the fitted ones: moving towards Y moves away from them.
    const held = { X, Y: Float64Array.from(Y, (v) => -v), n, every: 1, patience: 5 };
    fitMse(a, X, Y, n, { ...options, validation: held });
    expect(Array.from(a.params)).toEqual(Array.from(start));
    const b2 = net();
    fitMse(b2, X, Y, n, options);
    expect(Array.from(b2.params)).not.toEqual(Array.from(start));
  });

  it('runs to the end, as without it, while the held-out loss keeps falling', () => {
    const a = net();
    const b2 = net();
    const lossA = fitMse(a, X, Y, n, { ...options, validation: { X, Y, n, every: 10, patience: 3 } });
    const lossB = fitMse(b2, X, Y, n, options);
    expect(lossA).toBe(lossB);
    expect(Array.from(a.params)).toEqual(Array.from(b2.params));
  });
});

describe("when the critic has a quadratic part ('auto')", () => {
  const example = (name: string) =>
    compileProblem(readFileSync(`resources/examples/${name}.ts`, 'utf8')).problem as CompiledProblem;
  it('is on above d = 2 with a local linear-quadratic model, off otherwise unless asked', () => {
    const six = example('lqr-6d');
    const one = example('lqr-1d');
    const dubins = example('dubins-car');
    expect(quadraticCritic(six, parseSettings(six, {}))).toBe(true);
    expect(quadraticCritic(six, parseSettings(six, { criticQuadratic: 'off' }))).toBe(false);
    expect(quadraticCritic(one, parseSettings(one, {}))).toBe(false);
    expect(quadraticCritic(one, parseSettings(one, { criticQuadratic: 'on' }))).toBe(true);
    // Three states, but no equilibrium at the centre (minimum time to a target).
    expect(dubins.states.length).toBe(3);
    expect(quadraticCritic(dubins, parseSettings(dubins, {}))).toBe(false);
  });
});

describe('a quadratic head in a project file', () => {
  it('reopens with the same curvature and the same V (6-D LQR, a short run; the head is on above d = 2)', async () => {
    const six = compileProblem(readFileSync('resources/examples/lqr-6d.ts', 'utf8'))
      .problem as CompiledProblem;
    const result = await neuralPi.solve(
      six,
      {
        iterations: 1,
        starts: 64,
        paths: 2,
        criticSteps: 20,
        policySteps: 4,
        collocation: 32,
        sweeps: 1,
        dt: 0.05,
      },
      {},
    );
    expect(result.model.head.curvature).toHaveLength(36);
    const back = neuralPi.fromRun(structuredClone(neuralPi.toRun(result)));
    expect(back.model.head.curvature).toEqual(result.model.head.curvature);
    expect(Array.from(back.display.value)).toEqual(Array.from(result.display.value));
  });
});
