import { problem, cos } from 'hjb-lab';

// Mountain car in continuous time: an underpowered car in a valley must rock back and
// forth to reach the flag at x ≥ 0.5. Gravity along the track is −g·cos(3x) (the track
// height is sin(3x)/3); the engine alone (|u| ≤ 1 · power) cannot beat gravity on the slope.
// Minimum time to the flag: cost 1 per unit time, no cost at the flag.
const power = 1,
  gravity = 2.5,
  goal = 0.5;

export default problem({
  title: 'Mountain car',
  states: {
    x: { min: -1.2, max: 0.6, label: 'position' },
    v: { min: -2, max: 2, label: 'velocity' },
  },
  controls: { u: [-1, 1] },
  minimize: 1,
  drift: ({ x, v }, { u }) => ({ x: v, v: power * u - gravity * cos(3 * x) }),
  target: ({ x }) => x >= goal,
  exit: 0,
});
