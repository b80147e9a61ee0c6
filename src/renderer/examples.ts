/**
 * The example problems of resources/examples, bundled as text (offline). Each example is
 * its project file `<id>.hjblab` (written by scripts/make-examples.ts: title, source,
 * settings, view); an example with only a `<id>.ts` source (or whose project does not
 * parse) is offered from that source.
 */
import { parseProject, type Project } from '../core/project';

const sources = import.meta.glob('../../resources/examples/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const projectTexts = import.meta.glob('../../resources/examples/*.hjblab', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface Example {
  id: string;
  title: string;
  source: string;
  /** The example's project file, when it has one. */
  project?: Project;
}

function titleOf(source: string, id: string): string {
  return /title:\s*["'`]([^"'`]+)["'`]/.exec(source)?.[1] ?? id;
}

function idOf(path: string, ext: string): string {
  return path.slice(path.lastIndexOf('/') + 1, path.length - ext.length);
}

function parsed(text: string): Project | undefined {
  try {
    return parseProject(text);
  } catch {
    return undefined; // a broken project file: fall back to the example's source
  }
}

/** Order shown in the example menu: the reference problems first. */
const ORDER = [
  'lqr-1d',
  'double-integrator-lqr',
  'pendulum',
  'merton',
  'min-time-double-integrator',
  'mountain-car',
  'dubins-car',
  'lqr-6d',
  'eight-gaussians',
];

function collect(): Example[] {
  const byId = new Map<string, Example>();
  for (const [path, source] of Object.entries(sources)) {
    const id = idOf(path, '.ts');
    byId.set(id, { id, title: titleOf(source, id), source });
  }
  for (const [path, text] of Object.entries(projectTexts)) {
    const id = idOf(path, '.hjblab');
    const project = parsed(text);
    if (project) byId.set(id, { id, title: project.title, source: project.source, project });
  }
  return [...byId.values()];
}

export const examples: Example[] = collect().sort((a, b) => {
  const ia = ORDER.indexOf(a.id);
  const ib = ORDER.indexOf(b.id);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.id.localeCompare(b.id);
});

export function exampleById(id: string): Example | undefined {
  return examples.find((e) => e.id === id);
}
