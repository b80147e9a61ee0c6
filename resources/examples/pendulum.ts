import { problem, sin, cos } from "hjb-lab";

// Top-level numeric constants are parameters: the inspector shows them as sliders.
const g = 9.81, l = 1, b = 0.1, sigma = 0.2;

export default problem({
  title: "Pendulum swing-up",
  states: {
    theta: { min: -Math.PI, max: Math.PI, periodic: true, label: "θ" },
    omega: [-8, 8],
  },
  controls: { u: [-2, 2] },
  minimize: ({ theta, omega }, { u }) => (1 - cos(theta)) + 0.1 * omega ** 2 + 0.01 * u ** 2,
  discount: 0.5,
  drift: ({ theta, omega }, { u }) => ({ theta: omega, omega: -(g / l) * sin(theta) - b * omega + u }),
  noise: { omega: sigma },           // diagonal Σ; a function returning a matrix also works
});
