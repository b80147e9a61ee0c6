/**
 * The 3-D view's worker: three.js and react-three-fiber render the scene here, on the page
 * canvas's OffscreenCanvas, so the UI thread never makes a WebGL call. Under software GL a
 * synchronous WebGL call (creating the context, a program's link status) waits for the GPU
 * process's frames, 100–600 ms at a time during the page's load (docs/architecture.md §7);
 * here such a wait holds up only this thread. The page sends scene specs, its canvas size
 * and its pointer input; this worker answers with readiness, picks, PNG pictures and errors.
 */
import { createRoot, events, extend, type ReconcilerRoot, type RootState } from '@react-three/fiber';
import * as THREE from 'three';
import { canvasToPngBlob } from '../view/png-export';
import { KeyedReceiver } from '../view/bridge/keyed-clone';
import { CanvasStandIn } from '../view/bridge/pointer-bridge';
import { SceneContent } from '../view/SceneContent';
import type { SceneSpec } from '../view/scene-spec';
import { installThreeConsole } from '../view/three-console';
import { onGeometryWorkerFailure } from './geometry-client';
import type { FromView, ToView, ViewSize } from './view-protocol';

installThreeConsole();
// The Canvas component registers three's classes with the fiber reconciler; a bare root must.
extend(THREE as unknown as Parameters<typeof extend>[0]);

const send = (message: FromView) => postMessage(message);

const element = new CanvasStandIn();
const standIn = element as unknown as HTMLElement;
const receiver = new KeyedReceiver();
let root: ReconcilerRoot<OffscreenCanvas> | null = null;
let state: RootState | null = null;
let size: ViewSize = { width: 1, height: 1, dpr: 1 };
let spec: SceneSpec | null = null;

const onReady = () => send({ type: 'ready' });
const onPick = (p: THREE.Vector3) => send({ type: 'pick', point: { x: p.x, y: p.y, z: p.z } });

onGeometryWorkerFailure((message) =>
  send({
    type: 'notice',
    text: `The geometry worker stopped (${message}); surfaces are now built in the view's worker, so the view may stutter during a solve.`,
  }),
);

// One object for every configuration: r3f makes a new camera when the options differ from
// the last ones, and a resize must not undo the user's orbit.
const CAMERA = { position: [3.1, 2.5, 3.4] as [number, number, number], fov: 38, near: 0.05, far: 50 };

async function configure(): Promise<void> {
  if (!root) return;
  element.setSize(size.width, size.height);
  await root.configure({
    size: { width: size.width, height: size.height, top: 0, left: 0 },
    dpr: size.dpr,
    frameloop: 'demand',
    camera: CAMERA,
    // Preserved for PNG export (the picture is read after the frame).
    gl: (defaults) => new THREE.WebGLRenderer({ ...defaults, preserveDrawingBuffer: true }),
    events,
    onCreated: (created) => {
      state = created;
      // r3f's pointer events (picking on the surface) listen on the canvas's stand-in.
      created.events.connect?.(standIn);
      // Checking compile logs makes three wait for every compile; our shaders are three's own.
      created.gl.debug.checkShaderErrors = false;
    },
  });
}

function render(): void {
  if (!root || !spec) return;
  root.render(<SceneContent spec={spec} element={standIn} onReady={onReady} onPick={onPick} />);
}

async function picture(id: number, scale: number): Promise<void> {
  try {
    if (!state) throw new Error('the 3D view is not ready');
    const blob = await canvasToPngBlob(
      state.gl,
      state.scene,
      state.camera,
      { x: size.width, y: size.height },
      scale,
    );
    send({ type: 'png', id, blob });
  } catch (err) {
    send({ type: 'png', id, error: err instanceof Error ? err.message : String(err) });
  }
}

async function handle(message: ToView): Promise<void> {
  switch (message.type) {
    case 'init':
      size = message.size;
      root = createRoot(message.canvas);
      await configure();
      render();
      return;
    case 'resize':
      size = message.size;
      await configure();
      render();
      return;
    case 'spec':
      spec = receiver.decode(message.spec) as SceneSpec;
      render();
      return;
    case 'input':
      element.dispatchForwarded(message.event);
      return;
    case 'png':
      await picture(message.id, message.scale);
      return;
  }
}

// One message at a time: a resize or spec waits for the root's (asynchronous) configuration.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<ToView>) => {
  queue = queue.then(() => handle(e.data)).catch((err: unknown) => fail(err));
};

function fail(err: unknown): void {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
// Reported to the page as a message (the view says so and offers a restart), not also as
// an uncaught error.
self.addEventListener('error', (e) => {
  e.preventDefault();
  fail(e.error ?? e.message);
});
self.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  fail(e.reason);
});
