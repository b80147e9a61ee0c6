/**
 * The page's handle on the 3-D view's worker (view.worker.tsx): hands it the canvas's
 * OffscreenCanvas, then sends scene specs, the canvas's size and its pointer input, and
 * takes back readiness, picks, PNG pictures and failures.
 */
import { KeyedSender } from '../view/bridge/keyed-clone';
import { forwardInput } from '../view/bridge/pointer-bridge';
import type { SceneSpec } from '../view/scene-spec';
import type { FromView, ToView, ViewSize } from './view-protocol';

export interface ViewHandlers {
  onReady(): void;
  onPick(point: { x: number; y: number; z: number }): void;
  onNotice(text: string): void;
  /** The view's worker failed; the session is over. */
  onError(message: string): void;
}

/** The drawing buffer's pixel ratio: the screen's, between 1 and 2 (as the view always had). */
const pixelRatio = () => Math.min(2, Math.max(1, globalThis.devicePixelRatio || 1));

export class ViewSession {
  private readonly worker: Worker;
  private readonly sender = new KeyedSender();
  private readonly pictures = new Map<number, { resolve(blob: Blob): void; reject(err: Error): void }>();
  private nextPicture = 1;
  private readonly stopInput: () => void;
  private readonly resizes: ResizeObserver;
  private size: ViewSize;
  private over = false;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly handlers: ViewHandlers,
  ) {
    this.worker = new Worker(new URL('./view.worker.tsx', import.meta.url), {
      type: 'module',
      name: 'hjb-lab-view',
    });
    this.worker.onmessage = (e: MessageEvent<FromView>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      // Handled here: not also an uncaught error in the page's console.
      e.preventDefault();
      this.fail(e.message || 'its script could not run');
    };
    this.worker.onmessageerror = () => this.fail('a message could not be read');
    this.size = {
      width: Math.max(1, canvas.clientWidth),
      height: Math.max(1, canvas.clientHeight),
      dpr: pixelRatio(),
    };
    const offscreen = canvas.transferControlToOffscreen();
    this.post({ type: 'init', canvas: offscreen, size: this.size }, [offscreen]);
    // The observer's box, rounded: no layout is forced, and the size is the canvas's client size.
    this.resizes = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.resize(box.width, box.height);
    });
    this.resizes.observe(canvas);
    this.stopInput = forwardInput(canvas, (event) => this.post({ type: 'input', event }));
    this.watchRatio();
  }

  private resize(width: number, height: number): void {
    const size = {
      width: Math.max(1, Math.round(width)),
      height: Math.max(1, Math.round(height)),
      dpr: pixelRatio(),
    };
    if (size.width === this.size.width && size.height === this.size.height && size.dpr === this.size.dpr)
      return;
    this.size = size;
    this.post({ type: 'resize', size });
  }

  /** The screen's pixel ratio can change alone (the window moved to another screen). */
  private watchRatio(): void {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    const onChange = () => {
      this.resize(this.size.width, this.size.height);
      this.watchRatio();
    };
    query.addEventListener('change', onChange, { once: true });
    this.stopRatioWatch = () => query.removeEventListener('change', onChange);
  }

  private stopRatioWatch = (): void => {};

  /** Draw this scene (unchanged parts of the previous one are not sent again). */
  show(spec: SceneSpec): void {
    this.post({ type: 'spec', spec: this.sender.encode(spec) });
  }

  /** The view at `scale` × its resolution, as PNG. */
  picture(scale: number): Promise<Blob> {
    if (this.over) return Promise.reject(new Error('the 3D view has stopped'));
    const id = this.nextPicture++;
    return new Promise<Blob>((resolve, reject) => {
      this.pictures.set(id, { resolve, reject });
      this.post({ type: 'png', id, scale });
    });
  }

  dispose(): void {
    this.end(new Error('the 3D view was closed'));
  }

  private post(message: ToView, transfer: Transferable[] = []): void {
    if (!this.over) this.worker.postMessage(message, transfer);
  }

  private receive(message: FromView): void {
    // A message already queued when the session ended belongs to no view.
    if (this.over) return;
    switch (message.type) {
      case 'ready':
        return this.handlers.onReady();
      case 'pick':
        return this.handlers.onPick(message.point);
      case 'notice':
        return this.handlers.onNotice(message.text);
      case 'error':
        return this.fail(message.message);
      case 'png': {
        const pending = this.pictures.get(message.id);
        this.pictures.delete(message.id);
        if ('blob' in message) pending?.resolve(message.blob);
        else pending?.reject(new Error(message.error));
        return;
      }
    }
  }

  private fail(message: string): void {
    if (this.over) return;
    this.end(new Error(`the 3D view stopped: ${message}`));
    this.handlers.onError(message);
  }

  private end(reason: Error): void {
    if (this.over) return;
    this.over = true;
    this.worker.terminate();
    this.resizes.disconnect();
    this.stopRatioWatch();
    this.stopInput();
    for (const p of this.pictures.values()) p.reject(reason);
    this.pictures.clear();
  }
}
