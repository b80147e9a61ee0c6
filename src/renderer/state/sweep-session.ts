/**
 * The Δt sweep of continuous-time Q-learning in the lab: the open problem learned at each
 * time step with both critics, in a worker of its own (it takes minutes; runs and slices
 * stay available meanwhile), each finished run arriving as it ends. The article's argument
 * as one chart: SweepPanel draws the policy error against Δt for both critics.
 */
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { SweepRun } from '../../core/solvers/q-learning';
import { labWorker } from '../workers/client';
import { useLab } from './store';

export interface SweepState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | `failed: ${string}`;
  runs: SweepRun[];
  total: number;
  /** The source the sweep learned (a sweep belongs to one problem). */
  source: string | null;
}

export const useSweep = create<SweepState>(() => ({ status: 'idle', runs: [], total: 0, source: null }));

let job: { jobId: string; settled: Promise<unknown> } | null = null;

/** Start a sweep of the open problem at these time steps with the panel's Q-learning settings. */
export async function startSweep(dts: number[]): Promise<void> {
  if (job) return;
  const lab = useLab.getState();
  const client = labWorker('sweep');
  const jobId = client.newJobId('sweep');
  const source = lab.source;
  useSweep.setState({ status: 'running', runs: [], total: 2 * dts.length, source });
  const onRun = Comlink.proxy((run: SweepRun) => {
    useSweep.setState((s) => ({ runs: [...s.runs, run] }));
  });
  const settled = client.api.sweepDt(jobId, { source, dts, settings: lab.settings }, onRun);
  job = { jobId, settled };
  try {
    const outcome = await settled;
    useSweep.setState({
      status:
        outcome.status === 'done'
          ? 'done'
          : outcome.status === 'failed'
            ? `failed: ${outcome.message}`
            : 'cancelled',
    });
  } catch (err) {
    useSweep.setState({ status: `failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    job = null;
  }
}

/** Stop the sweep (between steps of its learner; the worker is restarted if it does not answer). */
export async function cancelSweep(): Promise<void> {
  if (!job) return;
  const how = await labWorker('sweep').cancel(job.jobId, job.settled, 3000);
  if (how === 'terminated') {
    job = null;
    useSweep.setState({ status: 'cancelled' });
  }
}
