import { StrictMode } from 'react';
import './styles.css';
import { prepareCanvas2d } from './charts/software-canvas';
import { nextTask } from './state/next-task';

/**
 * The first script's modules are evaluated in steps, each in a task of its own; a module a
 * later step imports again is evaluated only once, in the earlier step. In one script their
 * evaluation was one task of 100–148 ms CPU (three traces, load 4–9), the longest of the
 * load; in steps the longest is 40 ms CPU (docs/architecture.md §7).
 */
const STEPS: readonly (() => Promise<unknown>)[] = [
  () => import('react-dom/client'),
  // Every solver's settings and defaults, for the panel.
  () => import('../core/solvers/registry'),
  // zod, through the project file's schema.
  () => import('../core/project/schema'),
  // uPlot, for the charts.
  () => import('uplot'),
];

async function boot(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  prepareCanvas2d();
  await nextTask();
  for (const step of STEPS) {
    await step();
    await nextTask();
  }
  const [{ createRoot }, { App }] = await Promise.all([import('react-dom/client'), import('./App')]);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
