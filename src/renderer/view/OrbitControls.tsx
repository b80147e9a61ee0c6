import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { OrbitControls as ThreeOrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/**
 * Orbit controls bound to the r3f camera (without drei: one small component). `element`
 * takes the input: in the view's worker, the stand-in for the page's canvas
 * (bridge/pointer-bridge.ts).
 */
export function OrbitControls({
  target = [0, 0.4, 0] as [number, number, number],
  element,
}: {
  target?: [number, number, number];
  element: HTMLElement;
}) {
  const camera = useThree((s) => s.camera);
  const domElement = element;
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const controls = new ThreeOrbitControls(camera, domElement);
    controls.target.set(...target);
    controls.enableDamping = false;
    controls.update();
    const onChange = () => invalidate();
    controls.addEventListener('change', onChange);
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
    };
  }, [camera, domElement, invalidate, target]);
  return null;
}
