/** What `hjb solve` prints: the JSON report and the readable summary, and values at points. */
import type { CompiledProblem } from '../../core/problem/types';
import type { AnyProblem, SolverDefinition, SolverResult } from '../../core/solvers/solver';

export interface AtPoint {
  x: number[];
  value: number;
  policy: number[];
}

/** V and the policy at `points` (time t; 0 without a horizon), by the solver's own value and policy. */
export function evaluateAt(
  solver: SolverDefinition,
  problem: AnyProblem,
  result: SolverResult,
  points: number[][],
  t: number | null,
): AtPoint[] {
  if (points.length === 0) return [];
  const n = points.length;
  const d = points[0].length;
  const xs = Array.from({ length: d }, (_, i) => Float64Array.from(points, (x) => x[i]));
  const v = new Float64Array(n);
  solver.value(problem, result)(xs, t ?? 0, [v], n);
  const m = result.display.policy.length;
  const pol = Array.from({ length: m }, () => new Float64Array(n));
  if (m > 0) solver.policy(problem, result)(xs, t ?? 0, pol, n);
  return points.map((x, p) => ({ x, value: v[p], policy: pol.map((a) => a[p]) }));
}

const converged = (r: SolverResult) => r.status === 'converged' || r.status === 'done';

/** Iterations of the whole run: per level when the solver reports levels. */
function totalIterations(r: SolverResult): number {
  const levels = r.summary['iterationsPerLevel'];
  return Array.isArray(levels) ? levels.reduce((a, b) => a + b, 0) : r.iterations;
}

/**
 * A seeded solver (one with a 'seed' setting: neural policy iteration, Q-learning) trains;
 * its run is a history of training rounds, not an iteration to a tolerance, so its report
 * is that history and has no grid-solver fields (converged, residual, exactError, grid).
 */
export function isTrained(solver: SolverDefinition): boolean {
  return solver.settings.describe().some((s) => s.name === 'seed');
}

/** One row per recorded round: iteration, training seconds and every metric of the history. */
export function historyRows(r: SolverResult): Record<string, number | null>[] {
  const h = r.history;
  return h.iteration.map((iteration, i) => {
    const row: Record<string, number | null> = { iteration, seconds: h.seconds[i] };
    for (const [name, series] of Object.entries(h.metrics)) {
      const v = series[i];
      if (v !== undefined) row[name] = Number.isFinite(v) ? v : null;
    }
    return row;
  });
}

export function solutionReport(
  solver: SolverDefinition,
  r: SolverResult,
  at: AtPoint[],
): Record<string, unknown> {
  if (isTrained(solver))
    return { solver: solver.id, status: r.status, seconds: r.seconds, history: historyRows(r), at };
  const s = r.summary;
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  const report: Record<string, unknown> = {
    solver: solver.id,
    ...(typeof s['method'] === 'string' ? { method: s['method'] } : {}),
    status: r.status,
    converged: converged(r),
    iterations: totalIterations(r),
    ...(Array.isArray(s['iterationsPerLevel']) ? { iterationsPerLevel: s['iterationsPerLevel'] } : {}),
    seconds: r.seconds,
  };
  if (num('residualMax') !== undefined)
    report['residual'] = { max: num('residualMax'), l2: num('residualL2') };
  report['grid'] = { shape: r.display.grid.shape, bounds: r.display.grid.bounds };
  if (num('valueError') !== undefined)
    report['exactError'] = {
      value: { max: num('valueError'), relMax: num('valueErrorRelative') },
      ...(num('policyError') !== undefined ? { policy: { max: num('policyError') } } : {}),
    };
  report['warnings'] = r.warnings;
  report['at'] = at;
  return report;
}

const g = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v));

export function summaryText(
  solver: SolverDefinition,
  problem: CompiledProblem,
  r: SolverResult,
  at: AtPoint[],
  atTime: number | null,
): string {
  const s = r.summary;
  if (isTrained(solver)) return trainedText(solver, problem, r, at);
  const method = typeof s['method'] === 'string' ? `, ${s['method']}` : '';
  const levels = Array.isArray(s['iterationsPerLevel']) ? s['iterationsPerLevel'] : null;
  const unit = problem.horizon !== null ? 'time steps' : 'iterations';
  const per = levels ? ` (${levels.join(' + ')} on grid levels 1–${levels.length})` : '';
  const lines = [
    `'${problem.title}': ${solver.title}, grid ${r.display.grid.shape.join(' × ')}${method}, ` +
      `${converged(r) ? 'converged' : r.status} after ${totalIterations(r)} ${unit}${per} in ${r.seconds.toFixed(2)} s`,
  ];
  if (typeof s['residualMax'] === 'number')
    lines.push(`  residual: max ${g(s['residualMax'])}, L2 ${g(Number(s['residualL2']))}`);
  if (typeof s['valueError'] === 'number') {
    const pol = typeof s['policyError'] === 'number' ? `, policy max ${g(s['policyError'])}` : '';
    lines.push(
      `  error vs exact (middle 60 %): value max ${g(s['valueError'])} (relative ${g(Number(s['valueErrorRelative']))})${pol}`,
    );
  }
  lines.push(...atLines(problem, r, at, atTime));
  return lines.join('\n') + '\n';
}

/** The summary of a trained run: its rounds, its last metrics, the points asked for. */
function trainedText(
  solver: SolverDefinition,
  problem: CompiledProblem,
  r: SolverResult,
  at: AtPoint[],
): string {
  const rows = historyRows(r);
  const last = rows[rows.length - 1];
  const seed = typeof r.summary['seed'] === 'number' ? `, seed ${r.summary['seed']}` : '';
  const lines = [
    `'${problem.title}': ${solver.title}, ${r.status} after ${r.iterations} iterations ` +
      `in ${r.seconds.toFixed(2)} s of training${seed}`,
  ];
  if (last)
    lines.push(
      '  last recorded: ' +
        Object.entries(last)
          .filter(([k]) => k !== 'iteration' && k !== 'seconds')
          .map(([k, v]) => `${k} ${v === null ? 'NaN' : g(v)}`)
          .join(', '),
    );
  lines.push(...atLines(problem, r, at, null));
  return lines.join('\n') + '\n';
}

function atLines(problem: CompiledProblem, r: SolverResult, at: AtPoint[], atTime: number | null): string[] {
  const lines: string[] = [];
  const valueName = problem.objective === 'minimize' ? 'cost-to-go' : 'value';
  for (const a of at) {
    const pol = problem.controls.map((c, j) => `${c.name} = ${g(a.policy[j])}`).join(', ');
    lines.push(
      `  at ${problem.states.map((st, i) => `${st.name} = ${g(a.x[i])}`).join(', ')}` +
        `${problem.horizon !== null ? `, t = ${g(atTime ?? 0)}` : ''}: ${valueName} ${g(a.value)}${pol ? `, ${pol}` : ''}`,
    );
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
