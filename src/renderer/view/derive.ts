/**
 * What the 3D view shows for a run: turns a result's display fields (the same for every
 * solver) into a height field and an optional colour field. Pure: no three.js, no React.
 * - 2-D state: V(x, y); the colour may show an overlay (policy, residual, error vs exact).
 * - 1-D state: finite horizon V(x, t) over (x, t); infinite horizon V_k(x) over
 *   (x, iteration k), so that convergence itself is a surface.
 * - 3-D and 4-D state on a full grid: a slice through two chosen axes at an index of the others.
 * - More states (network solvers): the display is itself a 2-D slice through two states,
 *   the others held at given values; the worker computes another when the user moves it.
 */
import type { DisplayFields } from '../../core/solvers/solver';
import type { Overlay, Run, ViewState } from '../state/types';
import type { SurfaceData } from './surface-data';

export interface ColorField {
  values: Float64Array;
  label: string;
  diverging: boolean;
}

export interface DerivedView {
  mode: 'surface-2d' | 'convergence-1d' | 'time-1d' | 'slice';
  surface: SurfaceData;
  color: ColorField | null;
  /** For slices: the fixed axis and its coordinate. */
  slice?: { axis: number; index: number; value: number; count: number };
  /** A display that is a 2-D slice through the states `axes`, the others at `at`. */
  sliceOf?: { axes: [number, number]; at: number[] | null };
  note: string;
}

function valueLabel(run: Run): string {
  return run.problem.objective === 'minimize' ? 'cost-to-go V' : 'value V';
}

function labelOf(run: Run, k: number): string {
  return run.problem.states[k]?.label || run.problem.states[k]?.name || `x${k}`;
}

/** Take the 2-D slice (axes a, b) of a row-major field with the other axes at `fixed`. */
export function sliceField(
  field: Float64Array,
  shape: readonly number[],
  a: number,
  b: number,
  fixed: readonly number[],
): Float64Array {
  const strides: number[] = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  let base = 0;
  for (let k = 0; k < shape.length; k++) if (k !== a && k !== b) base += fixed[k] * strides[k];
  const out = new Float64Array(shape[a] * shape[b]);
  for (let i = 0; i < shape[a]; i++)
    for (let j = 0; j < shape[b]; j++) out[i * shape[b] + j] = field[base + i * strides[a] + j * strides[b]];
  return out;
}

function overlayField(sol: DisplayFields, overlay: Overlay, run: Run): ColorField | null {
  if (overlay === 'value') return null;
  if (overlay === 'residual')
    return sol.residual ? { values: sol.residual, label: 'HJB residual', diverging: true } : null;
  if (overlay === 'error') {
    if (!sol.exact) return null;
    const e = new Float64Array(sol.value.length);
    for (let i = 0; i < e.length; i++) e[i] = sol.value[i] - sol.exact.value[i];
    return { values: e, label: 'V − V*', diverging: true };
  }
  // The difference with a compared run needs that run: LabView colours it (compare-diff.ts).
  if (overlay === 'difference') return null;
  const j = Number(overlay.slice('policy:'.length));
  const pol = sol.policy[j];
  if (!pol) return null;
  const c = run.problem.controls[j];
  return { values: pol, label: `policy ${c?.label || c?.name || j}`, diverging: true };
}

