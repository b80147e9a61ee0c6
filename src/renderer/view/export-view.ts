/**
 * Export of what the lab shows (docs/architecture.md §7): PNG of the 3D view at twice the screen
 * resolution, CSV of the value and policy grid, JSON of the run's result. Reachable from
 * the view toolbar and from the desktop menu, so it lives outside the components.
 */
import { exportedResult, solutionToCsv, solutionToJson } from '../export';
import { notify } from '../project/actions';
import { getPlatform } from '../platform';
import { selectedRun, useLab } from '../state/store';
import type { Run } from '../state/types';

/** The shown 3-D view's picture at a multiple of its resolution (drawn in the view's worker). */
type PictureSource = (scale: number) => Promise<Blob>;

let picture: PictureSource | null = null;

/** Called by the 3-D view when it starts (its source) and when it goes (null). */
export function registerPicture(source: PictureSource | null): void {
  picture = source;
}

function fileStem(run: Run): string {
  const stem = (run.problem.title || 'hjb-lab').replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '');
  return stem.toLowerCase() || 'hjb-lab';
}

export async function exportView(format: 'png' | 'csv' | 'json'): Promise<void> {
  const run = selectedRun(useLab.getState());
  if (!run) {
    notify('error', 'nothing to export yet: run a solver first');
    return;
  }
  try {
    let blob: Blob;
    if (format === 'png') {
      if (!picture) throw new Error('the 3D view is not ready');
      blob = await picture(2);
    } else {
      const result = run.result;
      if (!result) throw new Error('this run has no result yet');
      const text =
        format === 'csv'
          ? solutionToCsv(
              result.result.display,
              run.problem.states.map((s) => s.name),
              run.problem.controls.map((c) => c.name),
            )
          : solutionToJson(exportedResult(result.result), {
              title: run.problem.title,
              solver: run.solver,
              settings: run.settings,
            });
      blob = new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' });
    }
    const outcome = await getPlatform().exportFile(`${fileStem(run)}.${format}`, blob);
    if (outcome.status === 'failed') notify('error', `export failed: ${outcome.message}`);
  } catch (err) {
    notify('error', `export failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
