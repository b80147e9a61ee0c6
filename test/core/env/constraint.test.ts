/**
 * 'constraint' faces in the environment: on a face an outward control is replaced by one
 * that keeps the system in the box (here exactly k = 0.5, where the drift 0.5 − k
 * vanishes: one Newton step on a linear drift), the reward is paid at that control, and the
 * noise normal to the face is dropped, so the system stays on the face exactly. Plain
 * projection would pay k = 1 at the floor for nothing (docs/numerics.md §14.4).
 */
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import { createEnvironment } from '../../../src/core/env';

function budget() {
  const r = compileProblem(`import { problem } from 'hjb-lab';
export default problem({
  title: 'budget',
  states: { z: { min: -1, max: 1, boundary: 'constraint' } },
  controls: { k: [0, 1] },
  maximize: (s, { k }) => k,
  discount: 0.1,
  drift: (s, { k }) => ({ z: 0.5 - k }),
  noise: { z: 0.3 },
});`);
  if (r.problem?.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

describe('constraint faces', () => {
  it('moves an outward control onto the face’s admissible set and drops the normal noise', () => {
    const N = 64;
    const dt = 0.05;
    const env = createEnvironment(budget(), N);
    env.reset(11);
    // Half the systems consume k = 1 (drift −0.5, down to the floor), half k = 0 (drift
    // +0.5, up to the top); 200 steps cover the box's width 2 five times over.
    const a = Float64Array.from({ length: N }, (_, p) => (p % 2 === 0 ? 1 : 0));
    let tr = env.step(a, dt);
    for (let s = 0; s < 200; s++) tr = env.step(a, dt);
    for (let p = 0; p < N; p++) {
      expect(tr.next[p]).toBe(p % 2 === 0 ? -1 : 1);
      expect(tr.reward[p]).toBeCloseTo(0.5 * dt, 14);
      expect(tr.done[p]).toBe(0);
    }
  });

  it('leaves an inward control on the face as it is', () => {
    const N = 8;
    const env = createEnvironment(budget(), N);
    env.reset(5);
    const down = new Float64Array(N).fill(1);
    for (let s = 0; s < 200; s++) env.step(down, 0.05);
    // On the floor, k = 0.2 drifts inwards (+0.3): paid as asked, and the system moves up.
    const tr = env.step(new Float64Array(N).fill(0.2), 0.05);
    for (let p = 0; p < N; p++) {
      expect(tr.reward[p]).toBeCloseTo(0.2 * 0.05, 14);
      expect(tr.next[p]).toBeCloseTo(-1 + 0.3 * 0.05, 14);
    }
  });
});
