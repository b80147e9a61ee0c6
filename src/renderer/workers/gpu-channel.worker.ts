/**
 * Opens a WebGL 2 context once and says whether it got one (view/gpu-channel.ts explains
 * why this runs in a worker). The context is dropped with the worker.
 */
const canvas = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1);
postMessage(canvas?.getContext('webgl2') != null);
