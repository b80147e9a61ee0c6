import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';

export type CameraPreset = 'iso' | 'top' | 'front';

/** Viewing directions (from the target towards the camera). */
const DIRECTIONS: Record<CameraPreset, [number, number, number]> = {
  iso: [1, 0.78, 1.1],
  top: [0, 1, 0.0001],
  front: [0, 0.22, 1],
};

export const CAMERA_TARGET: [number, number, number] = [0, 0.45, 0];

/** Radius of a sphere around the target that holds the scene box and its labels. */
const SCENE_RADIUS = 1.55;

/**
 * Distance at which a sphere of radius r fills the view in its narrower direction
 * (vertical or horizontal field of view, whichever is smaller for this aspect ratio).
 */
export function fitDistance(fovDeg: number, aspect: number, r: number): number {
  const v = THREE.MathUtils.degToRad(fovDeg);
  const h = 2 * Math.atan(Math.tan(v / 2) * aspect);
  return r / Math.sin(Math.min(v, h) / 2);
}

/**
 * Moves the camera to a preset whenever the preset, its nonce (a "reset" press) or the
 * viewport's aspect ratio changes, at the distance that fits the scene.
 */
export function CameraRig({ preset, nonce }: { preset: CameraPreset; nonce: number }) {
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const aspect = useThree((s) => s.size.width / Math.max(1, s.size.height));
  useEffect(() => {
    if (!(camera instanceof THREE.PerspectiveCamera)) return;
    const dir = new THREE.Vector3(...DIRECTIONS[preset]).normalize();
    const dist = fitDistance(camera.fov, aspect, SCENE_RADIUS);
    camera.position.set(...CAMERA_TARGET).addScaledVector(dir, dist);
    camera.lookAt(...CAMERA_TARGET);
    camera.updateProjectionMatrix();
    invalidate();
  }, [camera, invalidate, preset, nonce, aspect]);
  return null;
}
