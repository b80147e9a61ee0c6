/**
 * Contour segments of a height field by marching squares: pure code over typed arrays, so
 * that the geometry worker can run it (contours.ts turns the segments into lines).
 */
import { ticks } from 'd3-array';
import { finiteRange, type SurfaceData } from '../surface-data';

/** Segment endpoints of every contour, in data coordinates: [x0, y0, x1, y1] per segment, with its level. */
export interface ContourSegments {
  levels: number[];
  /** 4 numbers per segment. */
  xy: Float64Array;
  /** The index into `levels` of each segment. */
  level: Uint16Array;
}

/**
 * Levels for a requested count: d3's "nice" ticks strictly inside the finite range (the same
 * rule d3-contour applies to a numeric threshold count), or the given levels, ascending.
 */
export function contourLevels(z: ArrayLike<number>, levels: number | readonly number[]): number[] {
  if (typeof levels !== 'number') return Array.from(levels).sort((a, b) => a - b);
  const { min, max } = finiteRange(z);
  return ticks(min, max, levels).filter((v) => v > min && v < max);
}

/**
 * Marching squares over the grid cells, straight into segments. d3-contour computes the same
 * crossings but stitches them into GeoJSON rings of point arrays, which takes 25–200 ms on a
 * 201² grid with a dozen levels; line segments need no stitching, and this runs in a few ms.
 * A corner counts as inside when z ≥ level (d3's rule); a saddle cell is resolved by the
 * mean of its corners; a cell with a non-finite corner has no segments. Crossings are
 * interpolated linearly along the cell edge, on the actual (possibly non-uniform) axes.
 */
export function contourSegments(data: SurfaceData, levels: number | readonly number[] = 10): ContourSegments {
  const { xs, ys, z } = data;
  const nx = xs.length;
  const ny = ys.length;
  const wanted = contourLevels(z, levels);
  let cap = 1024;
  let xy = new Float64Array(cap * 4);
  let lv = new Uint16Array(cap);
  let count = 0;
  const used: number[] = [];
  // Crossing points of the current cell's edges: 0 bottom (i, j)–(i+1, j), 1 right (i+1, j)–(i+1, j+1),
  // 2 top (i, j+1)–(i+1, j+1), 3 left (i, j)–(i, j+1).
  const px = new Float64Array(4);
  const py = new Float64Array(4);
  const push = (a: number, b: number, l: number) => {
    if (count === cap) {
      cap *= 2;
      const nxy = new Float64Array(cap * 4);
      nxy.set(xy);
      xy = nxy;
      const nlv = new Uint16Array(cap);
      nlv.set(lv);
      lv = nlv;
    }
    xy[4 * count] = px[a];
    xy[4 * count + 1] = py[a];
    xy[4 * count + 2] = px[b];
    xy[4 * count + 3] = py[b];
    lv[count++] = l;
  };
  const L = wanted.length;
  // Cells outer, levels inner: each cell is read once, and only the levels between its lowest
  // and highest corner (usually none or one) cost anything.
  for (let i = 0; i < nx - 1; i++) {
    for (let j = 0; j < ny - 1; j++) {
      const k = i * ny + j;
      const v0 = z[k]; // (i, j)
      const v1 = z[k + ny]; // (i + 1, j)
      const v2 = z[k + ny + 1]; // (i + 1, j + 1)
      const v3 = z[k + 1]; // (i, j + 1)
      if (!Number.isFinite(v0 + v1 + v2 + v3)) continue;
      const lo = Math.min(v0, v1, v2, v3);
      const hi = Math.max(v0, v1, v2, v3);
      if (L === 0 || lo >= wanted[L - 1] || hi < wanted[0]) continue;
      // First level above the lowest corner (binary search; levels ascend).
      let a = 0;
      let b = L;
      while (a < b) {
        const m = (a + b) >> 1;
        if (wanted[m] > lo) b = m;
        else a = m + 1;
      }
      for (let li = a; li < L && wanted[li] <= hi; li++) {
        const level = wanted[li];
        const c =
          (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
        if (c === 0 || c === 15) continue;
        if ((c & 1) !== (c & 2) >> 1) {
          px[0] = xs[i] + ((level - v0) / (v1 - v0)) * (xs[i + 1] - xs[i]);
          py[0] = ys[j];
        }
        if ((c & 2) >> 1 !== (c & 4) >> 2) {
          px[1] = xs[i + 1];
          py[1] = ys[j] + ((level - v1) / (v2 - v1)) * (ys[j + 1] - ys[j]);
        }
        if ((c & 8) >> 3 !== (c & 4) >> 2) {
          px[2] = xs[i] + ((level - v3) / (v2 - v3)) * (xs[i + 1] - xs[i]);
          py[2] = ys[j + 1];
        }
        if ((c & 1) !== (c & 8) >> 3) {
          px[3] = xs[i];
          py[3] = ys[j] + ((level - v0) / (v3 - v0)) * (ys[j + 1] - ys[j]);
        }
        switch (c) {
          case 1:
          case 14:
            push(3, 0, li);
            break;
          case 2:
          case 13:
            push(0, 1, li);
            break;
          case 3:
          case 12:
            push(3, 1, li);
            break;
          case 4:
          case 11:
            push(1, 2, li);
            break;
          case 6:
          case 9:
            push(0, 2, li);
            break;
          case 7:
          case 8:
            push(3, 2, li);
            break;
          case 5:
          case 10: {
            // Saddle: opposite corners inside. If the centre is inside too, the inside corners connect.
            const centreIn = (v0 + v1 + v2 + v3) / 4 >= level;
            if ((c === 5) === centreIn) {
              push(3, 2, li);
              push(0, 1, li);
            } else {
              push(3, 0, li);
              push(1, 2, li);
            }
            break;
          }
        }
      }
    }
  }
  // Report only the levels that produced lines, and renumber the segments' level indices.
  const hit = new Uint8Array(L);
  for (let q = 0; q < count; q++) hit[lv[q]] = 1;
  const remap = new Uint16Array(L);
  for (let l = 0; l < L; l++) {
    remap[l] = used.length;
    if (hit[l]) used.push(wanted[l]);
  }
  for (let q = 0; q < count; q++) lv[q] = remap[lv[q]];
  return { levels: used, xy: xy.slice(0, 4 * count), level: lv.slice(0, count) };
}
