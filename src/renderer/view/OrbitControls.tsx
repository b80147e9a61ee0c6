import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { OrbitControls as ThreeOrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/** Orbit controls bound to the r3f camera (without drei: one small component). */
export function OrbitControls({ target = [0, 0.4, 0] as [number, number, number] }) {
  const camera = useThree((s) => s.camera);
  const domElement = useThree((s) => s.gl.domElement);
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
