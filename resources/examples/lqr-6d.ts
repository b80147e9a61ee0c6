import { problem, dot, matvec, range } from 'hjb-lab';

// 6-D discounted LQR (DESIGN.md §8, n-dimensional case): three independent copies of the
// double-integrator LQR of double-integrator-lqr.ts, x = [p1, v1, p2, v2, p3, v3],
// controls u1..u3 accelerate v1..v3. A and B are block diagonal, so the Riccati solution
// is block diagonal with the 2-D P of §8 in every block: V = −½xᵀPx − 3c, u_i* = −K·(p_i, v_i).
const rho = 0.1,
  sigma = 0.3;

const n = 3;
const blocks = range(n);
// A: dp_i = v_i. Built with loops: row 2i has a 1 in column 2i+1.
const A = range(2 * n).map((i) => range(2 * n).map((j) => (i % 2 === 0 && j === i + 1 ? 1 : 0)));
const Q = [1, 0.5, 1, 0.5, 1, 0.5];
const R = 0.5;

const P11 = 1.292209,
  P12 = 0.659841,
  P22 = 0.929183;
const K1 = 1.319681,
  K2 = 1.858366;
const c = 0.418132;

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
