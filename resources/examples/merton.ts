import { problem, exp } from 'hjb-lab';

// Merton's portfolio problem (docs/numerics.md §12.2): wealth x > 0, controls the risky share pi and
// the consumption rate k (a fraction of wealth), CRRA utility (kx)^(1−γ)/(1−γ), γ = 2.
// Exact: π* = (μ − r)/(γσ²) = 0.625, k* ≈ 0.0478, V = A x^(1−γ)/(1−γ).
//
// The state is log-wealth z = log x. By Itô, dz = (r + π(μ − r) − k − ½π²σ²) dt + πσ dW
// and the reward is e^((1−γ)z) k^(1−γ)/(1−γ): constant coefficients, so a uniform grid in z
// gives every decade of wealth the same resolution (the problem is scale invariant), and
// the middle of the box is the middle in log-wealth, where the errors are measured.
//
// Why the box is wide, z ∈ [−10, 10] (wealth from 5e-5 to 2e4, in arbitrary units): the
// true problem has no wealth floor. Any floor makes a different problem, and its effect on
// the interior is not a discretisation error — it does not shrink under refinement; it
// decays only with the distance in log-wealth (measured: roughly a factor 7 per unit of z).
// On the former box x ∈ [0.2, 5] (z ∈ [−1.6, 1.6]) it pushed π to its bound 1.5 and V 35 %
// off in the middle, at 201 and 401 nodes alike. With the floor 4 units below the middle
// 60 % (where errors are measured) its effect is about 1e-4, under the O(h) error of the
// scheme, and the errors halve with the spacing: π −π* ≈ π*·h/4 (the one-sided difference of
// V_z), |V − V*|/|V*| ≈ 0.05·h; at the default 401 nodes (h = 0.05) π is 0.008 off, k 6e-4
// and V 0.25 % (test/core/solvers/merton.test.ts).
//
// Why 'constraint' at the faces: at the floor only controls that keep the wealth in the box
// are admissible (a budget). Reflecting there hands the investor free consumption — the
// process is pushed back up for nothing, so consuming k = 0.3 at the floor costs no wealth;
// measured with the floor 1.2 units below the region: V 62 % off and π at its bound, at
// every resolution; with this box still 1.8 % at 201 nodes and 1.9 % at 401 — growing under
// refinement (docs/numerics.md §3.5). At the top either rule is harmless (V is tiny there).
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
    z: { min: -10, max: 10, boundary: 'constraint', label: 'log wealth' },
  },
  controls: {
    pi: { min: 0, max: 1.5, label: 'risky share' },
    k: { min: 0.005, max: 0.3, label: 'consumption rate' },
  },
  maximize: ({ z }, { k }) => (k * exp(z)) ** (1 - gamma) / (1 - gamma),
  discount: rho,
  drift: (s, { pi, k }) => ({ z: rf + pi * (mu - rf) - k - 0.5 * (pi * vol) ** 2 }),
  noise: (s, { pi }) => ({ z: pi * vol }),
  exact: {
    value: ({ z }) => (A * exp((1 - gamma) * z)) / (1 - gamma),
    policy: () => ({ pi: piStar, k: kStar }),
  },
});
