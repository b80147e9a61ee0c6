/** The example problems of resources/examples, bundled as text (offline). */
const sources = import.meta.glob('../../resources/examples/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface Example {
  id: string;
  title: string;
  source: string;
}

function titleOf(source: string, id: string): string {
  return /title:\s*["'`]([^"'`]+)["'`]/.exec(source)?.[1] ?? id;
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

export const examples: Example[] = Object.entries(sources)
  .map(([path, source]) => {
    const id = /([^/]+)\.ts$/.exec(path)?.[1] ?? path;
    return { id, title: titleOf(source, id), source };
  })
  .sort((a, b) => {
    const ia = ORDER.indexOf(a.id);
    const ib = ORDER.indexOf(b.id);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.id.localeCompare(b.id);
  });

export function exampleById(id: string): Example | undefined {
  return examples.find((e) => e.id === id);
}
