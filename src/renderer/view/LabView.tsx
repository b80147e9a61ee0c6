import { useMemo } from 'react';
import type * as THREE from 'three';
import { selectedRun, setView, useLab } from '../state/store';
import type { Overlay } from '../state/types';
import type { ColormapName } from './colormap';
import { deriveView } from './derive';
import { Scene } from './Scene';

/** The centre of the lab: the 3D scene for the selected run, with its view toolbar. */
export function LabView({
  onPick,
}: {
  onPick?: (point: THREE.Vector3, derived: ReturnType<typeof deriveView>) => void;
}) {
  const run = useLab(selectedRun);
  const view = useLab((s) => s.view);
  const derived = useMemo(() => (run ? deriveView(run, view) : null), [run, view]);
  const d = run?.problem.states.length ?? 0;
  const overlays: { value: Overlay; label: string }[] = [{ value: 'value', label: 'value' }];
  if (run?.result) {
    run.problem.controls.forEach((c, j) =>
      overlays.push({ value: `policy:${j}`, label: `policy ${c.label || c.name}` }),
    );
    overlays.push({ value: 'residual', label: 'HJB residual' });
    if (run.result.exact) overlays.push({ value: 'error', label: 'error vs exact' });
  }
  const colormap: ColormapName = derived?.color ? 'coolwarm' : view.colormap;

  return (
    <div className="lab-view">
      <div className="view-toolbar" role="toolbar" aria-label="View">
        {d >= 2 && (
          <select
            aria-label="Colour by"
            data-testid="overlay-select"
            value={view.overlay}
            onChange={(e) => setView({ overlay: e.target.value as Overlay })}
          >
            {overlays.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
        <select
          aria-label="Colormap"
          data-testid="colormap-select"
          value={view.colormap}
          onChange={(e) => setView({ colormap: e.target.value as ColormapName })}
        >
          <option value="viridis">viridis</option>
          <option value="magma">magma</option>
          <option value="coolwarm">coolwarm</option>
        </select>
        {(['iso', 'top', 'front'] as const).map((p) => (
          <button
            key={p}
            className={view.camera === p ? 'active' : ''}
            onClick={() => setView({ camera: p, cameraNonce: view.cameraNonce + 1 })}
            title={`Camera: ${p}`}
          >
            {p}
          </button>
        ))}
        <button
          onClick={() => setView({ camera: 'iso', cameraNonce: view.cameraNonce + 1 })}
          title="Reset the camera"
        >
          reset
        </button>
      </div>
      <div className="viewport" data-testid="viewport">
        <Scene
          data={derived?.surface ?? null}
          color={derived?.color ?? null}
          colormap={colormap}
          camera={view.camera}
          cameraNonce={view.cameraNonce}
          onPick={onPick && derived ? (p) => onPick(p, derived) : undefined}
        />
        {derived && <div className="view-note">{derived.note}</div>}
        {!run && <div className="view-empty muted">Run a solver to see the value function.</div>}
      </div>
    </div>
  );
}
