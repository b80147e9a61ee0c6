import { problem, sqrt } from 'hjb-lab';

// Stochastic LQR in one dimension (docs/numerics.md §12.1): dx = (αx + βa) dt + σ dW,
// reward r = −½(q x² + r_a a²), discount ρ. Closed form: V(x) = −½Px² − c with
// ρP = q + 2αP − (β²/r_a)P² (P > 0), c = σ²P/(2ρ), a*(x) = −(βP/r_a) x.
const alpha = -0.5,
  beta = 1,
  q = 1,
  ra = 0.1,
  sigma = 0.3,
  rho = 0.1;

// Positive root of (β²/r_a)P² + (ρ − 2α)P − q = 0.
const quad = (beta * beta) / ra;
const P = (-(rho - 2 * alpha) + sqrt((rho - 2 * alpha) ** 2 + 4 * quad * q)) / (2 * quad);
const c = (sigma * sigma * P) / (2 * rho);

export default problem({
  title: 'Stochastic LQR (1-D)',
  states: { x: [-3, 3] },
  controls: { a: [-10, 10] },
  maximize: ({ x }, { a }) => -0.5 * (q * x ** 2 + ra * a ** 2),
  discount: rho,
  drift: ({ x }, { a }) => ({ x: alpha * x + beta * a }),
  noise: { x: sigma },
  exact: {
    value: ({ x }) => -0.5 * P * x ** 2 - c,
    policy: ({ x }) => ({ a: -((beta * P) / ra) * x }),
  },
});
