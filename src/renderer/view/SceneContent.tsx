/**
 * The 3-D view's scene: a surface over its grid with axes, lights, orbit controls and the
 * layers of a scene spec. It renders in the view's worker (workers/view.worker.tsx) on the
 * page canvas's OffscreenCanvas; input arrives through a stand-in for the canvas element.
 */
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import type * as THREE from 'three';
import { Axes, type AxesSpec } from './Axes';
import { CameraRig, CAMERA_TARGET } from './CameraRig';
import { SpecLayer } from './Layers';
import { OrbitControls } from './OrbitControls';
import type { SceneSpec } from './scene-spec';
import { surfaceRange } from './surface-data';
import { SurfaceMesh } from './SurfaceMesh';
import { warmUpPrograms } from './warm-programs';
import { nextTask } from '../state/next-task';
import { startGeometryWorker } from '../workers/geometry-client';

/** Compiles the view's shader programs once the lights are in the scene; says when they are ready. */
function WarmUp({ onReady }: { onReady(): void }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    let live = true;
    void warmUpPrograms(gl, scene, camera).then(async () => {
      if (!live) return;
      onReady();
      // The surfaces' worker, before the first surface asks for it (geometry-client.ts).
      await nextTask();
      startGeometryWorker();
    });
    return () => {
      live = false;
    };
  }, [gl, scene, camera, onReady]);
  return null;
}

export interface SceneContentProps {
  spec: SceneSpec;
  /** Takes the forwarded input (bridge/pointer-bridge.ts). */
  element: HTMLElement;
  /** The programs are compiled: the page may show the canvas. */
  onReady(): void;
  onPick(point: THREE.Vector3): void;
}

export function SceneContent({ spec, element, onReady, onPick }: SceneContentProps) {
  // Nothing but the background is drawn until the programs are linked (warm-programs.ts).
  const [ready, setReady] = useState(false);
  const markReady = useMemo(
    () => () => {
      setReady(true);
      onReady();
    },
    [onReady],
  );
  const { data, zTicks } = spec;
  const axes = useMemo<AxesSpec | null>(() => {
    if (!data) return null;
    const z = surfaceRange(data);
    return {
      x: { label: data.labels.x, min: data.xs[0], max: data.xs[data.xs.length - 1] },
      y: { label: data.labels.y, min: data.ys[0], max: data.ys[data.ys.length - 1] },
      z: { label: data.labels.z, min: z.min, max: z.max, ticks: zTicks },
    };
  }, [data, zTicks]);
  return (
    <>
      <color attach="background" args={['#0f1115']} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[3, 5, 2]} intensity={1.6} />
      <directionalLight position={[-3, 2, -2]} intensity={0.4} />
      <WarmUp onReady={markReady} />
      {ready && data && !spec.hideSurface && (
        <SurfaceMesh
          data={data}
          colormap={spec.colormap}
          color={spec.color}
          onPick={spec.pickable ? onPick : undefined}
        />
      )}
      {ready && axes && <Axes spec={axes} />}
      {ready && spec.layers.map((layer) => <SpecLayer key={layer.key} spec={layer} />)}
      <CameraRig preset={spec.camera} nonce={spec.cameraNonce} />
      <OrbitControls target={CAMERA_TARGET} element={element} />
    </>
  );
}
