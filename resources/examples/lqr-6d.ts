import { problem, dot, matvec, range } from 'hjb-lab';

// 6-D discounted LQR: three independent copies of the double-integrator LQR of
// double-integrator-lqr.ts, x = [p1, v1, p2, v2, p3, v3], controls u1..u3 accelerate v1..v3.
// A and B are block diagonal, so the Riccati solution is block diagonal with the same 2×2
// block P in every block: V = −½xᵀPx − 3c, u_i* = −K·(p_i, v_i). The exact answer below is
// computed from rho, sigma, Q and R, so moving their sliders keeps the comparison true.
const rho = 0.1,
  sigma = 0.3;

// Three blocks: the number of copies fixes the problem's shape, so it is not a literal
// constant (a slider for it would only break the example).
const blocks = range(3);
const n = blocks.length;
// A: dp_i = v_i. Built with loops: row 2i has a 1 in column 2i+1.
const A = range(2 * n).map((i) => range(2 * n).map((j) => (i % 2 === 0 && j === i + 1 ? 1 : 0)));
const Q = [1, 0.5, 1, 0.5, 1, 0.5];
const R = 0.5;

// One block's Riccati equation, for the system shifted by the discount (A − ρ/2·I, b = [0, 1]):
//   2a·P11 − P12²/R + q1 = 0,   P11 + 2a·P12 − P12·P22/R = 0,   2·P12 + 2a·P22 − P22²/R + q2 = 0,
// with a = −ρ/2. For a given P12 the last two give P22 and P11; the first is then solved
// for P12 by bisection on [0, √(q1 R)], where it changes sign and P stays positive definite.
const a = -rho / 2;
const q1 = Q[0],
  q2 = Q[1];
const p22Of = (p12: number): number => R * (a + Math.sqrt(a * a + (2 * p12 + q2) / R));
const p11Of = (p12: number): number => (p12 * p22Of(p12)) / R - 2 * a * p12;
const riccati = (p12: number): number => 2 * a * p11Of(p12) - (p12 * p12) / R + q1;
const bisect = (f: (x: number) => number, lo0: number, hi0: number): number => {
  let lo = lo0,
    hi = hi0;
  for (let k = 0; k < 60; k++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
};
const P12 = bisect(riccati, 0, Math.sqrt(q1 * R));
const P11 = p11Of(P12),
  P22 = p22Of(P12);
// K = R⁻¹bᵀP and the constant c = σ²·P22/(2ρ) of one block.
const K1 = P12 / R,
  K2 = P22 / R;
const c = (sigma * sigma * P22) / (2 * rho);

export default problem({
  title: '6-D LQR (three double integrators)',
  states: { x: { dim: 6, min: -3, max: 3 } },
  controls: { u1: [-10, 10], u2: [-10, 10], u3: [-10, 10] },
  maximize: ({ x }, { u1, u2, u3 }) => {
    const u = [u1, u2, u3];
    return (
      -0.5 *
      (dot(
        x.map((xi, i) => Q[i] * xi),
        x,
      ) +
        R * dot(u, u))
    );
  },
  discount: rho,
  drift: ({ x }, { u1, u2, u3 }) => {
    const u = [u1, u2, u3];
    const f = matvec(A, x);
    for (const i of blocks) f[2 * i + 1] = f[2 * i + 1] + u[i];
    return { x: f };
  },
  noise: { x: [0, sigma, 0, sigma, 0, sigma] },
  exact: {
    value: ({ x }) => {
      let v = -n * c;
      for (const i of blocks) {
        const p = x[2 * i],
          w = x[2 * i + 1];
        v = v - 0.5 * (P11 * p * p + 2 * P12 * p * w + P22 * w * w);
      }
      return v;
    },
    policy: ({ x }) => ({
      u1: -(K1 * x[0] + K2 * x[1]),
      u2: -(K1 * x[2] + K2 * x[3]),
      u3: -(K1 * x[4] + K2 * x[5]),
    }),
  },
});
