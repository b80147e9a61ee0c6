/** The renderer's handle on the project worker (started on first use). */
import * as Comlink from 'comlink';
import type { Project, ProjectRun } from '../../core/project';
import type { ProjectWorkerApi } from './project.worker';

let remote: Comlink.Remote<ProjectWorkerApi> | null = null;
/** Runs whose arrays the worker holds. */
const sent = new Set<string>();

function worker(): Comlink.Remote<ProjectWorkerApi> {
  remote ??= Comlink.wrap<ProjectWorkerApi>(
    new Worker(new URL('./project.worker.ts', import.meta.url), { type: 'module', name: 'hjb-lab-project' }),
  );
  return remote;
}

/**
 * A finished run's results never change: the identity of its value array names them (the
 * project run wraps the run's own arrays; its createdAt is stamped anew on each export).
 */
const runKeys = new WeakMap<object, string>();
let nextKey = 1;
function keyOf(r: ProjectRun): string {
  const data = r.arrays['value']?.data;
  if (!data) return `${r.id}#${nextKey++}`;
  let key = runKeys.get(data);
  if (!key) runKeys.set(data, (key = `${r.id}#${nextKey++}`));
  return key;
}

/** Yield to the event loop, so that each array's copy into the worker is its own short task. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The project's file text, computed in the project worker. */
export async function serializeInWorker(project: Project): Promise<string> {
  const w = worker();
  const keys = project.runs.map(keyOf);
  for (const [i, run] of project.runs.entries()) {
    if (sent.has(keys[i])) continue;
    for (const [name, array] of Object.entries(run.arrays)) {
      await nextTask();
      void w.putArray(keys[i], name, array);
    }
    sent.add(keys[i]);
  }
  for (const k of sent) if (!keys.includes(k)) sent.delete(k);
  void w.keepOnly(keys);
  const light = { ...project, runs: project.runs.map((r) => ({ ...r, arrays: {} })) };
  return w.serialize(light, keys);
}
