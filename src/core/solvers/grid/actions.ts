/**
 * The discrete action set: a tensor product of per-control uniform grids over each control's
 * box (row-major, first control slowest). A control with one action sits at the middle of
 * its interval.
 */
import type { ControlSpec } from '../../problem/types';

export interface ActionSet {
  count: number;
  m: number;
  /** count·m values, action a's control j at a·m + j. */
  values: Float64Array;
  /** Spacing of each control's grid (the refinement bracket half-width). */
  steps: number[];
  lo: number[];
  hi: number[];
}

export function makeActionSet(controls: readonly ControlSpec[], counts: readonly number[]): ActionSet {
  const m = controls.length;
  const grids = controls.map((c, j) => {
    const n = counts[j];
    if (n === 1) return [0.5 * (c.min + c.max)];
    return Array.from({ length: n }, (_, i) =>
      i === n - 1 ? c.max : c.min + ((c.max - c.min) * i) / (n - 1),
    );
  });
  const count = grids.reduce((a, g) => a * g.length, 1);
  const values = new Float64Array(count * m);
  for (let a = 0; a < count; a++) {
    let rest = a;
    for (let j = m - 1; j >= 0; j--) {
      const len = grids[j].length;
      values[a * m + j] = grids[j][rest % len];
      rest = Math.floor(rest / len);
    }
  }
  return {
    count,
    m,
    values,
    steps: controls.map((c, j) =>
      counts[j] > 1 ? (c.max - c.min) / (counts[j] - 1) : 0.5 * (c.max - c.min),
    ),
    lo: controls.map((c) => c.min),
    hi: controls.map((c) => c.max),
  };
}
