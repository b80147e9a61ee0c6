/**
 * A solver run as stored in a `.hjblab` project, for any solver (DOM-free; shared by the
 * lab's codec and `hjb solve --save`). The solver's own toRun/fromRun hold its result; the
 * lab adds what belongs to the run rather than the solver: the closed-loop drift `drift.i`
 * drawn by the vector field, the snapshots of V while solving (`snapshots`, 1-D: every
 * iterate), and the summary's `status` (as the lab shows it) and `source`.
 */
import type { SolverDefinition, SolverResult, StoredRun } from '../solvers/solver';
import type { StoredArray } from './array-codec';
import type { ProjectRun, SettingsValues } from './types';

/**
 * A finished run's status as the lab shows it and a project stores it: `converged`,
 * `finished` (a trained solver at the end of its budget), or `failed: …` (not converged
 * after N iterations, with the residual; diverged). The lab and `hjb solve --save` both use
 * this one.
 */
export function runStatusOf(r: SolverResult): 'converged' | 'finished' | `failed: ${string}` {
  if (r.status === 'converged') return 'converged';
  // A trained solver that ran its whole budget has finished; whether it is right is what
  // its errors and residual say, not a convergence test it never made.
  if (r.status === 'done') return 'finished';
  const unit = r.iterations === 1 ? 'iteration' : 'iterations';
  if (r.status === 'diverged') return `failed: diverged after ${r.iterations} ${unit}`;
  const residual = r.summary['residualMax'];
  const tail = typeof residual === 'number' ? ` (residual ${residual.toExponential(2)})` : '';
  return `failed: not converged after ${r.iterations} ${unit}${tail}`;
}

/** The rest of a stored run besides the solver's result. */
export interface RunMeta {
  id: string;
  label: string;
  /** The run's status as the lab shows it (`converged`, `stopped`, …). */
  status: string;
  /** The problem source the run was solved from. */
  source: string;
  /** The settings the run was made with. */
  settings: SettingsValues;
  /** Closed-loop drift per state on the display grid (empty when there is no policy). */
  drift: readonly Float64Array[];
  /** Snapshots of V while solving; those of the wrong length are left out. */
  snapshots: readonly Float64Array[];
  /** ISO 8601; now when omitted. */
  createdAt?: string;
}

const f64 = (data: Float64Array, shape: number[] = [data.length]): StoredArray => ({
  dtype: 'float64',
  shape,
  data,
});

export function storeRun(solver: SolverDefinition, result: SolverResult, meta: RunMeta): ProjectRun {
  const own = solver.toRun(result);
  const arrays: Record<string, StoredArray> = { ...own.arrays };
  const shape = result.display.grid.shape;
  meta.drift.forEach((f, i) => (arrays[`drift.${i}`] = f64(f, shape)));
  const n = result.display.value.length;
  const snaps = meta.snapshots.filter((s) => s.length === n);
  if (snaps.length > 0) {
    const stacked = new Float64Array(snaps.length * n);
    snaps.forEach((s, k) => stacked.set(s, k * n));
    arrays['snapshots'] = f64(stacked, [snaps.length, n]);
  }
  return {
    id: meta.id,
    solver: solver.id,
    label: meta.label,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    settings: meta.settings,
    summary: { status: meta.status, ...own.summary, source: meta.source },
    arrays,
  };
}

/** A stored run decoded: the solver's result and what the lab kept beside it. */
export interface LoadedRun {
  result: SolverResult;
  drift: Float64Array[];
  /** The summary's status, when it has one. */
  status: string | null;
  source: string;
  snapshots: Float64Array[];
}

function f64Of(a: StoredArray): Float64Array {
  return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
}

/** Throws an Error naming what is missing (the solver's fromRun decides what it needs). */
export function loadRun(solver: SolverDefinition, pr: ProjectRun): LoadedRun {
  const stored: StoredRun = { summary: pr.summary, arrays: pr.arrays };
  let result: SolverResult;
  try {
    result = solver.fromRun(stored);
  } catch (err) {
    throw new Error(`run '${pr.label}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const drift: Float64Array[] = [];
  for (let i = 0; pr.arrays[`drift.${i}`]; i++) drift.push(f64Of(pr.arrays[`drift.${i}`]));
  const snapshots: Float64Array[] = [];
  const s = pr.arrays['snapshots'];
  if (s && s.shape.length === 2) {
    const [K, n] = s.shape;
    const data = f64Of(s);
    for (let k = 0; k < K; k++) snapshots.push(data.slice(k * n, (k + 1) * n));
  }
  const status = pr.summary['status'];
  const source = pr.summary['source'];
  return {
    result,
    drift,
    status: typeof status === 'string' ? status : null,
    source: typeof source === 'string' ? source : '',
    snapshots,
  };
}
