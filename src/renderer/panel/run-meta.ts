/**
 * What the runs list says about a run beside its label: the grid and, when the problem has
 * an exact solution, the relative error against it — max |V − V*| / max |V*| over the
 * middle of the box, the figure the CLI prints. The absolute maximum depends on the value's
 * scale (a Merton value spans millions), so it goes in the tooltip only.
 */
import type { SolverResult } from '../../core/solvers/solver';

/** A fraction as a percentage with two significant digits: 0.0025 → "0.25 %", 0.5 → "50 %". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  return `${Number((fraction * 100).toPrecision(2))} %`;
}

export interface RunMeta {
  text: string;
  /** The longer explanation shown on hover. */
  title: string;
}

export function runMeta(result: SolverResult): RunMeta {
  const parts = [result.display.grid.shape.join('×')];
  const titles = [`grid ${result.display.grid.shape.join(' × ')}`];
  const abs = result.summary['valueError'];
  const rel = result.summary['valueErrorRelative'];
  if (typeof rel === 'number') {
    parts.push(`err ${formatPercent(rel)}`);
    titles.push(
      `error against the exact solution: max |V − V*| / max |V*| = ${formatPercent(rel)}` +
        (typeof abs === 'number' ? ` (max |V − V*| = ${abs.toExponential(2)})` : ''),
    );
  } else if (typeof abs === 'number') {
    parts.push(`max |V − V*| ${abs.toExponential(1)}`);
    titles.push(`largest difference from the exact solution: ${abs.toExponential(2)}`);
  }
  return { text: parts.join(' · '), title: titles.join('\n') };
}
