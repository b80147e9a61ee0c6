/**
 * Browser-side export: saving a Blob, and a PNG of the WebGL view at a multiple of its
 * on-screen resolution.
 */
// Types only: three.js stays out of the page's first script (it loads with the view).
import type { Camera, Object3D, WebGLRenderer } from 'three';

/** Save a Blob under a file name through a temporary object URL (works in Electron and browsers). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
 * raised, one frame rendered, and the canvas snapshotted (toBlob, or convertToBlob for the
 * 3-D view's OffscreenCanvas in its worker) before anything else can draw: both copy the
 * bitmap when called and encode later. Then the ratio is restored and the view re-rendered,
 * so the on-screen canvas is unchanged.
 */
export function canvasToPngBlob(
  gl: WebGLRenderer,
  scene: Object3D,
  camera: Camera,
  /** The canvas's CSS size, which is what the renderer's size is set to. */
  size: { x: number; y: number },
  scale = 2,
): Promise<Blob> {
  const canvas = gl.domElement as HTMLCanvasElement | OffscreenCanvas;
  const previous = gl.getPixelRatio();
  const ctx = gl.getContext();
  const maxRenderbuffer = Number(ctx.getParameter(ctx.MAX_RENDERBUFFER_SIZE)) || 4096;
  const dims = ctx.getParameter(ctx.MAX_VIEWPORT_DIMS) as Int32Array | null;
  const maxSize = Math.min(maxRenderbuffer, dims ? Math.min(dims[0], dims[1]) : maxRenderbuffer);
  return new Promise<Blob>((resolve, reject) => {
    try {
      gl.setPixelRatio(exportPixelRatio(size.x, size.y, previous, scale, maxSize));
      gl.render(scene, camera);
      if (canvas instanceof OffscreenCanvas) {
        canvas.convertToBlob({ type: 'image/png' }).then(resolve, reject);
      } else {
        canvas.toBlob(
          (blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))),
          'image/png',
        );
      }
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    } finally {
      gl.setPixelRatio(previous);
      gl.render(scene, camera);
    }
  });
}
