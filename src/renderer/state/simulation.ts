/**
 * Closed-loop simulation from a state under the selected run's policy, in the simulation
 * worker: the run's result goes there (structured clone) with its solver's id, and the
 * solver's own policy() drives the paths; paths come back transferred.
 */
import { labWorker } from '../workers/client';
import { useLab } from './store';
import type { TrajectoryBundle } from './types';

let simSeq = 0;

/** Launch closed-loop sample paths from a state under the selected run's policy. */
export async function simulateFrom(from: number[]): Promise<void> {
  const s = useLab.getState();
  const runObj = s.runs.find((r) => r.id === s.selectedRunId);
  if (!runObj?.result || useLab.getState().simulating) return;
  const problem = runObj.problem;
  const rho = problem.discount ?? 0;
  const horizon =
    problem.horizon ?? (s.pathHorizon > 0 ? s.pathHorizon : rho > 0 ? Math.min(5 / rho, 50) : 10);
  const seed = 1 + simSeq++;
  useLab.setState({ simulating: true, simError: null });
  try {
    const outcome = await labWorker('sim').api.simulate({
      source: runObj.source,
      solver: runObj.solver,
      result: runObj.result.result,
      from,
      paths: s.pathCount,
      horizon,
      dt: horizon / 600,
      seed,
    });
    if (outcome.status !== 'done') {
      useLab.setState({ simError: outcome.status === 'failed' ? outcome.message : 'cancelled' });
      return;
    }
    const r = outcome.result;
    const steps = r.times.length;
    const bundle: TrajectoryBundle = {
      id: `paths-${seed}`,
      runId: runObj.id,
      from,
      d: problem.states.length,
      paths: s.pathCount,
      steps,
      times: r.times,
      states: r.paths,
      reward: r.cumulative,
      mean: r.mean,
    };
    useLab.setState((st) => ({ trajectories: st.accumulatePaths ? [...st.trajectories, bundle] : [bundle] }));
  } catch (err) {
    useLab.setState({ simError: err instanceof Error ? err.message : String(err) });
  } finally {
    useLab.setState({ simulating: false });
  }
}

export function clearPaths(): void {
  useLab.setState({ trajectories: [] });
}
