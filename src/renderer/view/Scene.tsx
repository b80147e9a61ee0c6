import { Canvas, useThree, type CanvasProps } from '@react-three/fiber';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import * as THREE from 'three';
import { afterFrame, nextTask } from '../state/next-task';
import { startGeometryWorker } from '../workers/geometry-client';
import { Axes, type AxesSpec } from './Axes';
import { CameraRig, CAMERA_TARGET, type CameraPreset } from './CameraRig';
import type { ColormapName } from './colormap';
import { OrbitControls } from './OrbitControls';
import { surfaceRange, type SurfaceData } from './surface-data';
import type { SurfaceColor } from './surface-arrays';
import { SurfaceMesh } from './SurfaceMesh';
import { installThreeConsole } from './three-console';
import { gpuIdle } from './gpu-fence';
import { openGpuChannel } from './gpu-channel';
import { warmUpPrograms } from './warm-programs';

// three.js arrives with this module (the view loads after the page's first paint).
installThreeConsole();

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

/**
 * The renderer, made in three tasks. With software GL the context's creation, three's
 * setup on it and the first allocation of its drawing buffer at the canvas's size
 * (multisampled, preserved for PNG export) each wait on the GPU process for a long time:
 * the context is created on a 1×1 canvas, three's renderer on it once a fence says the GPU
 * has caught up, and the fiber root sizes it in a later task, after a frame: the fiber root
 * measures the canvas there, which in the task right after the lab's panes were filled
 * laid out the whole page (157 ms of forced layout at load ~6, long-animation-frame entry).
 */
/** What the fiber root passes a renderer factory (its `gl` prop as a function). */
type DefaultGLProps = Parameters<Extract<CanvasProps['gl'], (p: never) => unknown>>[0];

async function createRenderer(defaults: DefaultGLProps): Promise<THREE.WebGLRenderer> {
  const { canvas, ...options } = defaults;
  if (!(canvas instanceof HTMLCanvasElement)) throw new Error('the 3-D view needs an HTML canvas');
  canvas.width = 1;
  canvas.height = 1;
  // The page's first context is opened in a worker (gpu-channel.ts): this one then does
  // not wait for the GPU channel to be set up.
  await openGpuChannel();
  // The context first, in a task of its own: its creation alone waited 173 ms on the GPU
  // process, and three's setup after it (its extension and limit queries) 30 ms more.
  const context = canvas.getContext('webgl2', {
    alpha: options.alpha ?? true,
    depth: true,
    stencil: false,
    antialias: true,
    premultipliedAlpha: true,
    preserveDrawingBuffer: true,
    powerPreference: options.powerPreference ?? 'default',
  });
  if (!context) throw new Error('the 3-D view needs WebGL 2, which this browser did not give');
  await gpuIdle(context);
  const renderer = new THREE.WebGLRenderer({ ...options, canvas, context });
  // three asks for this extension at the first texture upload (the axis labels'): a
  // synchronous call, which waits for whatever the GPU process is drawing. Asked here, it
  // shares the wait of three's own extension queries just above.
  renderer.extensions.has('EXT_texture_filter_anisotropic');
  await afterFrame();
  return renderer;
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

/**
 * The canvas is not shown while the programs warm up: the sample draws are then not
 * composited, so the GPU process does not resolve and copy the whole multisampled canvas
 * for each of them (synchronous calls of the warm-up wait for that work).
 */
const WARMING_UP = { visibility: 'hidden' } as const;

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
  // Nothing but the background is drawn until the programs are linked (warm-programs.ts).
  const [ready, setReady] = useState(false);
  const markReady = useMemo(() => () => setReady(true), []);
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
      gl={createRenderer}
      onCreated={onCreated}
      style={ready ? undefined : WARMING_UP}
    >
      <color attach="background" args={['#0f1115']} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[3, 5, 2]} intensity={1.6} />
      <directionalLight position={[-3, 2, -2]} intensity={0.4} />
      <WarmUp onReady={markReady} />
      {ready && data && !hideSurface && (
        <SurfaceMesh data={data} colormap={colormap} color={color} onPick={onPick} />
      )}
      {ready && axes && <Axes spec={axes} />}
      {ready && children}
      <CameraRig preset={camera} nonce={cameraNonce} />
      <OrbitControls target={CAMERA_TARGET} />
    </Canvas>
  );
}
