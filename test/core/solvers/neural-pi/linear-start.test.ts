import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { linearStart } from '../../../../src/core/solvers/neural-pi/linear-start';
import { exactFields } from '../../../../src/core/solvers/neural-pi/evaluate';

function compile(text: string): CompiledProblem {
  const r = compileProblem(text);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}
const example = (name: string) => compile(readFileSync(`resources/examples/${name}.ts`, 'utf8'));

/** The largest gap between −K x and the problem's exact policy at a few states. */
function gapToExact(problem: CompiledProblem): number {
  const start = linearStart(problem)!;
  const d = problem.states.length;
  const m = problem.controls.length;
  const n = 7;
  const xs = problem.states.map((s, i) =>
    Float64Array.from({ length: n }, (_, p) => s.min + ((s.max - s.min) * (((p * (i + 3)) % n) + 0.5)) / n),
  );
  const ex = exactFields(problem, xs, n)!;
  let gap = 0;
  for (let p = 0; p < n; p++)
    for (let j = 0; j < m; j++) {
      let a = start.control[j];
      for (let i = 0; i < d; i++) a -= start.K[j * d + i] * (xs[i][p] - start.centre[i]);
      gap = Math.max(gap, Math.abs(a - ex[1 + j][p]) / (1 + Math.abs(ex[1 + j][p])));
    }
  return gap;
}

describe('the linear start of neural policy iteration', () => {
  it('is the Riccati feedback of the 1-D LQR, the double integrator and the 6-D LQR', () => {
    const lqr = linearStart(example('lqr-1d'))!;
    expect(lqr.K[0]).toBeCloseTo(2.659751, 5);
    // Against each example's own exact policy (a closed form or a bisection in its source).
    expect(gapToExact(example('lqr-1d'))).toBeLessThan(1e-6);
    expect(gapToExact(example('double-integrator-lqr'))).toBeLessThan(1e-6);
    expect(gapToExact(example('lqr-6d'))).toBeLessThan(1e-6);
  });

  it('finds the feedback of slow open-loop dynamics (1-D LQR, α = 0.04 and α = 0)', () => {
    // Ã = α − ρ/2 is −0.01 or −0.05 here: a Riccati flow stepped by Ã's rate alone overshot
    // from P = 0 and blew up, so these problems silently started from the middle of the box.
    for (const alpha of [0.04, 0]) {
      const text = readFileSync('resources/examples/lqr-1d.ts', 'utf8').replace(
        'const alpha = -0.5,',
        `const alpha = ${alpha},`,
      );
      const s = linearStart(compile(text));
      expect(s).not.toBeNull();
      // ρP = q + 2αP − P²/r_a with q = 1, r_a = 0.1, ρ = 0.1; K = P/r_a.
      const b1 = 0.1 - 2 * alpha;
      const P = (-b1 + Math.sqrt(b1 * b1 + 40)) / 20;
      expect(s!.K[0]).toBeCloseTo(P / 0.1, 8);
      expect(gapToExact(compile(text))).toBeLessThan(1e-6);
    }
  });

  it('solves a coupled model with a state–control cross term: the HJB holds for V = −½xᵀPx', () => {
    // r = −½(x² + ½xy + 2y² + 0.4xa + 0.3a²), f = (0.3x + y, −0.5x + 0.1y + a), ρ = 0.2.
    const problem = compile(`import { problem } from 'hjb-lab';
export default problem({
  title: 'coupled',
  states: { x: [-2, 2], y: [-2, 2] },
  controls: { a: [-20, 20] },
  maximize: ({ x, y }, { a }) => -0.5 * (x * x + 0.5 * x * y + 2 * y * y + 0.4 * x * a + 0.3 * a * a),
  discount: 0.2,
  drift: ({ x, y }, { a }) => ({ x: 0.3 * x + y, y: -0.5 * x + 0.1 * y + a }),
  noise: { x: 0.1, y: 0.2 },
});`);
    const s = linearStart(problem)!;
    expect(s).not.toBeNull();
    const [p11, p12, , p22] = s.P;
    expect(s.P[1]).toBeCloseTo(s.P[2], 12);
    const r = (x: number, y: number, a: number) =>
      -0.5 * (x * x + 0.5 * x * y + 2 * y * y + 0.4 * x * a + 0.3 * a * a);
    // ∇V = −Px; the greedy a maximises r + ∇V·f, and ρV − (r + ∇V·f) is the same constant
    // (the noise term) at every state: here that constant is 0 for the quadratic part.
    const residual = (x: number, y: number) => {
      const a = -(s.K[0] * x + s.K[1] * y);
      const gx = -(p11 * x + p12 * y);
      const gy = -(p12 * x + p22 * y);
      const V = -0.5 * (p11 * x * x + 2 * p12 * x * y + p22 * y * y);
      const dQda = -0.5 * (0.4 * x + 0.6 * a) + gy;
      return { hjb: 0.2 * V - (r(x, y, a) + gx * (0.3 * x + y) + gy * (-0.5 * x + 0.1 * y + a)), dQda };
    };
    for (const [x, y] of [
      [1, 0],
      [0, 1],
      [-1.3, 0.7],
      [0.4, -1.9],
    ]) {
      const { hjb, dQda } = residual(x, y);
      expect(Math.abs(hjb)).toBeLessThan(1e-8);
      expect(Math.abs(dQda)).toBeLessThan(1e-8);
    }
  });

  it('declines problems without a local linear-quadratic model at the middle of the box', () => {
    // Merton: wealth drifts at the centre; Dubins: no equilibrium of that kind.
    expect(linearStart(example('merton'))).toBeNull();
    expect(linearStart(example('dubins-car'))).toBeNull();
    // A reward linear in the control at the centre (the feedback would need an offset).
    const tilted = readFileSync('resources/examples/lqr-1d.ts', 'utf8').replace(
      'maximize: ({ x }, { a }) => -0.5 * (q * x ** 2 + ra * a ** 2),',
      'maximize: ({ x }, { a }) => -0.5 * (q * x ** 2 + ra * a ** 2) + 0.1 * a,',
    );
    expect(tilted).not.toEqual(readFileSync('resources/examples/lqr-1d.ts', 'utf8'));
    expect(linearStart(compile(tilted))).toBeNull();
  });
});
