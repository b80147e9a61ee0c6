/**
 * PNG of the 3-D view at a multiple of its on-screen resolution, drawn in the view's worker
 * on its OffscreenCanvas (docs/architecture.md §7).
 */
import type { Camera, Object3D, WebGLRenderer } from 'three';

/**
 * The pixel ratio for an export at `scale` × the current resolution, reduced if the drawing
 * buffer would exceed what the GPU allows (a 4K window at ×2 can).
 */
export function exportPixelRatio(
  cssWidth: number,
  cssHeight: number,
  current: number,
  scale: number,
  maxSize: number,
): number {
  const wanted = current * scale;
  const limit = maxSize / Math.max(1, cssWidth, cssHeight);
  return Math.max(1e-3, Math.min(wanted, limit));
}

/**
 * Render the scene at `scale` × the screen resolution and encode it as PNG. The pixel ratio is
 * raised, one frame rendered, and the canvas snapshotted (convertToBlob copies the bitmap when
 * called and encodes later) before anything else can draw. Then the ratio is restored and the
 * view re-rendered, so the on-screen picture is unchanged.
 */
export function canvasToPngBlob(
  gl: WebGLRenderer,
  scene: Object3D,
  camera: Camera,
  /** The canvas's CSS size, which is what the renderer's size is set to. */
  size: { x: number; y: number },
  scale = 2,
): Promise<Blob> {
  const canvas = gl.domElement as unknown as OffscreenCanvas;
  const previous = gl.getPixelRatio();
  const ctx = gl.getContext();
  const maxRenderbuffer = Number(ctx.getParameter(ctx.MAX_RENDERBUFFER_SIZE)) || 4096;
  const dims = ctx.getParameter(ctx.MAX_VIEWPORT_DIMS) as Int32Array | null;
  const maxSize = Math.min(maxRenderbuffer, dims ? Math.min(dims[0], dims[1]) : maxRenderbuffer);
  try {
    gl.setPixelRatio(exportPixelRatio(size.x, size.y, previous, scale, maxSize));
    gl.render(scene, camera);
    return canvas.convertToBlob({ type: 'image/png' });
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  } finally {
    gl.setPixelRatio(previous);
    gl.render(scene, camera);
  }
}
