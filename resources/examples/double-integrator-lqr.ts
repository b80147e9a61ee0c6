import { problem, sqrt } from 'hjb-lab';

// 2-D double-integrator LQR (docs/numerics.md §12.3): state [p, v], dp = v dt, dv = u dt + σ dW,
// reward −½(xᵀQx + R u²) with Q = diag(q1, q2), discount ρ. Defaults are those of docs/numerics.md §12.3.
const q1 = 1,
  q2 = 0.5,
  R = 0.5,
  sigma = 0.3,
  rho = 0.1;

// Exact solution: V = −½xᵀPx − c, u* = −Kx, where P solves the Riccati equation of the
// shifted system (A − ρ/2·I, B, Q, R), K = R⁻¹BᵀP and c = Tr(ΣΣᵀP)/(2ρ). It is computed
// here, when the problem compiles, so that it follows the parameter sliders. With
// a = ρ/2 and P = [[P11, P12], [P12, P22]] the three Riccati equations give
//   P11 = (q1 − P12²/R) / (2a),   P22 = R(−a + √(a² + (2 P12 + q2)/R)),
//   P11 − 2a P12 − P12 P22 / R = 0,
// and the last is solved for P12 by bisection on [0, √(q1 R)] (P11 > 0 there; the left
// side is positive at 0 and negative at the right end). docs/numerics.md §12.3: P = [[1.292209, 0.659841],
// [0.659841, 0.929183]], K = [1.319681, 1.858366], c = 0.418132.
const riccati = () => {
  const a = rho / 2;
  const p11 = (p12: number) => (q1 - (p12 * p12) / R) / (2 * a);
  const p22 = (p12: number) => R * (-a + sqrt(a * a + (2 * p12 + q2) / R));
  let lo = 0;
  let hi = sqrt(q1 * R);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (p11(mid) - 2 * a * mid - (mid * p22(mid)) / R > 0) lo = mid;
    else hi = mid;
  }
  const p12 = (lo + hi) / 2;
  return { P11: p11(p12), P12: p12, P22: p22(p12) };
};
const P = riccati();
const K1 = P.P12 / R;
const K2 = P.P22 / R;
const c = (sigma * sigma * P.P22) / (2 * rho);

export default problem({
  title: 'Double integrator LQR',
  states: { p: [-3, 3], v: [-3, 3] },
  controls: { u: [-10, 10] },
  maximize: ({ p, v }, { u }) => -0.5 * (q1 * p ** 2 + q2 * v ** 2 + R * u ** 2),
  discount: rho,
  drift: ({ v }, { u }) => ({ p: v, v: u }),
  noise: { v: sigma },
  exact: {
    value: ({ p, v }) => -0.5 * (P.P11 * p * p + 2 * P.P12 * p * v + P.P22 * v * v) - c,
    policy: ({ p, v }) => ({ u: -(K1 * p + K2 * v) }),
  },
});
