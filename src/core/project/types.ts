import type { StoredArray } from './array-codec';
import type { JsonValue } from './json-value';

/** One solver setting: grid sizes are number lists, methods strings, switches booleans. */
export type SettingValue = number | string | boolean | number[];
export type SettingsValues = Record<string, SettingValue>;

/** Which solver the Run button uses, and its settings form as the user left it. */
export interface SolverSettings {
  /** Solver id, e.g. `grid`. */
  solver: string;
  values: SettingsValues;
}

export const COLORMAPS = ['viridis', 'magma', 'coolwarm'] as const;
export type Colormap = (typeof COLORMAPS)[number];

/** What is painted on the value surface besides its height. */
export const OVERLAYS = ['none', 'policy', 'residual', 'error'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export type Vec3 = [number, number, number];

export interface CameraState {
  position: Vec3;
  target: Vec3;
}

/** The 3D view as the user left it, so a colleague opening the file sees the same picture. */
export interface ViewState {
  /** null: frame the surface automatically. */
  camera: CameraState | null;
  overlay: Overlay;
  /** Control dimension shown by the `policy` overlay. */
  policyIndex: number;
  colormap: Colormap;
  /** The run shown in the view; must name one of the project's runs. */
  selectedRunId: string | null;
}

/** A finished solver run stored with the project, so reopening shows it without solving again. */
export interface ProjectRun {
  id: string;
  /** Solver id, e.g. `grid`. */
  solver: string;
  label: string;
  /** ISO 8601 date-time. */
  createdAt: string;
  /** The settings the run was made with. */
  settings: SettingsValues;
  /** Plain numbers and strings: converged, iterations, seconds, residual { max, l2 }, exactError… */
  summary: Record<string, JsonValue>;
  /** Result arrays by name (`value`, `policy`, `residual`…), typed, row-major. */
  arrays: Record<string, StoredArray>;
}

/** A project in memory: what a `.hjblab` file holds, with arrays decoded. */
export interface Project {
  title: string;
  /** The problem source (the TypeScript module of the problem language). */
  source: string;
  settings: SolverSettings;
  view: ViewState;
  /** Stored runs, oldest first; empty when none were kept. */
  runs: ProjectRun[];
}