export function deriveView(run: Run, view: ViewState): DerivedView | null {
  const sol: DisplayFields | null = run.result?.result.display ?? null;
  const d = run.problem.states.length;
  const grid = sol?.grid ?? run.liveGrid;

  if (d === 1) {
    if (!grid) return null;
    const xs = grid.axes[0];
    const n = xs.length;
    if (run.problem.horizon !== null && sol?.values && sol.times) {
      const nt = sol.times.length;
      const z = new Float64Array(n * nt);
      for (let ti = 0; ti < nt; ti++) for (let i = 0; i < n; i++) z[i * nt + ti] = sol.values[ti * n + i];
      return {
        mode: 'time-1d',
        surface: { xs, ys: sol.times, z, labels: { x: labelOf(run, 0), y: 't', z: valueLabel(run) } },
        color: null,
        note: `V(${labelOf(run, 0)}, t) over ${nt} stored times`,
      };
    }
    const snaps = run.snapshots.filter((s) => s.length === n);
    if (snaps.length < 2) {
      // Too few iterates for a surface: show V twice so the curve is visible as a ribbon.
      const v = sol?.value ?? snaps[0];
      if (!v) return null;
      snaps.splice(0, snaps.length, v, v);
    }
    const K = snaps.length;
    const z = new Float64Array(n * K);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) z[i * K + k] = snaps[k][i];
    const ys = new Float64Array(K);
    for (let k = 0; k < K; k++) ys[k] = k + 1;
    return {
      mode: 'convergence-1d',
      surface: { xs, ys, z, labels: { x: labelOf(run, 0), y: 'iteration k', z: valueLabel(run) } },
      color: null,
      note: `V_k(${labelOf(run, 0)}) over ${K} iterates`,
    };
  }

  const value = run.status === 'running' && run.snapshot ? run.snapshot : (sol?.value ?? null);
  if (!grid || !value) return null;
  const color = sol && run.status !== 'running' ? overlayField(sol, view.overlay, run) : null;
  if (d > 2 && grid.shape.length === 2) {
    // Live snapshots of such runs come on the display's slice too (through the first two
    // states until the result says otherwise).
    const [a, b] = sol?.slice?.axes ?? [0, 1];
    const at = sol?.slice?.at ?? null;
    const others = at
      ? run.problem.states
          .map((_, k) => k)
          .filter((k) => k !== a && k !== b)
          .map((k) => `${labelOf(run, k)} = ${Number(at[k].toPrecision(3))}`)
      : [];
    return {
      mode: 'surface-2d',
      surface: {
        xs: grid.axes[0],
        ys: grid.axes[1],
        z: value,
        labels: { x: labelOf(run, a), y: labelOf(run, b), z: valueLabel(run) },
      },
      color,
      sliceOf: { axes: [a, b], at },
      note: `${color ? `${valueLabel(run)} coloured by ${color.label}` : valueLabel(run)} on the slice through ${labelOf(run, a)}, ${labelOf(run, b)}${others.length > 0 ? ` at ${others.join(', ')}` : ''}`,
    };
  }
  if (d === 2) {
    return {
      mode: 'surface-2d',
      surface: {
        xs: grid.axes[0],
        ys: grid.axes[1],
        z: value,
        labels: { x: labelOf(run, 0), y: labelOf(run, 1), z: valueLabel(run) },
      },
      color,
      note: color ? `${valueLabel(run)} coloured by ${color.label}` : valueLabel(run),
    };
  }
  const [a, b] = view.axes[0] !== view.axes[1] && view.axes.every((k) => k < d) ? view.axes : [0, 1];
  const third = [...Array(d).keys()].find((k) => k !== a && k !== b) ?? 2;
  const count = grid.shape[third];
  const index = view.sliceIndex >= 0 && view.sliceIndex < count ? view.sliceIndex : Math.floor(count / 2);
  const fixed = grid.shape.map((nk) => Math.floor(nk / 2));
  fixed[third] = index;
  const shape = grid.shape;
  return {
    mode: 'slice',
    surface: {
      xs: grid.axes[a],
      ys: grid.axes[b],
      z: sliceField(value, shape, a, b, fixed),
      labels: { x: labelOf(run, a), y: labelOf(run, b), z: valueLabel(run) },
    },
    color: color ? { ...color, values: sliceField(color.values, shape, a, b, fixed) } : null,
    slice: { axis: third, index, value: grid.axes[third][index], count },
    note: `slice at ${labelOf(run, third)} = ${grid.axes[third][index].toPrecision(3)}`,
  };
}
