/**
 * Project files in the lab (docs/architecture.md §8): new, open (picker, drop, share link, recovery),
 * save, share; the dirty marker and autosave. Parsing and validation are src/core/project;
 * where files live is the platform's business (platform/web.ts, platform/electron.ts).
 */
import {
  decodeShareFragment,
  encodeShareFragment,
  parseProject,
  ProjectError,
  serializeProject,
  SHARE_PREFIX,
  type Project,
} from '../../core/project';
import type { ProblemSummary } from '../../workers/protocol';
import { getPlatform, type OpenOutcome } from '../platform';
import { compileNow, loadExample } from '../state/controller';
import { initialView, useLab } from '../state/store';
import type { Run } from '../state/types';
import { labWorker } from '../workers/client';
import { findSolver } from '../../core/solvers/registry';
import { serializeInWorker } from '../workers/project-client';
import { BLANK_PROBLEM } from './blank';
import { projectRunToRun, storableRuns, toProject, viewFromProject } from './codec';

/** What was last saved or opened, to tell whether the document has unsaved changes. */
let saved: { source: string; settings: unknown; runs: string } | null = null;

function runKey(runs: readonly Run[]): string {
  return storableRuns(runs)
    .map((r) => r.id)
    .join(',');
}

/** The current state is what the document holds on disk (or a fresh, untouched document). */
export function markSaved(): void {
  const s = useLab.getState();
  saved = { source: s.source, settings: s.settings, runs: runKey(s.runs) };
  useLab.setState({ dirty: false });
}

export function notify(kind: 'info' | 'error', text: string): void {
  useLab.setState({ notice: { kind, text } });
}

export function currentProjectText(): string {
  return serializeProject(toProject(useLab.getState()));
}

/** Track unsaved changes: any difference from what was saved or opened. */
export function initDocumentTracking(): () => void {
  markSaved();
  return useLab.subscribe((s, prev) => {
    if (s.source === prev.source && s.settings === prev.settings && s.runs === prev.runs) return;
    if (!saved) return;
    const dirty = s.source !== saved.source || s.settings !== saved.settings || runKey(s.runs) !== saved.runs;
    if (dirty !== s.dirty) useLab.setState({ dirty });
    if (dirty) scheduleAutosave();
  });
}

/**
 * Autosave: a quiet second after the last change (a streaming run changes the state many
 * times a second), the project is serialized in the project worker and handed to the
 * platform's recovery. Only the latest request's text is used.
 */
const AUTOSAVE_QUIET_MS = 1000;
let autosaveTimer: ReturnType<typeof setTimeout> | null = null;
let autosaveSeq = 0;

function scheduleAutosave(): void {
  if (autosaveTimer) clearTimeout(autosaveTimer);
  autosaveTimer = setTimeout(() => {
    autosaveTimer = null;
    const seq = ++autosaveSeq;
    const project = toProject(useLab.getState());
    serializeInWorker(project).then(
      (text) => {
        if (seq === autosaveSeq && useLab.getState().dirty) getPlatform().edited(() => text);
      },
      () => {
        // Autosave is a convenience: a project the worker cannot serialize is not autosaved.
      },
    );
  }, AUTOSAVE_QUIET_MS);
}

export function documentTitle(name: string, dirty: boolean): string {
  return `${dirty ? '• ' : ''}${name} — HJB Lab`;
}

async function compileSummary(source: string): Promise<ProblemSummary | null> {
  const reply = await labWorker('compile').api.compile(source);
  return reply.problem;
}

