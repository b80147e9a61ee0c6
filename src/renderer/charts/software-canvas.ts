/**
 * Charts draw on software 2-D canvases. A GPU-accelerated 2-D canvas must wait for the GPU
 * whenever it has too many frames in flight, and with software GL (SwiftShader) the GPU is
 * busy rasterising the 3-D view: in a trace of the 301² pendulum solve, finishing a chart's
 * frame waited 0.8–1.8 s on the UI thread ("GPU backpressure", CanvasRenderingContext2D::
 * FinalizeFrame). A canvas created with `willReadFrequently` is drawn by the CPU and never
 * waits for the GPU; a line chart of a few thousand points costs it nothing measurable.
 */

type GetContext = (this: HTMLCanvasElement, type: string, attributes?: object) => RenderingContext | null;

/**
 * Runs `build` (which creates canvases itself, as uPlot's constructor does) with each 2-D
 * context it asks for created with `willReadFrequently: true`; other contexts and code
 * outside `build` are untouched.
 */
export function withSoftwareCanvas<T>(build: () => T): T {
  const proto = HTMLCanvasElement.prototype as unknown as { getContext: GetContext };
  const original = proto.getContext;
  proto.getContext = function (this: HTMLCanvasElement, type: string, attributes?: object) {
    return original.call(
      this,
      type,
      type === '2d' ? { ...attributes, willReadFrequently: true } : attributes,
    );
  };
  try {
    return build();
  } finally {
    proto.getContext = original;
  }
}

/**
 * Draws once on a small software 2-D canvas, as the page starts. The page's first draw on a
 * 2-D canvas waits for the GPU process (Chromium sets up what canvases share with it), and a
 * chart is first drawn when the first result arrives, while the GPU process is busy with the
 * 3-D view's warm-up: that first clearRect took 11–375 ms, in a task of up to 390 ms (twelve
 * loads at 1280×800, headless, software GL). Done as the page starts it took 5–110 ms and
 * the chart's first draw then 12–58 ms (twelve loads).
 */
export function prepareCanvas2d(): void {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  canvas.getContext('2d', { willReadFrequently: true })?.clearRect(0, 0, 1, 1);
}
