import { createProject, type Project } from '../../../src/core/project';

export const PENDULUM_SOURCE = `import { problem, sin } from 'hjb-lab';

export default problem({
  states: { theta: { min: -Math.PI, max: Math.PI, periodic: true }, omega: { min: -8, max: 8 } },
  controls: { u: { min: -2, max: 2 } },
  drift: ({ theta, omega }, { u }) => ({ theta: omega, omega: sin(theta) + u }),
  noise: { omega: 0.3 },
  minimize: ({ theta, omega }, { u }) => theta * theta + 0.1 * omega * omega + 0.01 * u * u,
  discount: 0.5,
});
`;

/** A project with one run holding arrays of every dtype, including awkward floating-point values. */
export function sampleProject(): Project {
  const value = new Float64Array(201 * 200);
  for (let i = 0; i < value.length; i++) value[i] = Math.sin(i * 0.001) * 1e3 + i / 7;
  value[0] = -0;
  value[1] = Number.MIN_VALUE; // smallest subnormal
  value[2] = 2.2250738585072014e-308 / 3; // another subnormal
  value[3] = Number.POSITIVE_INFINITY;
  value[4] = Number.NEGATIVE_INFINITY;
  value[5] = 0.1 + 0.2;
  value[6] = Number.MAX_VALUE;
  const policy = new Float32Array(201 * 200).map((_, i) => Math.cos(i) * 2);
  const changes = new Int32Array([120, 40, 7, 0, -1, 2 ** 31 - 1, -(2 ** 31)]);
  const mask = new Uint8Array([0, 1, 255, 128]);
  return createProject({
    title: 'Inverted pendulum — stochastic',
    source: PENDULUM_SOURCE,
    settings: {
      solver: 'grid',
      values: { grid: [201, 200], actions: 41, method: 'howard', refine: true, tol: 1e-8 },
    },
    view: {
      camera: { position: [3.5, -4, 2.25], target: [0, 0, 0.5] },
      overlay: 'policy',
      policyIndex: 0,
      colormap: 'magma',
      selectedRunId: 'run-1',
    },
    runs: [
      {
        id: 'run-1',
        solver: 'grid',
        label: 'Howard 201×200',
        createdAt: '2025-03-01T12:34:56.789Z',
        settings: { grid: [201, 200], actions: 41, method: 'howard' },
        summary: {
          converged: true,
          iterations: 14,
          seconds: 2.5,
          residual: { max: 3.2e-9, l2: 1.1e-10 },
          exactError: null,
          note: 'ok',
        },
        arrays: {
          value: { dtype: 'float64', shape: [201, 200], data: value },
          policy: { dtype: 'float32', shape: [201, 200], data: policy },
          changes: { dtype: 'int32', shape: [7], data: changes },
          mask: { dtype: 'uint8', shape: [2, 2], data: mask },
        },
      },
    ],
  });
}

/** Byte view of a typed array, for bit-exact comparisons (NaN payloads, -0). */
export function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
