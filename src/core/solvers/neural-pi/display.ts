/**
 * The fields the view draws (DisplayFields): V, each control, the policy-HJB residual and
 * the exact solution, evaluated from the networks on a display grid spanning the box for
 * d ≤ 3, or on a 2-D slice through the first two states with the others at the box centre.
 */
import { gridCoordinates, makeGrid } from '../../grid/tensor';
import type { DisplayFields } from '../solver';
import { evaluateModel, exactFields } from './evaluate';
import type { NeuralPiModel } from './model';
import type { PiProblem } from './problem';

const NODES = [0, 201, 61, 25];

export function displayFields(problem: PiProblem, model: NeuralPiModel, withExact: boolean): DisplayFields {
  const d = problem.states.length;
  const sliced = d > 3;
  const shown = sliced ? [0, 1] : problem.states.map((_, i) => i);
  const nodes = NODES[shown.length];
  const grid = makeGrid(
    shown.map((i) => {
      const s = problem.states[i];
      return { min: s.min, max: s.max, n: nodes, spacing: 'uniform' as const, periodic: s.periodic };
    }),
  );
  const local = gridCoordinates(grid);
  const n = local[0].length;
  const xs = problem.states.map((s, i) => {
    const k = shown.indexOf(i);
    return k >= 0 ? local[k] : new Float64Array(n).fill(0.5 * (s.min + s.max));
  });
  const ev = evaluateModel(problem, model, xs, n);
  const fields: DisplayFields = { grid, value: ev.value, policy: ev.policy, residual: ev.residual };
  if (sliced) fields.slice = { axes: [0, 1], at: problem.states.map((s) => 0.5 * (s.min + s.max)) };
  if (withExact) {
    const ex = exactFields(problem, xs, n);
    if (ex) fields.exact = { value: ex[0], policy: ex.slice(1) };
  }
  return fields;
}
