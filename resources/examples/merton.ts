import { problem } from 'hjb-lab';

// Merton's portfolio problem (DESIGN.md §8). Wealth x > 0; controls: the risky share pi
// and the consumption rate k (a fraction of wealth). Utility of consumption
// (kx)^(1−γ)/(1−γ), CRRA with γ = 2.
//
// Why geometric spacing on [0.2, 5]: the value A x^(1−γ)/(1−γ) = −A/x changes by orders of
// magnitude near the floor and hardly at all near the top; a geometric grid gives every
// decade of wealth the same number of nodes, i.e. the relative resolution the problem has
// (its dynamics are multiplicative: drift and volatility are proportional to x).
// Why 'constraint' at the edges: reflecting the wealth at the floor would hand the
// investor free consumption (DESIGN.md §4.1); under a state constraint only controls that
// keep the wealth in the box are admissible, which is the economics of a budget.
const rf = 0.03,
  mu = 0.08,
  vol = 0.2,
  gamma = 2,
  rho = 0.05;

const M = rf + (mu - rf) ** 2 / (2 * gamma * vol ** 2);
const piStar = (mu - rf) / (gamma * vol ** 2);
const kStar = (rho - (1 - gamma) * M) / gamma;
const A = (gamma / (rho - (1 - gamma) * M)) ** gamma;

export default problem({
  title: 'Merton portfolio and consumption',
  states: {
    x: { min: 0.2, max: 5, spacing: 'geometric', boundary: 'constraint', label: 'wealth' },
  },
  controls: {
    pi: { min: 0, max: 1.5, label: 'risky share' },
    k: { min: 0.005, max: 0.3, label: 'consumption rate' },
  },
  maximize: ({ x }, { k }) => (k * x) ** (1 - gamma) / (1 - gamma),
  discount: rho,
  drift: ({ x }, { pi, k }) => ({ x: (rf + pi * (mu - rf) - k) * x }),
  noise: ({ x }, { pi }) => ({ x: pi * vol * x }),
  exact: {
    value: ({ x }) => (A * x ** (1 - gamma)) / (1 - gamma),
    policy: () => ({ pi: piStar, k: kStar }),
  },
});
