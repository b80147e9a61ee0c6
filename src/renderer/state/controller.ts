/**
 * The lab controller: every conversation with the workers, in four sessions — compile
 * (compile-session.ts), solve (run-session.ts), closed-loop simulation (simulation.ts) and
 * the run list (run-list.ts). UI components call these functions; they never talk to a
 * worker themselves.
 */
export {
  chooseSolver,
  compileNow,
  fitSettings,
  initLab,
  loadExample,
  setSource,
  solverSpecs,
} from './compile-session';
export {
  cancel,
  isRunning,
  pause,
  resume,
  run,
  runAfterInput,
  runBlocker,
  setLive,
  step,
} from './run-session';
export { deleteRun, selectRun, toggleCompare } from './run-list';
export { clearPaths, simulateFrom } from './simulation';
