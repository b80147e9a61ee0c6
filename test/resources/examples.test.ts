import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileProblem } from '../../src/core/problem/compile';
import type { CompiledProblem, DiffusionProblem } from '../../src/core/problem/types';
import { evaluate } from '../../src/core/lang/ir-graph';
import { diff } from '../../src/core/lang/diff';

const dir = join(__dirname, '../../resources/examples');
const EXAMPLES = [
  'lqr-1d',
  'merton',
  'double-integrator-lqr',
  'pendulum',
  'mountain-car',
  'min-time-double-integrator',
  'dubins-car',
  'lqr-6d',
  'eight-gaussians',
];

/** The pendulum of docs/architecture.md §4.1, copied verbatim: the example must stay exactly this text. */
const PENDULUM_TEXT = `import { problem, sin, cos } from "hjb-lab";

// Top-level numeric constants are parameters: the inspector shows them as sliders.
const g = 9.81, l = 1, b = 0.1, sigma = 0.2;

export default problem({
  title: "Pendulum swing-up",
  states: {
    theta: { min: -Math.PI, max: Math.PI, periodic: true, label: "θ" },
    omega: [-8, 8],
  },
  controls: { u: [-2, 2] },
  minimize: ({ theta, omega }, { u }) => (1 - cos(theta)) + 0.1 * omega ** 2 + 0.01 * u ** 2,
  discount: 0.5,
  drift: ({ theta, omega }, { u }) => ({ theta: omega, omega: -(g / l) * sin(theta) - b * omega + u }),
  noise: { omega: sigma },           // diagonal Σ; a function returning a matrix also works
});
`;

function load(name: string): CompiledProblem | DiffusionProblem {
  const r = compileProblem(readFileSync(join(dir, `${name}.ts`), 'utf8'));
  expect(r.diagnostics).toEqual([]);
  expect(r.problem).not.toBeNull();
  return r.problem!;
}

function control(name: string): CompiledProblem {
  const p = load(name);
  if (p.kind !== 'control') throw new Error(`${name} is not a control problem`);
  return p;
}

/** Run a kernel at one point given as a map of input values. */
function runAt(kernel: CompiledProblem['kernels']['dynamics'], point: Record<string, number>): number[] {
  const ins = kernel.inputs.map((n) => Float64Array.of(point[n]));
  const outs = kernel.outputs.map(() => new Float64Array(1));
  kernel.run(ins, outs, 1);
  return outs.map((o) => o[0]);
}

/** A random point inside the box (with margin), controls inside theirs, t in [0, 1]. */
function pointArb(p: CompiledProblem): fc.Arbitrary<Record<string, number>> {
  const ranges: [string, number, number][] = [
    ...p.states.map((s) => [s.name, s.min, s.max] as [string, number, number]),
    ...p.controls.map((c) => [c.name, c.min, c.max] as [string, number, number]),
    ['t', 0, 1],
  ];
  return fc
    .tuple(...ranges.map(() => fc.double({ min: 0.05, max: 0.95, noNaN: true })))
    .map((us) => Object.fromEntries(ranges.map(([n, lo, hi], i) => [n, lo + us[i] * (hi - lo)])));
}

