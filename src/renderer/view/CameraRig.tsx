import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';

export type CameraPreset = 'iso' | 'top' | 'front';

const PRESETS: Record<CameraPreset, [number, number, number]> = {
  iso: [3.1, 2.5, 3.4],
  top: [0, 4.6, 0.001],
  front: [0, 0.7, 4.4],
};

export const CAMERA_TARGET: [number, number, number] = [0, 0.4, 0];

/** Moves the camera to a preset whenever the preset or its nonce (a "reset" press) changes. */
export function CameraRig({ preset, nonce }: { preset: CameraPreset; nonce: number }) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    camera.position.set(...PRESETS[preset]);
    camera.lookAt(...CAMERA_TARGET);
    camera.updateProjectionMatrix();
    invalidate();
  }, [camera, invalidate, preset, nonce]);
  return null;
}
