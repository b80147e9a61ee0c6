import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo, type ReactNode } from 'react';
import type * as THREE from 'three';
import { Axes, type AxesSpec } from './Axes';
import { CameraRig, CAMERA_TARGET, type CameraPreset } from './CameraRig';
import type { ColormapName } from './colormap';
import { OrbitControls } from './OrbitControls';
import { surfaceRange, type SurfaceData } from './surface-data';
import { SurfaceMesh, type SurfaceColor } from './SurfaceMesh';
import { warmUpPrograms } from './warm-programs';

/** Compiles the view's shader programs in the background once the lights are in the scene. */
function WarmUp() {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    void warmUpPrograms(gl, scene, camera);
  }, [gl, scene, camera]);
  return null;
}

export interface SceneProps {
  data: SurfaceData | null;
  color?: SurfaceColor | null;
  colormap?: ColormapName;
  camera?: CameraPreset;
  cameraNonce?: number;
  onPick?: (point: THREE.Vector3) => void;
  /** Hide the surface (isosurface mode) but keep the axes it defines. */
  hideSurface?: boolean;
  /** Called once with the renderer, scene and camera (PNG export). */
  onCreated?: (state: { gl: THREE.WebGLRenderer; scene: THREE.Scene; camera: THREE.Camera }) => void;
  /** Ticks of the value axis for a non-linear scale (scaled position, text). */
  zTicks?: readonly { at: number; text: string }[];
  /** Extra layers (contours, vector field, trajectories) in scene coordinates. */
  children?: ReactNode;
}

/** The 3D view: a surface over its grid with axes, lights, orbit controls and layers. */
export function Scene({
  data,
  color = null,
  colormap = 'viridis',
  camera = 'iso',
  cameraNonce = 0,
  onPick,
  hideSurface = false,
  onCreated,
  zTicks,
  children,
}: SceneProps) {
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
    <Canvas
      frameloop="demand"
      dpr={[1, 2]}
      camera={{ position: [3.1, 2.5, 3.4], fov: 38, near: 0.05, far: 50 }}
      gl={{ preserveDrawingBuffer: true, antialias: true }}
      onCreated={onCreated}
    >
      <color attach="background" args={['#0f1115']} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[3, 5, 2]} intensity={1.6} />
      <directionalLight position={[-3, 2, -2]} intensity={0.4} />
      <WarmUp />
      {data && !hideSurface && <SurfaceMesh data={data} colormap={colormap} color={color} onPick={onPick} />}
      {axes && <Axes spec={axes} />}
      {children}
      <CameraRig preset={camera} nonce={cameraNonce} />
      <OrbitControls target={CAMERA_TARGET} />
    </Canvas>
  );
}
