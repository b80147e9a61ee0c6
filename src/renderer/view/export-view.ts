/**
 * Export of what the lab shows (DESIGN.md §5): PNG of the 3D view at twice the screen
 * resolution, CSV of the value and policy grid, JSON of the run's result. Reachable from
 * the view toolbar and from the desktop menu, so it lives outside the components.
 */
import type * as THREE from 'three';
import { canvasToPngBlob, exportedResult, solutionToCsv, solutionToJson } from '../export';
import { notify } from '../project/actions';
import { getPlatform } from '../platform';
import { selectedRun, useLab } from '../state/store';
import type { Run } from '../state/types';

interface SceneHandles {
  gl: THREE.WebGLRenderer;
  scene: THREE.Scene;
  camera: THREE.Camera;
}

let handles: SceneHandles | null = null;

/** Called by the r3f Canvas once it exists. */
export function registerScene(state: SceneHandles): void {
  handles = state;
  // Checking shader compile logs makes three.js wait for every compile on the UI thread
  // (hundreds of ms with software GL); our shaders are three's own, so skip the check.
  state.gl.debug.checkShaderErrors = false;
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
      if (!handles) throw new Error('the 3D view is not ready');
      blob = await canvasToPngBlob(handles.gl, handles.scene, handles.camera, 2);
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
