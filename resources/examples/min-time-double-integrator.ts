import { problem, abs, sqrt, sign } from 'hjb-lab';

// Minimum-time double integrator (docs/numerics.md §12.5): ẋ = v, v̇ = u, |u| ≤ 1, reach the origin.
// The target is a small ball of radius r around the origin (a grid cannot hit a point);
// the exact time below is for the point target, so it is exact up to O(r).
// T(x, v) = v + √(4x + 2v²) above the switching curve x = −v|v|/2,
//           −v + √(−4x + 2v²) below it, and |v| on it; u* = −1 above, +1 below.
const r = 0.05;

export default problem({
  title: 'Minimum-time double integrator',
  states: { x: [-2, 2], v: [-2, 2] },
  controls: { u: [-1, 1] },
  minimize: 1,
  drift: ({ v }, { u }) => ({ x: v, v: u }),
  target: ({ x, v }) => x * x + v * v <= r * r,
  exit: 0,
  exact: {
    value: ({ x, v }) => {
      const s = x + (v * abs(v)) / 2;
      return s > 0 ? v + sqrt(4 * x + 2 * v * v) : s < 0 ? -v + sqrt(-4 * x + 2 * v * v) : abs(v);
    },
    policy: ({ x, v }) => {
      const s = x + (v * abs(v)) / 2;
      return { u: s > 0 ? -1 : s < 0 ? 1 : -sign(v) };
    },
  },
});
