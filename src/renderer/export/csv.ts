/**
 * The value and policy grid as CSV: one row per grid point (per stored time for a finite
 * horizon), named columns. Numbers are written with JavaScript's shortest round-trip
 * representation, so parsing them back gives the same doubles; non-finite values are written
 * as NaN, Infinity, -Infinity (read as such by Python's float and by pandas).
 */
import type { DisplayFields } from '../../core/solvers/solver';

type CsvSolution = Pick<
  DisplayFields,
  'grid' | 'value' | 'policy' | 'residual' | 'times' | 'values' | 'policies'
>;

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shortest round-trip text of a number; '-0' keeps the sign of zero. */
export function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * Columns: the states (by name), `value`, each control's policy (by the control's name) and
 * `residual` (when the solver computes one). Finite horizon: a leading `t` column and a row per (stored time, grid point),
 * times ascending; the residual column is then left out, because the solver reports it only
 * at t = 0 (the last backward step), not at every stored time.
 */
export function solutionToCsv(
  solution: CsvSolution,
  stateNames: readonly string[],
  controlNames: readonly string[],
): string {
  const { grid } = solution;
  const d = grid.shape.length;
  if (stateNames.length !== d) throw new Error(`expected ${d} state names, got ${stateNames.length}`);
  if (controlNames.length !== solution.policy.length) {
    throw new Error(`expected ${solution.policy.length} control names, got ${controlNames.length}`);
  }
  const n = solution.value.length;
  const finite =
    solution.times !== undefined && solution.values !== undefined && solution.policies !== undefined;
  const header = [
    ...(finite ? ['t'] : []),
    ...stateNames,
    'value',
    ...controlNames,
    ...(finite || !solution.residual ? [] : ['residual']),
  ];
  const lines: string[] = [header.map(csvField).join(',')];
  // Row-major node order (the first state slowest), as the solver stores it.
  const strides = new Array<number>(d);
  let s = 1;
  for (let k = d - 1; k >= 0; k--) {
    strides[k] = s;
    s *= grid.shape[k];
  }
  // The state columns of each node, built once and reused for every time.
  const stateText = new Array<string>(n);
  for (let p = 0; p < n; p++) {
    const parts = new Array<string>(d);
    for (let k = 0; k < d; k++)
      parts[k] = numberText(grid.axes[k][Math.floor(p / strides[k]) % grid.shape[k]]);
    stateText[p] = parts.join(',');
  }
  const m = controlNames.length;
  if (finite) {
    const times = solution.times!;
    const values = solution.values!;
    const policies = solution.policies!;
    for (let i = 0; i < times.length; i++) {
      const t = numberText(times[i]);
      for (let p = 0; p < n; p++) {
        let row = `${t},${stateText[p]},${numberText(values[i * n + p])}`;
        for (let j = 0; j < m; j++) row += `,${numberText(policies[j][i * n + p])}`;
        lines.push(row);
      }
    }
  } else {
    for (let p = 0; p < n; p++) {
      let row = `${stateText[p]},${numberText(solution.value[p])}`;
      for (let j = 0; j < m; j++) row += `,${numberText(solution.policy[j][p])}`;
      if (solution.residual) row += `,${numberText(solution.residual[p])}`;
      lines.push(row);
    }
  }
  return lines.join('\n') + '\n';
}
