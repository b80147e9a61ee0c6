/**
 * Thin React wrapper: mounts a built layer's object in the r3f scene, disposes it when it is
 * replaced or unmounted, and asks for a frame (the canvas renders on demand).
 *
 *   const contours = useMemo(() => buildContours(data, { levels: 12 }), [data]);
 *   <LayerObject layer={contours} />
 */
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { Layer } from './frame';

export function LayerObject({ layer }: { layer: Layer | null }) {
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    invalidate();
    return () => layer?.dispose();
  }, [layer, invalidate]);
  return layer ? <primitive object={layer.object} /> : null;
}
