import { useEffect, useState } from 'react';
import type { Layer } from './layers/frame';

/**
 * A layer built in a task of its own after its inputs change; the previous layer stays
 * until then. The axes (a text sprite per label), contours and the vector field come with
 * a solve's result, in the same task as the result's surface and charts: on the 301²
 * pendulum the contours were 15–27 ms of that task's CPU, and the axes' labels were most of
 * the first result's 110 ms task at load (traced, load 5–9). A builder may also answer
 * later (the contours' segments come from the geometry worker); a layer that arrives after
 * its inputs have changed again is disposed unseen.
 */
export function useDeferredLayer(
  build: () => Layer | null | Promise<Layer | null>,
  deps: readonly unknown[],
): Layer | null {
  const [layer, setLayer] = useState<Layer | null>(null);
  useEffect(() => {
    let current = true;
    const t = setTimeout(() => {
      Promise.resolve(build()).then(
        (next) => {
          if (current) setLayer(next);
          else next?.dispose();
        },
        (err: unknown) => console.error('layer:', err),
      );
    }, 0);
    return () => {
      current = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the builder's inputs
  }, deps);
  useEffect(() => () => layer?.dispose(), [layer]);
  return layer;
}
