/**
 * Perceptual colormaps as 256-entry RGB lookup tables (bytes, and 0…1 floats), built once from
 * d3-scale-chromatic. Surfaces colour millions of vertices: a table lookup per vertex.
 */
import { interpolateMagma, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type ColormapName = 'viridis' | 'magma' | 'coolwarm';

const interpolators: Record<ColormapName, (t: number) => string> = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  // Diverging map for signed overlays (policy, error): blue for low, red for high.
  coolwarm: (t) => interpolateRdBu(1 - t),
};

const SIZE = 256;

/** d3's interpolators return '#rrggbb' or 'rgb(r, g, b)'. */
export function parseCssColor(css: string): [number, number, number] {
  if (css.startsWith('#') && css.length === 7) {
    return [parseInt(css.slice(1, 3), 16), parseInt(css.slice(3, 5), 16), parseInt(css.slice(5, 7), 16)];
  }
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(css);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

const tables = new Map<ColormapName, Uint8Array>();

/** The colormap's 256 entries as RGB bytes (the sRGB bytes d3 gives). */
export function colormapBytes(name: ColormapName): Uint8Array {
  let table = tables.get(name);
  if (!table) {
    table = new Uint8Array(SIZE * 3);
    for (let i = 0; i < SIZE; i++) table.set(parseCssColor(interpolators[name](i / (SIZE - 1))), 3 * i);
    tables.set(name, table);
  }
  return table;
}

const floatTables = new Map<ColormapName, Float32Array>();

/** The same entries as 0…1 floats, for vertex colours kept as floats. */
export function colormapTable(name: ColormapName): Float32Array {
  let table = floatTables.get(name);
  if (!table) {
    table = Float32Array.from(colormapBytes(name), (b) => b / 255);
    floatTables.set(name, table);
  }
  return table;
}

/** Mid grey, for values that are not numbers. */
const NAN_BYTE = 128;

/**
 * Write RGB bytes for normalized values t ∈ [0, 1] (clamped; NaN → grey) into `out` (3 per
 * value). Bytes, not floats: the table holds bytes, so nothing is lost, and a surface's
 * colours upload a quarter of the data at every snapshot (docs/architecture.md §7).
 */
export function applyColormap(name: ColormapName, t: ArrayLike<number>, out: Uint8Array): void {
  const table = colormapBytes(name);
  for (let k = 0; k < t.length; k++) {
    const v = t[k];
    if (!(v === v)) {
      out[3 * k] = out[3 * k + 1] = out[3 * k + 2] = NAN_BYTE;
      continue;
    }
    const i = Math.round(Math.min(1, Math.max(0, v)) * (SIZE - 1)) * 3;
    out[3 * k] = table[i];
    out[3 * k + 1] = table[i + 1];
    out[3 * k + 2] = table[i + 2];
  }
}

/** CSS gradient of a colormap, for the colour bar. */
export function colormapCss(name: ColormapName, stops = 16): string {
  const parts: string[] = [];
  for (let i = 0; i < stops; i++) parts.push(interpolators[name](i / (stops - 1)));
  return `linear-gradient(to top, ${parts.join(', ')})`;
}
