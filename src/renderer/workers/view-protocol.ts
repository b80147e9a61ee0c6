/** Messages between the page and the 3-D view's worker (view.worker.tsx, view-client.ts). */
import type { Encoded } from '../view/bridge/keyed-clone';
import type { ForwardedEvent } from '../view/bridge/pointer-bridge';

/** The canvas's CSS size and the device pixel ratio to draw at. */
export interface ViewSize {
  width: number;
  height: number;
  dpr: number;
}

export type ToView =
  | { type: 'init'; canvas: OffscreenCanvas; size: ViewSize }
  | { type: 'resize'; size: ViewSize }
  /** A scene spec (scene-spec.ts), encoded so that unchanged parts keep their identity. */
  | { type: 'spec'; spec: Encoded }
  | { type: 'input'; event: ForwardedEvent }
  | { type: 'png'; id: number; scale: number };

export type FromView =
  /** The shader programs are compiled: the canvas may be shown. */
  | { type: 'ready' }
  /** A click on the surface, in scene coordinates. */
  | { type: 'pick'; point: { x: number; y: number; z: number } }
  | { type: 'png'; id: number; blob: Blob }
  | { type: 'png'; id: number; error: string }
  /** Something the user should know (the geometry worker failed). */
  | { type: 'notice'; text: string }
  /** The view failed (an exception in its worker). */
  | { type: 'error'; message: string };
