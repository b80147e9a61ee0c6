import type { Project, ViewState } from './types';

/** A fresh view: automatic camera framing, no overlay, viridis, nothing selected. */
export function defaultView(): ViewState {
  return { camera: null, overlay: 'none', policyIndex: 0, colormap: 'viridis', selectedRunId: null };
}

export const DEFAULT_TITLE = 'Untitled';
export const DEFAULT_SOLVER = 'grid';

export type ProjectInit = Partial<Omit<Project, 'view' | 'settings'>> & {
  settings?: Partial<Project['settings']>;
  view?: Partial<ViewState>;
};

/** A complete project from whatever parts are given; missing parts get their defaults. */
export function createProject(init: ProjectInit = {}): Project {
  return {
    title: init.title ?? DEFAULT_TITLE,
    source: init.source ?? '',
    settings: {
      solver: init.settings?.solver ?? DEFAULT_SOLVER,
      values: { ...(init.settings?.values ?? {}) },
    },
    view: { ...defaultView(), ...(init.view ?? {}) },
    runs: [...(init.runs ?? [])],
  };
}
