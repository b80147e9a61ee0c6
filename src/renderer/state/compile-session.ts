/**
 * The compile session: the worker compiles the source as the user types (debounced), and
 * the reply — diagnostics, a summary, each solver's form for this problem — lands in the
 * store. Settings the user typed are kept across edits where they still fit.
 */
import type { SettingSpec, SettingValues } from '../../core/solvers/solver';
import type { ProblemSummary } from '../../workers/protocol';
import { exampleById, examples } from '../examples';
import { fitDrafts } from './setting-drafts';
import { labWorker } from '../workers/client';
import { createRunControl } from '../../workers/run-control';
import { liveEdited, showRunsOf } from './run-session';
import { initialView, useLab } from './store';

const COMPILE_DEBOUNCE_MS = 150;

let compileTimer: ReturnType<typeof setTimeout> | null = null;
let compileSeq = 0;
/** The document (example or opened file) the last compile reply belonged to. */
let compiledDocument: string | null = null;

export function initLab(exampleId = 'pendulum'): void {
  useLab.setState({ sharedMemory: createRunControl() !== null });
  loadExample(exampleById(exampleId) ? exampleId : (examples[0]?.id ?? ''));
}

export function loadExample(id: string): void {
  const ex = exampleById(id);
  if (!ex) return;
  useLab.setState({
    exampleId: id,
    source: ex.source,
    settings: {},
    settingDrafts: {},
    trajectories: [],
    view: { ...initialView },
  });
  // The previous example's run belongs to another problem: show this one's, if any.
  showRunsOf(ex.source);
  compileNow();
}

/** The editor's text changed (typing or a parameter slider). */
export function setSource(source: string): void {
  if (source === useLab.getState().source) return;
  useLab.setState({ source, compiling: true });
  if (compileTimer) clearTimeout(compileTimer);
  compileTimer = setTimeout(compileNow, COMPILE_DEBOUNCE_MS);
}

/** The setting descriptions of `solver` for this problem (empty when it refuses the problem). */
export function solverSpecs(
  problem: ProblemSummary | null | undefined,
  solver: string,
): readonly SettingSpec[] {
  return problem?.solvers.find((o) => o.id === solver)?.settings ?? [];
}

export function compileNow(): void {
  if (compileTimer) clearTimeout(compileTimer);
  compileTimer = null;
  const seq = ++compileSeq;
  const source = useLab.getState().source;
  const documentKey = `${useLab.getState().exampleId}\u0000${useLab.getState().docNonce}`;
  useLab.setState({ compiling: true });
  void labWorker('compile')
    .api.compile(source)
    .then((reply) => {
      // A newer compile, or an edit since this one started (its compile is scheduled): this
      // reply describes an older text, and its literal ranges would address the wrong places.
      if (seq !== compileSeq || source !== useLab.getState().source) return;
      const fresh = documentKey !== compiledDocument;
      compiledDocument = documentKey;
      useLab.setState((s) => {
        if (!reply.problem) return { compile: reply, compiling: false };
        // A freshly opened problem the selected solver refuses gets the registry's default.
        const solver = fresh ? solverForFreshProblem(reply.problem, s.solver) : s.solver;
        const kept = solver === s.solver;
        const settings = kept ? s.settings : {};
        const specs = solverSpecs(reply.problem, solver);
        return {
          compile: reply,
          compiling: false,
          solver,
          settings: fitSettings(settings, specs),
          settingDrafts: fitDrafts(kept ? s.settingDrafts : {}, specs, settings),
        };
      });
      if (reply.ok) liveEdited();
    })
    .catch((err: unknown) => {
      if (seq !== compileSeq || source !== useLab.getState().source) return;
      useLab.setState({
        compiling: false,
        compile: {
          ok: false,
          problem: null,
          ms: 0,
          diagnostics: [
            {
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 1,
              severity: 'error',
              message: `the compiler stopped: ${err instanceof Error ? err.message : String(err)}`,
            },
          ],
        },
      });
    });
}

/**
 * A freshly opened or switched problem keeps the selected solver when it accepts the
 * problem, else takes the registry's default for it: the first offer, in registry order,
 * without a refusal (what defaultSolverFor picks; the UI thread has no compiled problem).
 * Edits of an open problem never switch: the refusal then says what to pick.
 */
export function solverForFreshProblem(problem: ProblemSummary | null, current: string): string {
  if (!problem) return current;
  const offer = problem.solvers.find((o) => o.id === current);
  if (offer && offer.refusal === null) return current;
  return problem.solvers.find((o) => o.refusal === null)?.id ?? current;
}

/**
 * Keep the user's settings across edits, except per-state and per-control lists whose
 * length no longer matches the problem (a state or control was added or removed).
 */
export function fitSettings(settings: SettingValues, specs: readonly SettingSpec[]): SettingValues {
  const misfits = specs.filter((spec) => {
    const v = settings[spec.name];
    return spec.entries !== undefined && Array.isArray(v) && v.length !== spec.entries.length;
  });
  if (misfits.length === 0) return settings;
  const next = { ...settings };
  for (const spec of misfits) delete next[spec.name];
  return next;
}

/** Pick the solver Run uses; its form starts from its defaults. */
export function chooseSolver(id: string): void {
  if (useLab.getState().solver === id) return;
  useLab.setState({ solver: id, settings: {}, settingDrafts: {} });
}
