/**
 * Between the lab's state and the `.hjblab` project (src/core/project): runs with their
 * results become named typed arrays plus a plain JSON summary, and come back bit for bit,
 * so a reopened project shows the same surfaces without solving again.
 */
import type { Project, ProjectRun, SettingsValues } from '../../core/project';
import { createProject } from '../../core/project';
import { loadRun, storeRun } from '../../core/project/run-record';
import { getSolver } from '../../core/solvers/registry';
import type { RunResult } from '../../workers/lab-api';
import type { ProblemSummary } from '../../workers/protocol';
import type { LabState } from '../state/store';
import type { Overlay, Run, RunStatus, ViewState } from '../state/types';

/** Only finished runs with a result are stored (a running or failed run has nothing to show). */
export function storableRuns(runs: readonly Run[]): Run[] {
  return runs.filter((r) => r.result !== null && r.status !== 'running');
}

export function runToProjectRun(run: Run): ProjectRun {
  const result = run.result;
  if (!result) throw new Error(`run ${run.id} has no result to store`);
  return storeRun(getSolver(run.solver), result.result, {
    id: run.id,
    label: run.label,
    status: run.status,
    source: run.source,
    settings: run.settings as SettingsValues,
    drift: result.drift,
    snapshots: run.snapshots,
  });
}

function overlayToProject(o: Overlay): { overlay: Project['view']['overlay']; policyIndex: number } {
  if (o.startsWith('policy:')) return { overlay: 'policy', policyIndex: Number(o.slice('policy:'.length)) };
  return { overlay: o === 'value' ? 'none' : (o as 'residual' | 'error'), policyIndex: 0 };
}

export function overlayFromProject(view: Project['view']): Overlay {
  if (view.overlay === 'policy') return `policy:${view.policyIndex}`;
  return view.overlay === 'none' ? 'value' : view.overlay;
}

export function toProject(s: LabState, opts: { withRuns: boolean } = { withRuns: true }): Project {
  const title = s.compile?.problem?.title ?? 'Untitled';
  return createProject({
    title,
    source: s.source,
    settings: { solver: s.solver, values: s.settings as Project['settings']['values'] },
    view: {
      ...overlayToProject(s.view.overlay),
      colormap: s.view.colormap,
      // Only a stored run can be selected in the file (a running one is not stored).
      selectedRunId:
        opts.withRuns && storableRuns(s.runs).some((r) => r.id === s.selectedRunId) ? s.selectedRunId : null,
      camera: null,
    },
    runs: opts.withRuns ? storableRuns(s.runs).map(runToProjectRun) : [],
  });
}

// ---- back from a project ----

/**
 * A stored run back into a lab run; `problem` is the summary of the run's own source.
 * Throws when the file names a solver this build does not have, or lacks what it needs.
 */
export function projectRunToRun(pr: ProjectRun, problem: ProblemSummary): Run {
  const decoded = loadRun(getSolver(pr.solver), pr);
  const result: RunResult = { result: decoded.result, drift: decoded.drift };
  return {
    id: pr.id,
    label: pr.label,
    status: (decoded.status as RunStatus | null) ?? 'converged',
    paused: false,
    live: false,
    problem,
    source: decoded.source,
    overrides: {},
    solver: pr.solver,
    settings: pr.settings,
    startedAt: 0,
    history: decoded.result.history,
    progress: null,
    liveGrid: null,
    snapshot: null,
    snapshots: decoded.snapshots,
    result,
  };
}

export function viewFromProject(project: Project, base: ViewState): ViewState {
  return { ...base, overlay: overlayFromProject(project.view), colormap: project.view.colormap };
}