/** Load a parsed project: source, settings, view, and its stored runs (no solving). */
export async function loadProject(
  project: Project,
  name: string,
  opts: { recovered?: boolean } = {},
): Promise<void> {
  const runs: Run[] = [];
  const summaries = new Map<string, ProblemSummary | null>();
  for (const pr of project.runs) {
    const src = typeof pr.summary['source'] === 'string' ? pr.summary['source'] : project.source;
    if (!summaries.has(src)) summaries.set(src, await compileSummary(src));
    const problem = summaries.get(src);
    if (!problem) continue; // a run whose source no longer compiles cannot be labelled
    try {
      runs.push(projectRunToRun(pr, problem));
    } catch (err) {
      notify(
        'error',
        `run '${pr.label}' could not be restored: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const selected = project.view.selectedRunId ?? runs.at(-1)?.id ?? null;
  const solver = findSolver(project.settings.solver) ? project.settings.solver : useLab.getState().solver;
  if (solver !== project.settings.solver)
    notify('error', `this build has no solver '${project.settings.solver}'; the selected solver stays`);
  useLab.setState((s) => ({
    exampleId: '',
    source: project.source,
    solver,
    settings: solver === project.settings.solver ? project.settings.values : {},
    settingDrafts: {},
    runs,
    selectedRunId: runs.some((r) => r.id === selected) ? selected : (runs.at(-1)?.id ?? null),
    compareRunId: null,
    trajectories: [],
    view: viewFromProject(project, { ...initialView }),
    docName: name.replace(/\.hjblab$/, ''),
    docNonce: s.docNonce + 1,
    galleryOpen: false,
  }));
  compileNow();
  markSaved();
  if (opts.recovered) {
    // Recovered work is unsaved until the user saves it, whatever changes after.
    saved = { source: '\u0000recovered', settings: null, runs: '' };
    useLab.setState({ dirty: true });
  }
}

/** A new document holding a bare problem source: no runs, default settings and view. */
function openSource(source: string, docName: string): void {
  useLab.setState((s) => ({
    exampleId: '',
    source,
    settings: {},
    settingDrafts: {},
    runs: [],
    selectedRunId: null,
    compareRunId: null,
    trajectories: [],
    view: { ...initialView },
    docName,
    docNonce: s.docNonce + 1,
    galleryOpen: false,
  }));
  getPlatform().detach();
  compileNow();
  markSaved();
}

/** New from the blank template (the first card of the gallery). */
export function newBlank(): void {
  openSource(BLANK_PROBLEM, 'Untitled');
}

/** Open text from a file: a project, or a bare problem source (.ts). Reports problems, never throws. */
export async function openText(
  text: string,
  name: string,
  opts: { recovered?: boolean } = {},
): Promise<boolean> {
  // A message about an earlier attempt no longer applies once another file is opened.
  if (useLab.getState().notice?.kind === 'error') useLab.setState({ notice: null });
  if (/\.ts$/i.test(name)) {
    openSource(text, name.replace(/\.ts$/i, ''));
    notify('info', `opened ${name}`);
    return true;
  }
  try {
    const project = parseProject(text);
    await loadProject(project, name, opts);
    notify('info', `opened ${name}`);
    return true;
  } catch (err) {
    const message =
      err instanceof ProjectError
        ? err.message
        : `could not open: ${err instanceof Error ? err.message : String(err)}`;
    notify('error', `${name}: ${message}`);
    return false;
  }
}

export async function openOutcome(outcome: OpenOutcome): Promise<void> {
  if (outcome.status === 'opened')
    await openText(outcome.file.text, outcome.file.name, { recovered: outcome.file.recovered });
  else if (outcome.status === 'failed') notify('error', outcome.message);
}

function confirmDiscard(): boolean {
  return !useLab.getState().dirty || window.confirm('The project has unsaved changes. Discard them?');
}

export async function openProject(): Promise<void> {
  if (getPlatform().kind === 'web' && !confirmDiscard()) return;
  await openOutcome(await getPlatform().open());
}

export async function saveProject(asNew = false): Promise<void> {
  let text: string;
  try {
    text = currentProjectText();
  } catch (err) {
    notify('error', err instanceof ProjectError ? err.message : String(err));
    return;
  }
  const outcome = await getPlatform().save(text, useLab.getState().docName, asNew);
  if (outcome.status === 'saved') {
    useLab.setState({ docName: outcome.name });
    markSaved();
    notify('info', `saved ${outcome.name}`);
  } else if (outcome.status === 'failed') notify('error', `not saved: ${outcome.message}`);
}

/** New project: the example gallery (after the discard prompt). */
export function newProject(): void {
  if (getPlatform().kind === 'web' && !confirmDiscard()) return;
  useLab.setState({ galleryOpen: true });
}

/** Start a new document from an example of the gallery. */
export function newFromExample(id: string): void {
  loadExample(id);
  getPlatform().detach();
  useLab.setState((s) => ({
    docName: 'Untitled',
    docNonce: s.docNonce + 1,
    galleryOpen: false,
    runs: [],
    selectedRunId: null,
  }));
  markSaved();
}

/** A link to this project (without results) with the project compressed into the fragment. */
export function shareLink(): string | null {
  try {
    const fragment = encodeShare();
    const url = `${location.origin}${location.pathname}#${fragment}`;
    void navigator.clipboard?.writeText(url).then(
      () => notify('info', 'share link copied to the clipboard'),
      () => notify('info', 'share link ready (copy it from the address bar)'),
    );
    history.replaceState(null, '', `#${fragment}`);
    return url;
  } catch (err) {
    notify('error', err instanceof Error ? err.message : String(err));
    return null;
  }
}

function encodeShare(): string {
  return encodeShareFragment(toProject(useLab.getState(), { withRuns: false }));
}

/** On start-up: a project in the URL fragment wins over everything else. */
export async function openFromLocation(): Promise<boolean> {
  const hash = location.hash.slice(1);
  if (!hash.startsWith(SHARE_PREFIX)) return false;
  try {
    await loadProject(decodeShareFragment(hash), 'Shared project');
    useLab.setState({ dirty: true });
    notify('info', 'opened the project from the link');
    return true;
  } catch (err) {
    notify('error', err instanceof ProjectError ? err.message : String(err));
    return false;
  }
}

/** A share link pasted into the address bar of an open lab (the hash changes, no reload). */
export function listenForShareLinks(): () => void {
  const onHash = () => {
    if (!location.hash.startsWith(`#${SHARE_PREFIX}`)) return;
    if (!confirmDiscard()) return;
    void openFromLocation();
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}

export async function checkRecovery(): Promise<void> {
  const r = await getPlatform().recovery.find();
  useLab.setState({ recovery: r });
}

export async function restoreRecovery(): Promise<void> {
  useLab.setState({ recovery: null });
  await openOutcome(await getPlatform().recovery.restore());
}

export async function discardRecovery(): Promise<void> {
  useLab.setState({ recovery: null });
  await getPlatform().recovery.discard();
}
