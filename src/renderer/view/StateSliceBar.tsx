import { useState } from 'react';
import { moveSlice } from '../state/slice-session';
import type { Run } from '../state/types';
import { ToolbarSelect } from './ToolbarControls';

interface Props {
  run: Run;
  axes: [number, number];
  at: number[];
}

/** Slider steps across a state's range. */
const STEPS = 100;

/**
 * The slice of a display through more states than a surface shows: which two states span
 * the surface, and a slider for each of the others. Moves go to the worker (slice-session);
 * the surface follows when the new slice arrives. Mount it with `key={run.id}`.
 */
export function StateSliceBar({ run, axes, at }: Props) {
  const [local, setLocal] = useState<{ axes: [number, number]; at: number[] }>({ axes, at });
  const states = run.problem.states;
  const label = (k: number) => states[k]?.label || states[k]?.name || `x${k}`;
  const move = (nextAxes: [number, number], nextAt: number[]) => {
    setLocal({ axes: nextAxes, at: nextAt });
    if (nextAxes[0] !== nextAxes[1]) moveSlice(run.id, { axes: nextAxes, at: nextAt });
  };
  return (
    <div className="view-toolbar secondary" role="toolbar" aria-label="Slice" data-testid="state-slice">
      {[0, 1].map((slot) => (
        <ToolbarSelect
          key={slot}
          label={slot === 0 ? 'Surface x axis' : 'Surface y axis'}
          testId={`slice-axis-${slot}`}
          value={local.axes[slot]}
          options={states.map((_, k) => ({ value: k, label: label(k) }))}
          onChange={(k) => {
            const next: [number, number] = [...local.axes];
            next[slot] = k;
            // Choosing the other slot's state swaps the two.
            if (next[0] === next[1]) next[1 - slot] = local.axes[slot];
            move(next, local.at);
          }}
        />
      ))}
      {states.map((s, k) =>
        k === local.axes[0] || k === local.axes[1] ? null : (
          <label key={k} className="toggle" title={`The slice's ${label(k)}`}>
            {label(k)} = {Number(local.at[k].toPrecision(3))}
            <input
              type="range"
              data-testid={`slice-at-${k}`}
              min={s.min}
              max={s.max}
              step={(s.max - s.min) / STEPS}
              value={local.at[k]}
              onChange={(e) => {
                const nextAt = [...local.at];
                nextAt[k] = Number(e.target.value);
                move(local.axes, nextAt);
              }}
            />
          </label>
        ),
      )}
    </div>
  );
}
