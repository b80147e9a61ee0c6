/**
 * Serializes projects for autosave off the UI thread: encoding a solved run's arrays
 * (deflate + base64) took about 1 s of main-thread time after a 201² pendulum solve
 * (bench ui). A run's arrays are sent once, one array per message (cloning a 3-D run's
 * arrays in one message blocked the UI for 70+ ms while the user orbited the view), and
 * kept here by run key; a project too large for a file is autosaved without its runs.
 */
import * as Comlink from 'comlink';
import { ProjectError, serializeProject, type Project, type ProjectRun } from '../../core/project';

type StoredArray = ProjectRun['arrays'][string];

const arrays = new Map<string, Record<string, StoredArray>>();

function putArray(key: string, name: string, array: StoredArray): void {
  let entry = arrays.get(key);
  if (!entry) arrays.set(key, (entry = {}));
  entry[name] = array;
}

/** Drop the arrays of runs no longer in the document. */
function keepOnly(keys: string[]): void {
  const keep = new Set(keys);
  for (const k of arrays.keys()) if (!keep.has(k)) arrays.delete(k);
}

/** The project's text; each run's `arrays` come from what putArray stored under keys[i]. */
function serialize(project: Project, keys: string[]): string {
  const runs = project.runs.map((r, i) => ({ ...r, arrays: arrays.get(keys[i]) ?? {} }));
  try {
    return serializeProject({ ...project, runs });
  } catch (err) {
    if (!(err instanceof ProjectError) || runs.length === 0) throw err;
    return serializeProject({ ...project, runs: [], view: { ...project.view, selectedRunId: null } });
  }
}

const api = { putArray, keepOnly, serialize };
export type ProjectWorkerApi = typeof api;

Comlink.expose(api);