describe('examples', () => {
  it('the directory holds exactly the named examples', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...EXAMPLES].sort());
  });

  for (const name of EXAMPLES) {
    it(`${name} compiles without diagnostics`, () => {
      load(name);
    });
  }

  it('pendulum.ts is the text of docs/architecture.md §4.1, verbatim', () => {
    const example = readFileSync(join(dir, 'pendulum.ts'), 'utf8');
    expect(example).toBe(PENDULUM_TEXT);
    const p = control('pendulum');
    expect(p.states.map((s) => [s.name, s.periodic, s.boundary, s.label])).toEqual([
      ['theta', true, 'periodic', 'θ'],
      ['omega', false, 'reflect', 'omega'],
    ]);
    expect(p.parameters.map((x) => [x.name, x.value])).toEqual([
      ['g', 9.81],
      ['l', 1],
      ['b', 0.1],
      ['sigma', 0.2],
    ]);
    expect(p.objective).toBe('minimize');
    expect(p.sense).toBe(-1);
    expect(p.discount).toBe(0.5);
    expect(p.noiseDim).toBe(2);
    expect(p.noiseDiagonal).toBe(true);
    // Internal reward = −cost.
    const [ft, fo, s00, s01, s10, s11, r] = runAt(p.kernels.dynamics, { theta: 1, omega: 2, u: 0.5, t: 0 });
    expect(ft).toBeCloseTo(2, 14);
    expect(fo).toBeCloseTo(-9.81 * Math.sin(1) - 0.2 + 0.5, 12);
    expect([s00, s01, s10, s11]).toEqual([0, 0, 0, 0.2]);
    expect(r).toBeCloseTo(-(1 - Math.cos(1) + 0.4 + 0.0025), 12);
  });

  // Every derivative of every control example against central finite differences.
  for (const name of EXAMPLES.filter((n) => n !== 'eight-gaussians')) {
    it(`${name}: dynamicsDa matches central differences of dynamics`, () => {
      const p = control(name);
      const m = p.kernels.dynamics.outputs.length;
      fc.assert(
        fc.property(pointArb(p), (pt) => {
          const da = runAt(p.kernels.dynamicsDa, pt);
          p.controls.forEach((c, j) => {
            const h = 1e-5 * Math.max(1, Math.abs(pt[c.name]));
            const plus = runAt(p.kernels.dynamics, { ...pt, [c.name]: pt[c.name] + h });
            const minus = runAt(p.kernels.dynamics, { ...pt, [c.name]: pt[c.name] - h });
            for (let i = 0; i < m; i++) {
              const fd = (plus[i] - minus[i]) / (2 * h);
              const scale = Math.max(1, Math.abs(plus[i]), Math.abs(fd));
              expect(Math.abs(da[j * m + i] - fd)).toBeLessThanOrEqual(1e-6 * scale);
            }
          });
        }),
        { numRuns: 40, seed: 7 },
      );
    });

    it(`${name}: symbolic derivatives in every state and control match finite differences`, () => {
      const p = control(name);
      const outs = [...p.exprs.drift, ...p.exprs.noise.flat(), p.exprs.reward];
      const symbols = [...p.states.map((s) => s.name), ...p.controls.map((c) => c.name)];
      const grads = symbols.map((s) => outs.map((e) => diff(e, s)));
      fc.assert(
        fc.property(pointArb(p), (pt) => {
          symbols.forEach((s, k) => {
            const h = 1e-5 * Math.max(1, Math.abs(pt[s]));
            const plus = evaluate(outs, { ...pt, [s]: pt[s] + h });
            const minus = evaluate(outs, { ...pt, [s]: pt[s] - h });
            const d = evaluate(grads[k], pt);
            d.forEach((v, i) => {
              const fd = (plus[i] - minus[i]) / (2 * h);
              expect(Math.abs(v - fd)).toBeLessThanOrEqual(
                1e-6 * Math.max(1, Math.abs(plus[i]), Math.abs(fd)),
              );
            });
          });
        }),
        { numRuns: 25, seed: 11 },
      );
    });
  }

  it('lqr-1d: exact value and policy are the Riccati closed form and satisfy the HJB equation', () => {
    const p = control('lqr-1d');
    const [alpha, beta, q, ra, sigma, rho] = [-0.5, 1, 1, 0.1, 0.3, 0.1];
    const P =
      (-(rho - 2 * alpha) + Math.sqrt((rho - 2 * alpha) ** 2 + (4 * beta * beta * q) / ra)) /
      ((2 * beta * beta) / ra);
    expect(rho * P).toBeCloseTo(q + 2 * alpha * P - ((beta * beta) / ra) * P * P, 12);
    const c = (sigma * sigma * P) / (2 * rho);
    for (const x of [-2, -0.3, 0, 1.7]) {
      const [V, a] = runAt(p.kernels.exact!, { x, a: 0, t: 0 });
      expect(V).toBeCloseTo(-0.5 * P * x * x - c, 12);
      expect(a).toBeCloseTo(-((beta * P) / ra) * x, 12);
      // HJB: ρV = r(x, a*) + V′ f(x, a*) + ½σ²V″.
      const [f, s, r] = runAt(p.kernels.dynamics, { x, a, t: 0 });
      expect(rho * V).toBeCloseTo(r + -P * x * f + 0.5 * s * s * -P, 10);
    }
  });

  it('merton: exact policy is π* = 0.625, k* ≈ 0.0478 and V solves the HJB equation', () => {
    const p = control('merton');
    // The state is log-wealth z = log x (see the comment in the example).
    expect(p.states[0]).toMatchObject({ name: 'z', spacing: 'uniform', boundary: 'constraint' });
    expect(p.noiseControlFree).toBe(false);
    for (const z of [-1, 0, 1.5]) {
      const [V, pi, k] = runAt(p.kernels.exact!, { z, pi: 0, k: 0.1, t: 0 });
      expect(pi).toBeCloseTo(0.625, 12);
      expect(k).toBeCloseTo(0.0478125, 6);
      const [f, s, r] = runAt(p.kernels.dynamics, { z, pi, k, t: 0 });
      // V = A e^{(1−γ)z}/(1−γ) with γ = 2: V_z = −V, V_zz = V.
      expect(0.05 * V).toBeCloseTo(r + -V * f + 0.5 * s * s * V, 10);
    }
  });

  it('double-integrator-lqr: the exact solution follows the parameters (Riccati solved at compile time)', () => {
    const q1 = 2,
      q2 = 0.25,
      R = 0.3,
      sigma = 0.5,
      rho = 0.4;
    const r = compileProblem(readFileSync('resources/examples/double-integrator-lqr.ts', 'utf8'), {
      overrides: { q1, q2, R, sigma, rho },
    });
    const problem = r.problem;
    if (!problem || problem.kind !== 'control') throw new Error('does not compile');
    const at = (p: number, v: number) => runAt(problem.kernels.exact!, { p, v, u: 0, t: 0 });
    const c = -at(0, 0)[0];
    const P11 = -2 * (at(1, 0)[0] + c);
    const P22 = -2 * (at(0, 1)[0] + c);
    const P12 = (-2 * (at(1, 1)[0] + c) - P11 - P22) / 2;
    const P = [
      [P11, P12],
      [P12, P22],
    ];
    const a = rho / 2;
    const As = [
      [-a, 1],
      [0, -a],
    ];
    const Q = [
      [q1, 0],
      [0, q2],
    ];
    // AsᵀP + P As − P B R⁻¹ Bᵀ P + Q = 0 with B = [0, 1]ᵀ
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        let res = Q[i][j] - (P[i][1] * P[1][j]) / R;
        for (let k = 0; k < 2; k++) res += As[k][i] * P[k][j] + P[i][k] * As[k][j];
        expect(Math.abs(res)).toBeLessThan(1e-9);
      }
    expect(P11 * P22 - P12 * P12).toBeGreaterThan(0);
    expect(c).toBeCloseTo((sigma * sigma * P22) / (2 * rho), 9);
    expect(at(1, 0)[1]).toBeCloseTo(-P12 / R, 9);
    expect(at(0, 1)[1]).toBeCloseTo(-P22 / R, 9);
  });

  it('double-integrator-lqr: P solves the shifted Riccati equation and K = R⁻¹BᵀP', () => {
    const P = [
      [1.292209, 0.659841],
      [0.659841, 0.929183],
    ];
    const rho = 0.1;
    const As = [
      [-rho / 2, 1],
      [0, -rho / 2],
    ];
    const Q = [
      [1, 0],
      [0, 0.5],
    ];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        let v = Q[i][j] - (P[i][1] * P[1][j]) / 0.5;
        for (let k = 0; k < 2; k++) v += As[k][i] * P[k][j] + P[i][k] * As[k][j];
        expect(Math.abs(v)).toBeLessThan(1e-5);
      }
    // The example computes P, K and c from its parameters; docs/numerics.md §12.3 rounds them to six digits.
    const p = control('double-integrator-lqr');
    const [V, u] = runAt(p.kernels.exact!, { p: 1, v: -0.5, u: 0, t: 0 });
    expect(V).toBeCloseTo(-0.5 * (1.292209 - 0.659841 + 0.929183 * 0.25) - 0.418132, 5);
    expect(u).toBeCloseTo(-(1.319681 - 0.5 * 1.858366), 5);
    expect((0.09 * 0.929183) / (2 * rho)).toBeCloseTo(0.418132, 6);
  });

  it('min-time-double-integrator: exact minimum times and an undiscounted target problem', () => {
    const p = control('min-time-double-integrator');
    expect(p.discount).toBeNull();
    expect(p.horizon).toBeNull();
    expect(p.exprs.target).toBeDefined();
    const at = (x: number, v: number): number[] => runAt(p.kernels.exact!, { x, v, u: 0, t: 0 });
    expect(at(1, 0)[0]).toBeCloseTo(2, 6);
    expect(at(0, 1)[0]).toBeCloseTo(2.414214, 6);
    expect(at(1, 1)[0]).toBeCloseTo(3.44949, 5);
    expect(at(1, 0)[1]).toBe(-1);
    expect(at(-1, 0)[1]).toBe(1);
    expect(runAt(p.kernels.target!, { x: 0.01, v: 0.01, u: 0, t: 0 })[0]).toBe(1);
    expect(runAt(p.kernels.target!, { x: 0.1, v: 0, u: 0, t: 0 })[0]).toBe(0);
    // Reward is −1 (minimize time).
    expect(runAt(p.kernels.dynamics, { x: 0.3, v: 0.2, u: 1, t: 0 }).at(-1)).toBe(-1);
  });

  it('lqr-6d: vector state expands to x[0]…x[5] and exact value is three 2-D values', () => {
    const p = control('lqr-6d');
    expect(p.states.map((s) => s.name)).toEqual(['x[0]', 'x[1]', 'x[2]', 'x[3]', 'x[4]', 'x[5]']);
    expect(p.states[3].group).toEqual({ name: 'x', index: 3, dim: 6 });
    const pt = {
      'x[0]': 1,
      'x[1]': -0.5,
      'x[2]': 0,
      'x[3]': 0,
      'x[4]': 0.2,
      'x[5]': 0.1,
      u1: 0,
      u2: 0,
      u3: 0,
      t: 0,
    };
    const v2 = (a: number, b: number): number =>
      -0.5 * (1.292209 * a * a + 2 * 0.659841 * a * b + 0.929183 * b * b);
    const [V] = runAt(p.kernels.exact!, pt);
    // The example computes P from the Riccati equation; the reference prints 6 decimals, so
    // each constant is within 5e-7 and V (|coefficients·x²| ≤ 3 here) within about 2e-6.
    expect(Math.abs(V - (v2(1, -0.5) + v2(0, 0) + v2(0.2, 0.1) - 3 * 0.418132))).toBeLessThan(2e-6);
    const dyn = runAt(p.kernels.dynamics, { ...pt, u1: 1, u2: 2, u3: 3 });
    expect(dyn.slice(0, 6)).toEqual([-0.5, 1, 0, 2, 0.1, 3]);
  });

  it('lqr-6d: only rho, sigma and R are sliders, and the exact answer follows them', () => {
    const source = readFileSync(join(dir, 'lqr-6d.ts'), 'utf8');
    expect(control('lqr-6d').parameters.map((q) => q.name)).toEqual(['rho', 'sigma', 'R']);
    const at = (overrides: Record<string, number>, x: number[]): number => {
      const r = compileProblem(source, { overrides });
      expect(r.diagnostics).toEqual([]);
      const p = r.problem as CompiledProblem;
      const pt: Record<string, number> = { u1: 0, u2: 0, u3: 0, t: 0 };
      x.forEach((v, i) => (pt[`x[${i}]`] = v));
      return runAt(p.kernels.exact!, pt)[0];
    };
    const e = (i: number, j: number) => [0, 1, 2, 3, 4, 5].map((k) => (k === i ? 1 : 0) + (k === j ? 1 : 0));
    const rho = 0.2,
      sigma = 0.45,
      R = 0.8;
    const o = { rho, sigma, R };
    // V = −½xᵀPx − 3c: read one block of P and c back from V at 0, e_0, e_1 and e_0 + e_1.
    const v0 = at(o, e(-1, -1));
    const P11 = -2 * (at(o, e(0, -1)) - v0);
    const P22 = -2 * (at(o, e(1, -1)) - v0);
    const P12 = -(at(o, e(0, 1)) - v0) - 0.5 * (P11 + P22);
    const a = -rho / 2;
    // The Riccati equation of the block shifted by the discount, with Q = diag(1, 0.5).
    expect(Math.abs(2 * a * P11 - (P12 * P12) / R + 1)).toBeLessThan(1e-9);
    expect(Math.abs(P11 + 2 * a * P12 - (P12 * P22) / R)).toBeLessThan(1e-9);
    expect(Math.abs(2 * P12 + 2 * a * P22 - (P22 * P22) / R + 0.5)).toBeLessThan(1e-9);
    expect(P11 * P22 - P12 * P12).toBeGreaterThan(0);
    expect(v0).toBeCloseTo((-3 * sigma * sigma * P22) / (2 * rho), 12);
  });

  it('dubins-car: periodic heading, 3 states', () => {
    const p = control('dubins-car');
    expect(p.states.map((s) => s.periodic)).toEqual([false, false, true]);
  });

  it('eight-gaussians: a 2-D mixture diffusion with the VP forward SDE', () => {
    const p = load('eight-gaussians');
    if (p.kind !== 'diffusion') throw new Error('expected a diffusion');
    expect(p.dim).toBe(2);
    expect(p.names).toEqual(['x', 'y']);
    expect(p.forward).toEqual({ type: 'vp', betaMin: 0.1, betaMax: 20 });
    if (p.data.type !== 'mixture') throw new Error('expected a mixture');
    expect(p.data.means).toHaveLength(8);
    expect(p.data.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(Math.hypot(p.data.means[3][0], p.data.means[3][1])).toBeCloseTo(2, 14);
    expect(p.data.covariances[0]).toEqual([
      [0.04000000000000001, 0],
      [0, 0.04000000000000001],
    ]);
  });
});
