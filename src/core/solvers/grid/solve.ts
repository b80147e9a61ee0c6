/**
 * The grid HJB solver (DESIGN.md §4.1): entry point for the worker, the CLI and the tests.
 *
 * solveGrid(problem, settings, hooks) is synchronous. It refuses before allocating when
 * the memory estimate exceeds settings.memoryLimitMB, validates the settings, then runs
 * - infinite horizon / exit / minimum time: Howard policy iteration (default) or value
 *   iteration, optionally coarse-to-fine (each level starts from the interpolated solution
 *   of the coarser one, so the final grid needs only a few Howard iterations);
 * - finite horizon: implicit or explicit backward stepping (finite-horizon.ts).
 * Cancellation (hooks.signal) is checked every outer iteration and inside the linear
 * solvers; a cancelled run RETURNS a solution with status 'cancelled' holding the current
 * iterate (on the requested grid) rather than throwing. Problems with the problem's
 * functions (NaN/Inf), memory and settings throw SolverError with a user-facing message.
 */
import { interpolateGrid } from '../../grid/interpolate';
import { SolverError, type SolverProblem } from '../problem';
import { createDiscretization, type Discretization } from './discretization';
import { ExactComparison } from './exact';
import { finiteHorizon } from './finite-horizon';
import { PolicyIteration } from './howard';
import type { LinearMethod } from './linear';
import { estimateBytes, formatBytes } from './memory';
import type { IterationReport, Reporter } from './report';
import { resolveGridSettings, type GridSettings } from './settings';
import type {
  CancelSignal,
  ExactError,
  GridHistory,
  GridProgress,
  GridSolution,
  GridStatus,
  SolveHooks,
} from './types';
import { valueIteration } from './value-iteration';

export type { GridSolution, GridProgress, SolveHooks } from './types';

/**
 * Policy-evaluation solver used by 'auto'. bench/grid.ts compares the two on the reference
 * problems; see the comment in that file for the figures that decided this.
 */
export function chooseLinearSolver(settings: GridSettings): LinearMethod {
  return settings.linearSolver === 'auto' ? 'gmres' : settings.linearSolver;
}

function isCancelled(signal: CancelSignal | AbortSignal | undefined): boolean {
  if (!signal) return false;
  return 'aborted' in signal ? signal.aborted : signal.cancelled;
}

/** Coarser grid shapes, coarsest first, ending with `shape` (nodes nest: (n − 1)/2 + 1). */
export function gridLevels(
  shape: readonly number[],
  periodic: readonly boolean[],
  multilevel: boolean,
): number[][] {
  const levels = [shape.slice()];
  if (!multilevel) return levels;
  for (;;) {
    const last = levels[0];
    // Integer arithmetic (shifts): sizes computed as doubles deoptimize the kernels (multigrid.ts).
    const next = last.map((n, k) => (periodic[k] ? (n % 2 === 0 ? n >> 1 : n) : ((n - 1) >> 1) + 1));
    if (next.some((n) => n < 21) || next.every((n, k) => n === last[k])) break;
    levels.unshift(next);
  }
  return levels;
}

