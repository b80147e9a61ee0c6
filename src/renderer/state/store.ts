/**
 * The lab's state (zustand): source and compile result, solver settings, runs of this
 * session, the view and trajectories. Worker traffic lives in controller.ts; this module
 * holds data and pure updates only.
 */
import { create } from 'zustand';
import { listSolvers } from '../../core/solvers/registry';
import type { SettingValues } from '../../core/solvers/solver';
import type { CompileReply } from '../../workers/protocol';
import type { SettingDrafts } from './setting-drafts';
import type { Run, TrajectoryBundle, ViewState } from './types';

export interface LabState {
  exampleId: string;
  source: string;
  /** Overrides from parameter sliders are written into the source; none are kept apart. */
  compile: CompileReply | null;
  compiling: boolean;
  /** The solver Run uses (a registered id), and its settings form as the user left it. */
  solver: string;
  settings: SettingValues;
  /** The form's number boxes as typed (see setting-drafts.ts); cleared with `settings`. */
  settingDrafts: SettingDrafts;
  runs: Run[];
  selectedRunId: string | null;
  compareRunId: string | null;
  live: boolean;
  view: ViewState;
  trajectories: TrajectoryBundle[];
  accumulatePaths: boolean;
  pathCount: number;
  pathHorizon: number;
  simulating: boolean;
  simError: string | null;
  sharedMemory: boolean;
  /** The open document: display name, unsaved changes, and a counter that tells the editor to load `source`. */
  docName: string;
  dirty: boolean;
  docNonce: number;
  notice: { kind: 'info' | 'error'; text: string } | null;
  recovery: { name: string; savedAt: string } | null;
  galleryOpen: boolean;
}

export const initialView: ViewState = {
  colormap: 'viridis',
  overlay: 'value',
  contours: true,
  vectorField: false,
  axes: [0, 1],
  sliceIndex: -1,
  isosurface: false,
  camera: 'iso',
  cameraNonce: 0,
};

export const useLab = create<LabState>(() => ({
  exampleId: '',
  source: '',
  compile: null,
  compiling: false,
  solver: listSolvers()[0]?.id ?? '',
  settings: {},
  settingDrafts: {},
  runs: [],
  selectedRunId: null,
  compareRunId: null,
  live: false,
  view: initialView,
  trajectories: [],
  accumulatePaths: false,
  pathCount: 24,
  pathHorizon: 10,
  simulating: false,
  simError: null,
  sharedMemory: false,
  docName: 'Untitled',
  dirty: false,
  docNonce: 0,
  notice: null,
  recovery: null,
  galleryOpen: false,
}));

export function updateRun(id: string, patch: Partial<Run> | ((r: Run) => Partial<Run>)): void {
  useLab.setState((s) => {
    // A run that is gone (deleted, or replaced by an opened project) stays gone.
    if (!s.runs.some((r) => r.id === id)) return s;
    return {
      runs: s.runs.map((r) =>
        r.id === id ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r,
      ),
    };
  });
}

export function setView(patch: Partial<ViewState>): void {
  useLab.setState((s) => ({ view: { ...s.view, ...patch } }));
}

export function selectedRun(s: LabState): Run | null {
  return s.runs.find((r) => r.id === s.selectedRunId) ?? null;
}

/**
 * What the status line says about a run: its status, except that a running solve the user
 * paused reads "paused" (the worker holds it at its next checkpoint until Resume or Step).
 */
export function shownStatus(r: Run | null): string {
  if (!r) return 'idle';
  return r.status === 'running' && r.paused ? 'paused' : r.status;
}

/** The run whose status the status line shows: the running one, else the selected one. */
export function statusRun(s: LabState): Run | null {
  return s.runs.find((r) => r.status === 'running') ?? selectedRun(s);
}
