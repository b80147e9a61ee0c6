/**
 * The slice toolbar of a 3-D or larger state: which two states the surface spans, the
 * slice through the remaining one, and isosurfaces for exactly three states.
 */
import { setView, useLab } from '../state/store';
import type { Run } from '../state/types';
import type { DerivedView } from './derive';
import { ToolbarSelect, ToolbarToggle } from './ToolbarControls';

export function SliceToolbar({ run, derived }: { run: Run; derived: DerivedView | null }) {
  const view = useLab((s) => s.view);
  const d = run.problem.states.length;
  return (
    <div className="view-toolbar secondary" role="toolbar" aria-label="Slice">
      {[0, 1].map((slot) => (
        <ToolbarSelect
          key={slot}
          label={slot === 0 ? 'Surface x axis' : 'Surface y axis'}
          value={view.axes[slot]}
          options={run.problem.states.map((s, k) => ({ value: k, label: s.label || s.name }))}
          onChange={(k) => {
            const next: [number, number] = [...view.axes];
            next[slot] = k;
            setView({ axes: next, sliceIndex: -1 });
          }}
        />
      ))}
      {derived?.slice && (
        <label className="toggle" title="Slice through the remaining state">
          {run.problem.states[derived.slice.axis]?.label} = {derived.slice.value.toPrecision(3)}
          <input
            type="range"
            data-testid="slice-slider"
            min={0}
            max={derived.slice.count - 1}
            value={derived.slice.index}
            onChange={(e) => setView({ sliceIndex: Number(e.target.value) })}
          />
        </label>
      )}
      {d === 3 && (
        <ToolbarToggle checked={view.isosurface} onChange={(isosurface) => setView({ isosurface })}>
          isosurfaces
        </ToolbarToggle>
      )}
    </div>
  );
}
