/**
 * The 3-D view as the page holds it: a canvas whose drawing is done by the view's worker
 * (workers/view.worker.tsx, docs/architecture.md §7). The page builds the scene spec; the
 * worker builds and draws the scene, and reports clicks on the surface.
 */
import { useEffect, useRef, useState } from 'react';
import { notify } from '../project/actions';
import { ViewSession } from '../workers/view-client';
import { registerPicture } from './export-view';
import type { SceneSpec } from './scene-spec';

export interface SceneProps {
  spec: SceneSpec;
  /** A click on the surface (scene coordinates), when the spec makes it pickable. */
  onPick?: (point: { x: number; y: number; z: number }) => void;
}

/**
 * The canvas is not shown while the worker compiles the programs: its sample draws are
 * then not composited, so the GPU process does not resolve and copy the whole multisampled
 * canvas for each of them.
 */
const WARMING_UP = { visibility: 'hidden' } as const;

export function Scene({ spec, onPick }: SceneProps) {
  const host = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<ViewSession | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A new value starts a new worker on a new canvas (after a failure).
  const [generation, setGeneration] = useState(0);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    // A canvas of each session's own: a canvas hands its drawing to one worker, once.
    const canvas = document.createElement('canvas');
    canvas.className = 'scene-canvas';
    parent.append(canvas);
    const s = new ViewSession(canvas, {
      onReady: () => setReady(true),
      onPick: (point) => pick.current?.(point),
      onNotice: (text) => notify('error', text),
      onError: (message) => setFailure(message),
    });
    setSession(s);
    registerPicture((scale) => s.picture(scale));
    return () => {
      registerPicture(null);
      s.dispose();
      canvas.remove();
      setSession(null);
      setReady(false);
    };
  }, [generation]);

  useEffect(() => {
    session?.show(spec);
  }, [session, spec]);

  return (
    <div className="scene-host" ref={host} style={ready ? undefined : WARMING_UP}>
      {/* The worker compiles its programs first: seconds on a busy machine with software GL. */}
      {!ready && !failure && spec.data && (
        <div className="view-empty muted view-preparing" data-testid="view-preparing">
          Preparing the 3-D view…
        </div>
      )}
      {failure && (
        <div className="view-failed" role="alert">
          <p>The 3-D view stopped ({failure}).</p>
          <button
            onClick={() => {
              setFailure(null);
              setGeneration((g) => g + 1);
            }}
          >
            Restart the view
          </button>
        </div>
      )}
    </div>
  );
}
