import { diffusion, cos, sin, range } from 'hjb-lab';

// Eight Gaussians on a circle, as a diffusion problem (docs/numerics.md §15): the data is a
// Gaussian mixture, so p_t stays a mixture under the VP forward SDE and V = −log p_{T−t},
// the score and the optimal control u* are known exactly.
const radius = 2,
  std = 0.2,
  betaMin = 0.1,
  betaMax = 20;

const K = 8;
const means = range(K).map((k) => [radius * cos((2 * Math.PI * k) / K), radius * sin((2 * Math.PI * k) / K)]);

export default diffusion({
  title: 'Eight Gaussians',
  data: {
    mixture: {
      weights: range(K).map(() => 1 / K),
      means,
      covariances: means.map(() => [
        [std * std, 0],
        [0, std * std],
      ]),
    },
  },
  forward: { vp: { betaMin, betaMax } },
  horizon: 1,
  bounds: [-4, 4],
});
