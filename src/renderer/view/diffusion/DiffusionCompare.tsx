/**
 * Exact | solution | error, side by side over the viewport (2-D runs): three flat maps from
 * compare-maps.ts drawn on 2-D canvases (no extra WebGL context: creating one costs most of
 * a second), each with its colour range; the controls' arrows and particles on the first two.
 */
import { useEffect, useRef } from 'react';
import { colormapCss, colormapTable } from '../colormap';
import { formatTick } from '../ColorBar';
import type { CompareMaps, ComparePanel } from './compare-maps';
import { panelPixels } from './compare-maps';

/** Arrows per axis: dense enough to read the flow, sparse enough to see the colour. */
const ARROWS = 16;

function drawPanel(canvas: HTMLCanvasElement, maps: CompareMaps, panel: ComparePanel): void {
  const { xs, ys } = maps;
  const nx = xs.length;
  const ny = ys.length;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const g = canvas.getContext('2d');
  if (!g) return;
  const img = document.createElement('canvas');
  img.width = nx;
  img.height = ny;
  img
    .getContext('2d')
    ?.putImageData(new ImageData(panelPixels(panel, nx, ny, colormapTable(panel.colormap)), nx, ny), 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(img, 0, 0, w, h);
  const x0 = xs[0];
  const y0 = ys[0];
  const sx = w / (xs[nx - 1] - x0);
  const sy = h / (ys[ny - 1] - y0);
  const px = (x: number) => (x - x0) * sx;
  const py = (y: number) => h - (y - y0) * sy;
  if (panel.arrows) {
    const { fx, fy } = panel.arrows;
    // The longest arrow spans one lattice cell; the shared scale keeps the panels comparable.
    const cell = Math.min(w, h) / ARROWS;
    const len = panel.max > 0 ? (0.9 * cell) / panel.max : 0;
    const longest = 1.5 * cell;
    g.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    g.lineWidth = Math.max(1, dpr);
    g.beginPath();
    for (let a = 0; a < ARROWS; a++)
      for (let b = 0; b < ARROWS; b++) {
        const i = Math.round(((a + 0.5) / ARROWS) * (nx - 1));
        const j = Math.round(((b + 0.5) / ARROWS) * (ny - 1));
        // Arrows past the colour scale's top are shortened to 1.5 cells (their colour says more).
        const m = Math.hypot(fx[i * ny + j], fy[i * ny + j]) * len;
        const k = m > longest ? longest / m : 1;
        const u = fx[i * ny + j] * len * k;
        const v = -fy[i * ny + j] * len * k;
        if (!Number.isFinite(u) || !Number.isFinite(v) || Math.hypot(u, v) < 1) continue;
        const bx = px(xs[i]);
        const by = py(ys[j]);
        const ex = bx + u;
        const ey = by + v;
        const ang = Math.atan2(v, u);
        const head = Math.min(0.35 * Math.hypot(u, v), 6 * dpr);
        g.moveTo(bx, by);
        g.lineTo(ex, ey);
        g.moveTo(ex - head * Math.cos(ang - 0.5), ey - head * Math.sin(ang - 0.5));
        g.lineTo(ex, ey);
        g.lineTo(ex - head * Math.cos(ang + 0.5), ey - head * Math.sin(ang + 0.5));
      }
    g.stroke();
  }
  if (panel.particles) {
    const [p1, p2] = panel.particles;
    const r = 1.2 * dpr;
    g.fillStyle = 'rgba(255, 92, 92, 0.8)';
    for (let q = 0; q < p1.length; q++) g.fillRect(px(p1[q]) - r, py(p2[q]) - r, 2 * r, 2 * r);
  }
}

function Panel({ maps, panel, index }: { maps: CompareMaps; panel: ComparePanel; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    drawPanel(canvas, maps, panel);
    const obs = new ResizeObserver(() => drawPanel(canvas, maps, panel));
    obs.observe(canvas);
    return () => obs.disconnect();
  }, [maps, panel]);
  const span = panel.max - panel.min;
  const { xs, ys } = maps;
  const aspect = (xs[xs.length - 1] - xs[0]) / (ys[ys.length - 1] - ys[0]);
  return (
    <figure className="diffusion-compare-panel" data-testid={`diffusion-compare-${index}`}>
      <figcaption>{panel.title}</figcaption>
      <canvas ref={ref} style={{ aspectRatio: String(aspect) }} />
      <div className="diffusion-compare-scale small">
        <span>{formatTick(panel.min, span)}</span>
        <span
          className="diffusion-compare-bar"
          style={{ background: colormapCss(panel.colormap).replace('to top', 'to right') }}
        />
        <span>
          ≥ <span data-testid={`diffusion-compare-max-${index}`}>{formatTick(panel.max, span)}</span>
        </span>
      </div>
    </figure>
  );
}

export function DiffusionCompare({ maps }: { maps: CompareMaps }) {
  return (
    <div className="diffusion-compare" data-testid="diffusion-compare">
      {maps.panels.map((p, i) => (
        <Panel key={i} maps={maps} panel={p} index={i} />
      ))}
      <div className="diffusion-compare-note muted small">
        t = {maps.t.toFixed(3)}: colour |u| on one scale for both controls, arrows u, dots the samplers&apos;
        particles; the error on its own scale; each scale tops at the 95th percentile of its map
      </div>
    </div>
  );
}
