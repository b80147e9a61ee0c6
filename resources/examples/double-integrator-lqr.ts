import { problem } from 'hjb-lab';

// 2-D double-integrator LQR (DESIGN.md §8): state [p, v], dp = v dt, dv = u dt + 0.3 dW,
// reward −½(xᵀQx + R u²) with Q = diag(1, 0.5), R = 0.5, discount ρ = 0.1.
// V = −½xᵀPx − c and u* = −Kx, where P solves the Riccati equation of the shifted system
// (A − ρ/2·I, B, Q, R), K = R⁻¹BᵀP, c = Tr(ΣΣᵀP)/(2ρ); the numbers are those of §8.
const q1 = 1,
  q2 = 0.5,
  R = 0.5,
  sigma = 0.3,
  rho = 0.1;

const P11 = 1.292209,
  P12 = 0.659841,
  P22 = 0.929183;
const K1 = 1.319681,
  K2 = 1.858366;
const c = 0.418132;

export default problem({
  title: 'Double integrator LQR',
  states: { p: [-3, 3], v: [-3, 3] },
  controls: { u: [-10, 10] },
  maximize: ({ p, v }, { u }) => -0.5 * (q1 * p ** 2 + q2 * v ** 2 + R * u ** 2),
  discount: rho,
  drift: ({ v }, { u }) => ({ p: v, v: u }),
  noise: { v: sigma },
  exact: {
    value: ({ p, v }) => -0.5 * (P11 * p * p + 2 * P12 * p * v + P22 * v * v) - c,
    policy: ({ p, v }) => ({ u: -(K1 * p + K2 * v) }),
  },
});