export function solveGrid(
  problem: SolverProblem,
  partial: Partial<GridSettings>,
  hooks: SolveHooks = {},
): GridSolution {
  const start = performance.now();
  const settings = resolveGridSettings(problem, partial);
  const bytes = estimateBytes(problem, settings);
  const limit = settings.memoryLimitMB * 2 ** 20;
  if (bytes > limit) {
    throw new SolverError(
      `this grid (${settings.shape.join(' × ')} nodes, ${settings.actions.join(' × ') || 'no'} actions) needs about ` +
        `${formatBytes(bytes)} of memory, more than the limit of ${formatBytes(limit)}. ` +
        'Use a coarser grid, or raise the memory limit.',
    );
  }
  const sense = problem.sense;
  const elapsed = () => (performance.now() - start) / 1000;
  const history: GridHistory = {
    iteration: [],
    residualMax: [],
    residualL2: [],
    policyChanges: [],
    seconds: [],
  };
  const snapshotEvery = hooks.snapshotEvery ?? 5;
  const linear = chooseLinearSolver(settings);
  const warnings: string[] = [];
  let counter = 0;

  const makeReporter = (disc: Discretization, level: number, exact: ExactComparison | null): Reporter => {
    let local = 0;
    return {
      cancelled: () => isCancelled(hooks.signal),
      iteration(r: IterationReport, V: Float64Array, policy: readonly Float64Array[]) {
        counter++;
        local++;
        const seconds = elapsed();
        history.iteration.push(counter);
        history.residualMax.push(r.residualMax);
        history.residualL2.push(r.residualL2);
        history.policyChanges.push(r.policyChanges);
        history.seconds.push(seconds);
        if (!hooks.onProgress) return;
        const progress: GridProgress = {
          iteration: counter,
          residualMax: r.residualMax,
          residualL2: r.residualL2,
          policyChanges: r.policyChanges,
          elapsed: seconds,
          level,
        };
        if (r.time !== undefined) progress.time = r.time;
        if (level === 0) {
          const user = userValue(V, sense);
          if (exact?.available) {
            const e = exact.compare(user, policy, r.time ?? 0);
            if (e) progress.exactError = e;
          }
          if (snapshotEvery > 0 && local % snapshotEvery === 1 % snapshotEvery) progress.snapshot = user;
        }
        hooks.onProgress(progress);
      },
    };
  };

  if (problem.horizon !== null) {
    const disc = createDiscretization(problem, settings, settings.shape);
    const exact = new ExactComparison(disc);
    const r = finiteHorizon(disc, settings, linear, makeReporter(disc, 0, exact));
    const N = disc.n;
    const values = userValue(r.values, sense);
    const value = values.slice(0, N);
    const policy = r.policies.map((a) => a.slice(0, N));
    let exactError: ExactError | undefined;
    if (exact.available) {
      for (let i = 0; i < r.times.length; i++) {
        const e = exact.compare(values, r.policies, r.times[i], i * N);
        if (!e) continue;
        if (!exactError) exactError = e;
        else {
          exactError.value.max = Math.max(exactError.value.max, e.value.max);
          exactError.value.relMax = Math.max(exactError.value.relMax, e.value.relMax);
          if (exactError.policy && e.policy)
            exactError.policy.max = Math.max(exactError.policy.max, e.policy.max);
        }
      }
    }
    collectWarnings(disc, warnings);
    return {
      solver: 'grid',
      method: settings.stepping,
      grid: disc.grid,
      value,
      policy,
      residual: userValue(r.residual, sense),
      residualMax: r.residualMax,
      residualL2: r.residualL2,
      history,
      ...(exactError ? { exactError } : {}),
      converged: !r.cancelled,
      iterations: r.steps,
      seconds: elapsed(),
      status: r.cancelled ? 'cancelled' : 'done',
      warnings,
      times: r.times,
      values,
      policies: r.policies,
    };
  }

  // Infinite horizon, exit and minimum-time problems.
  const periodic = problem.states.map((s) => s.periodic || s.boundary === 'periodic');
  const levels = gridLevels(settings.shape, periodic, settings.multilevel);
  let V: Float64Array | null = null;
  let policy: Float64Array[] = [];
  let prevDisc: Discretization | null = null;
  let disc: Discretization | null = null;
  let status: GridStatus = 'max-iterations';
  let iterations = 0;
  let residual: Float64Array = new Float64Array(0);
  let residualMax = Number.NaN;
  let residualL2 = Number.NaN;
  /** Undiscounted problems: the value of nodes that cannot reach the target (howard.ts). */
  let capValue: number | undefined;
  let capped = 0;
  let first = true;
  for (let li = 0; li < levels.length; li++) {
    const level = levels.length - 1 - li;
    const dl = createDiscretization(problem, settings, levels[li]);
    // Undiscounted (exit / minimum-time) problems: a coarse grid on which no node lies in
    // the target set (or on an exit face) says nothing about the problem: skip it.
    // Discounted problems need no target and use every level.
    const undiscounted = !(problem.discount !== null && problem.discount > 0);
    if (level > 0 && undiscounted && !dl.stencil.dirichlet.includes(1)) continue;
    disc = dl;
    const n = disc.n;
    const Vl = new Float64Array(n);
    const pl = problem.controls.map((c) => new Float64Array(n).fill(0.5 * (c.min + c.max)));
    if (V && prevDisc) {
      interpolateGrid(prevDisc.grid, V, disc.grid, Vl);
      policy.forEach((a, j) => interpolateGrid(prevDisc!.grid, a, disc!.grid, pl[j]));
    }
    for (let p = 0; p < n; p++) if (disc.stencil.dirichlet[p]) Vl[p] = disc.dirichletValue[p];
    const exact = level === 0 ? new ExactComparison(disc) : null;
    const reporter = makeReporter(disc, level, exact);
    // Coarse levels only provide a starting V and policy for the next grid: their own O(h)
    // error is far above 1e-4, so solving them tighter buys nothing (measured: 3–4 fewer
    // Howard iterations in all, same final accuracy).
    const tol = level === 0 ? settings.tol : Math.max(settings.tol, 1e-4);
    let cancelled = false;
    if (settings.method === 'value') {
      const r = valueIteration(
        disc,
        Vl,
        pl,
        { maxIter: settings.maxIter, tol, refine: settings.refine },
        reporter,
      );
      cancelled = r.cancelled;
      iterations = r.iterations;
      residual = r.residual;
      residualMax = r.residualMax;
      residualL2 = r.residualL2;
      status = r.converged ? 'converged' : 'max-iterations';
    } else {
      const pi = new PolicyIteration(disc, linear);
      if (disc.rho === 0 && first) {
        // Undiscounted exit / minimum-time problems: policy evaluation is only well posed for
        // proper policies (every node reaches the target or an exit face). A few discounted
        // problems with ρ → 0 on the coarsest grid give a proper starting policy cheaply
        // (continuation); without it Howard would start from arbitrary ties.
        for (const rhoC of [1, 0.1, 0.01]) {
          pi.run(Vl, pl, {
            t: 0,
            shift: rhoC,
            extra: null,
            extraScale: 0,
            maxIter: 50,
            tol: Math.max(settings.tol, 1e-6),
            refine: settings.refine,
            temperature: settings.temperature,
            cancelled: reporter.cancelled,
          });
        }
      }
      if (disc.rho === 0 && capValue === undefined) {
        // Below every finite value of the problem: the discounted start is bounded by
        // max|r|/0.01 + max|g|, and proper undiscounted values are of the same order.
        let vmax = 1;
        for (let p = 0; p < n; p++) vmax = Math.max(vmax, Math.abs(Vl[p]));
        capValue = -10 * vmax;
      }
      const r = pi.run(Vl, pl, {
        t: 0,
        shift: disc.rho,
        extra: null,
        extraScale: 0,
        maxIter: settings.maxIter,
        tol,
        refine: settings.refine,
        temperature: settings.temperature,
        cancelled: reporter.cancelled,
        // From the second grid on, the interpolated policy is evaluated first: the greedy step
        // on the interpolated V cost a policy step and bought nothing (measured: double
        // integrator 201² 189 → 179 ms, Merton 5 → 4 iterations, others unchanged).
        evaluateFirst: !first,
        ...(capValue !== undefined ? { capValue } : {}),
        onIteration: (s, Vi, pol) =>
          reporter.iteration(
            {
              iteration: s.iteration,
              residualMax: s.residualMax,
              residualL2: s.residualL2,
              policyChanges: s.policyChanges,
            },
            Vi,
            pol,
          ),
      });
      cancelled = r.cancelled;
      iterations = r.iterations;
      residual = pi.residual;
      capped = pi.capCount;
      residualMax = r.residualMax;
      residualL2 = r.residualL2;
      status = r.converged ? 'converged' : 'max-iterations';
    }
    V = Vl;
    policy = pl;
    prevDisc = disc;
    first = false;
    if (cancelled) {
      status = 'cancelled';
      if (level > 0) {
        // Hand back the current iterate on the requested grid.
        const fine = createDiscretization(problem, settings, settings.shape);
        const Vf = new Float64Array(fine.n);
        interpolateGrid(disc.grid, V, fine.grid, Vf);
        const pf = policy.map((a) => {
          const out = new Float64Array(fine.n);
          interpolateGrid(disc!.grid, a, fine.grid, out);
          return out;
        });
        V = Vf;
        policy = pf;
        residual = new Float64Array(fine.n);
        disc = fine;
      }
      break;
    }
  }
  if (!disc || !V) throw new SolverError('internal error: no grid level ran');
  if (status === 'max-iterations') {
    warnings.push(`stopped after ${settings.maxIter} iterations without reaching tol = ${settings.tol}`);
  }
  // Only an undiscounted problem needs a target or an exit: a discounted one has neither
  // by design (this warned on every discounted solve before).
  const undiscounted = !(problem.discount !== null && problem.discount > 0);
  if (problem.horizon === null && undiscounted && !disc.stencil.dirichlet.includes(1)) {
    warnings.push(
      'no grid node lies in the target set or on an exit face: the discrete problem has no target. ' +
        'Refine the grid, or enlarge the target to at least a grid spacing.',
    );
  } else if (capped > 0) {
    warnings.push(
      `${capped} nodes cannot reach the target or an exit face under any policy the solver found; ` +
        `their value is capped at ${formatCap(capValue ?? 0, sense)} (it is infinite).`,
    );
  }
  collectWarnings(disc, warnings);
  const value = userValue(V, sense);
  const exact = new ExactComparison(disc);
  const exactError = exact.available ? exact.compare(value, policy, 0) : undefined;
  return {
    solver: 'grid',
    method: settings.method,
    grid: disc.grid,
    value,
    policy,
    residual: userValue(residual, sense),
    residualMax,
    residualL2,
    history,
    ...(exactError ? { exactError } : {}),
    converged: status === 'converged',
    iterations,
    seconds: elapsed(),
    status,
    warnings,
  };
}

function userValue(V: Float64Array, sense: 1 | -1): Float64Array {
  if (sense === 1) return V.slice();
  const out = new Float64Array(V.length);
  for (let i = 0; i < V.length; i++) out[i] = -V[i];
  return out;
}

function formatCap(v: number, sense: 1 | -1): string {
  return (sense * v).toPrecision(3);
}

function collectWarnings(disc: Discretization, warnings: string[]): void {
  if (disc.clipped > 0) {
    warnings.push(
      `the diffusion matrix ΣΣᵀ is not diagonally dominant enough for a monotone cross stencil at ` +
        `${disc.clipped} nodes; negative rates were clipped (the scheme loses some consistency there). ` +
        'Rescale the states or use a grid whose spacings match the correlation.',
    );
  }
}
