import { problem, cos, sin } from 'hjb-lab';

// Dubins car: constant speed, steered by the turn rate. Reach a disc around the origin in
// minimum time; the heading is an angle and wraps around (periodic).
const speed = 1,
  radius = 0.3;

export default problem({
  title: 'Dubins car',
  states: {
    x: [-3, 3],
    y: [-3, 3],
    heading: { min: -Math.PI, max: Math.PI, periodic: true, label: 'θ' },
  },
  controls: { omega: { min: -1, max: 1, label: 'turn rate' } },
  minimize: 1,
  drift: ({ heading }, { omega }) => ({ x: speed * cos(heading), y: speed * sin(heading), heading: omega }),
  target: ({ x, y }) => x * x + y * y <= radius * radius,
  exit: 0,
});
