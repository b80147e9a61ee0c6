/**
 * Colormaps as 256-entry RGB tables, and the per-vertex lookup (clamped, NaN grey).
 */
import { describe, expect, it } from 'vitest';
import {
  applyColormap,
  colormapBytes,
  colormapCss,
  colormapTable,
  parseCssColor,
} from '../../../src/renderer/view/colormap';

const rgb = (hex: string): [number, number, number] => [
  parseInt(hex.slice(1, 3), 16) / 255,
  parseInt(hex.slice(3, 5), 16) / 255,
  parseInt(hex.slice(5, 7), 16) / 255,
];

function expectColor(
  got: ArrayLike<number>,
  offset: number,
  want: [number, number, number],
  tol = 1.5 / 255,
): void {
  for (let c = 0; c < 3; c++) expect(Math.abs(got[offset + c] - want[c])).toBeLessThanOrEqual(tol);
}

describe('parseCssColor', () => {
  it("reads '#rrggbb' and 'rgb(r, g, b)'", () => {
    expect(parseCssColor('#440154')).toEqual([0x44, 0x01, 0x54]);
    expect(parseCssColor('#FDE725')).toEqual([253, 231, 37]);
    expect(parseCssColor('rgb(12, 34, 255)')).toEqual([12, 34, 255]);
    expect(parseCssColor('rgb(0,0,0)')).toEqual([0, 0, 0]);
  });

  it('anything else is black', () => {
    expect(parseCssColor('red')).toEqual([0, 0, 0]);
    expect(parseCssColor('#fff')).toEqual([0, 0, 0]);
    expect(parseCssColor('')).toEqual([0, 0, 0]);
  });
});

describe('colormapTable', () => {
  it('256 RGB entries in [0, 1], built once per map', () => {
    for (const name of ['viridis', 'magma', 'coolwarm'] as const) {
      const t = colormapTable(name);
      expect(t.length).toBe(256 * 3);
      expect(t.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(colormapTable(name)).toBe(t);
      // The float table is the byte table over 255 (surfaces use the bytes, layers the floats).
      const bytes = colormapBytes(name);
      expect(colormapBytes(name)).toBe(bytes);
      expect(Array.from(t)).toEqual(Array.from(bytes, (b) => Math.fround(b / 255)));
    }
  });

  it('viridis runs from #440154 to #fde725', () => {
    const t = colormapTable('viridis');
    expectColor(t, 0, rgb('#440154'), 3 / 255);
    expectColor(t, 255 * 3, rgb('#fde725'), 3 / 255);
  });

  it('magma runs from near black to a pale yellow', () => {
    const t = colormapTable('magma');
    expectColor(t, 0, rgb('#000004'), 3 / 255);
    expectColor(t, 255 * 3, rgb('#fcfdbf'), 3 / 255);
  });

  it('coolwarm is blue for low, near white in the middle, red for high', () => {
    // RdBu reversed: from RdBu's dark blue #053061 to its dark red #67001f
    const t = colormapTable('coolwarm');
    expectColor(t, 0, rgb('#053061'), 3 / 255);
    expectColor(t, 255 * 3, rgb('#67001f'), 3 / 255);
    expect(t[2]).toBeGreaterThan(t[0] + 0.3);
    expect(t[765]).toBeGreaterThan(t[767] + 0.2);
    for (const c of [0, 1, 2]) expect(t[127 * 3 + c]).toBeGreaterThan(0.85);
  });
});

describe('applyColormap', () => {
  it('t = 0 and t = 1 are the table ends; t = 0.5 rounds to entry 128', () => {
    const t = colormapBytes('viridis');
    const out = new Uint8Array(9);
    applyColormap('viridis', [0, 1, 0.5], out);
    expect(Array.from(out.slice(0, 3))).toEqual(Array.from(t.slice(0, 3)));
    expect(Array.from(out.slice(3, 6))).toEqual(Array.from(t.slice(765, 768)));
    expect(Array.from(out.slice(6, 9))).toEqual(Array.from(t.slice(384, 387)));
  });

  it('clamps values outside [0, 1] (±Infinity included)', () => {
    const t = colormapBytes('magma');
    const out = new Uint8Array(12);
    applyColormap('magma', Float64Array.from([-5, 7, -Infinity, Infinity]), out);
    expect(Array.from(out.slice(0, 3))).toEqual(Array.from(t.slice(0, 3)));
    expect(Array.from(out.slice(3, 6))).toEqual(Array.from(t.slice(765, 768)));
    expect(Array.from(out.slice(6, 9))).toEqual(Array.from(t.slice(0, 3)));
    expect(Array.from(out.slice(9, 12))).toEqual(Array.from(t.slice(765, 768)));
  });

  it('NaN is mid grey; neighbours are unaffected', () => {
    const t = colormapBytes('viridis');
    const out = new Uint8Array(9).fill(255);
    applyColormap('viridis', [1, NaN, 0], out);
    expect(Array.from(out.slice(3, 6))).toEqual([128, 128, 128]);
    expect(Array.from(out.slice(0, 3))).toEqual(Array.from(t.slice(765, 768)));
    expect(Array.from(out.slice(6, 9))).toEqual(Array.from(t.slice(0, 3)));
  });

  it('monotone t walks the table in order (viridis gets brighter)', () => {
    const n = 64;
    const out = new Uint8Array(3 * n);
    applyColormap(
      'viridis',
      Array.from({ length: n }, (_, k) => k / (n - 1)),
      out,
    );
    const luma = (k: number) => 0.2126 * out[3 * k] + 0.7152 * out[3 * k + 1] + 0.0722 * out[3 * k + 2];
    for (let k = 1; k < n; k++) expect(luma(k)).toBeGreaterThan(luma(k - 1));
  });

  it('writes only 3 entries per value', () => {
    const out = new Uint8Array(9).fill(255);
    applyColormap('viridis', [0.2, 0.4], out);
    expect(Array.from(out.slice(6))).toEqual([255, 255, 255]);
  });
});

describe('colormapCss', () => {
  it('a bottom-to-top gradient through the given number of stops', () => {
    const css = colormapCss('viridis', 3);
    expect(css.startsWith('linear-gradient(to top, ')).toBe(true);
    const stops = css.slice('linear-gradient(to top, '.length, -1).split(/,\s*(?![^(]*\))/);
    expect(stops).toHaveLength(3);
    expectColor(
      parseCssColor(stops[0]).map((v) => v / 255),
      0,
      rgb('#440154'),
      3 / 255,
    );
    expectColor(
      parseCssColor(stops[2]).map((v) => v / 255),
      0,
      rgb('#fde725'),
      3 / 255,
    );
  });
});
