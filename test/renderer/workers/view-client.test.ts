import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedReceiver } from '../../../src/renderer/view/bridge/keyed-clone';
import type { SceneSpec } from '../../../src/renderer/view/scene-spec';
import { ViewSession, type ViewHandlers } from '../../../src/renderer/workers/view-client';
import type { FromView, ToView } from '../../../src/renderer/workers/view-protocol';

/** The page's Worker: records what is posted and terminated; the test delivers replies and failures. */
class FakeWorker {
  static all: FakeWorker[] = [];
  readonly posted: { message: ToView; transfer: Transferable[] }[] = [];
  onmessage: ((e: MessageEvent<FromView>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  /** Per error event: whether the page marked it handled. */
  readonly errorsHandled: boolean[] = [];
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  terminated = 0;
  constructor(
    readonly url: URL | string,
    readonly options?: WorkerOptions,
  ) {
    FakeWorker.all.push(this);
  }
  postMessage(message: ToView, transfer: Transferable[] = []): void {
    this.posted.push({ message, transfer });
  }
  terminate(): void {
    this.terminated++;
  }
  /** A message from the worker. */
  deliver(data: FromView): void {
    this.onmessage?.({ data } as MessageEvent<FromView>);
  }
  /** The worker's uncaught error, as the page sees it. */
  crash(message: string): void {
    // The page marks the error handled (preventDefault): not also an uncaught error in its console.
    const event = { message, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.onerror?.(event as unknown as ErrorEvent);
    this.errorsHandled.push(event.defaultPrevented);
  }
  messages(): ToView[] {
    return this.posted.map((p) => p.message);
  }
}

class FakeResizeObserver {
  static all: FakeResizeObserver[] = [];
  readonly observed: unknown[] = [];
  disconnected = 0;
  constructor(
    private readonly callback: (entries: { contentRect: { width: number; height: number } }[]) => void,
  ) {
    FakeResizeObserver.all.push(this);
  }
  observe(target: unknown): void {
    this.observed.push(target);
  }
  disconnect(): void {
    this.disconnected++;
  }
  /** Report these boxes (the last one counts), as the browser does after layout. */
  fire(...sizes: [number, number][]): void {
    this.callback(sizes.map(([width, height]) => ({ contentRect: { width, height } })));
  }
}

/** The canvas element as the session uses it: its client size, its transfer, listeners and capture. */
class FakeCanvas extends EventTarget {
  readonly offscreen = { offscreen: 'token' };
  transfers = 0;
  readonly listeners = new Set<string>();
  readonly captures: string[] = [];
  constructor(
    readonly clientWidth = 640,
    readonly clientHeight = 480,
  ) {
    super();
  }
  transferControlToOffscreen(): unknown {
    this.transfers++;
    return this.offscreen;
  }
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    this.listeners.add(type);
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: EventListenerOptions | boolean,
  ): void {
    this.listeners.delete(type);
    super.removeEventListener(type, listener, options);
  }
  getBoundingClientRect() {
    return { left: 100, top: 50, x: 100, y: 50, width: 640, height: 480, right: 740, bottom: 530 };
  }
  setPointerCapture(id: number): void {
    this.captures.push(`set ${id}`);
  }
  releasePointerCapture(id: number): void {
    this.captures.push(`release ${id}`);
  }
}

interface Calls {
  ready: number;
  picks: { x: number; y: number; z: number }[];
  notices: string[];
  errors: string[];
}

function start(canvas = new FakeCanvas()) {
  const calls: Calls = { ready: 0, picks: [], notices: [], errors: [] };
  const handlers: ViewHandlers = {
    onReady: () => calls.ready++,
    onPick: (p) => calls.picks.push(p),
    onNotice: (t) => calls.notices.push(t),
    onError: (m) => calls.errors.push(m),
  };
  const session = new ViewSession(canvas as unknown as HTMLCanvasElement, handlers);
  expect(FakeWorker.all.length).toBe(1);
  expect(FakeResizeObserver.all.length).toBe(1);
  return { session, canvas, calls, worker: FakeWorker.all[0], observer: FakeResizeObserver.all[0] };
}

function spec(z0 = 0): SceneSpec {
  return {
    data: {
      xs: Float64Array.of(-1, 0, 1),
      ys: Float64Array.of(-1, 1),
      z: Float64Array.of(z0, 1, 2, 3, 4, 5),
      labels: { x: 'x', y: 'v', z: 'V' },
    },
    color: null,
    colormap: 'viridis',
    camera: 'iso',
    cameraNonce: 3,
    pickable: true,
    hideSurface: false,
    zTicks: [{ at: 0.5, text: '½' }],
    layers: [],
  };
}

/** A pointer event as the browser would deliver it on the canvas. */
function pointer(type: string, fields: Record<string, unknown>): Event {
  return Object.assign(new Event(type, { cancelable: true }), fields);
}

/** Settles a promise into its value or its error, so a rejection is never left unhandled. */
function outcome<T>(p: Promise<T>): Promise<{ value: T } | { error: Error }> {
  return p.then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );
}

beforeEach(() => {
  FakeWorker.all = [];
  FakeResizeObserver.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  vi.stubGlobal('devicePixelRatio', 1);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ViewSession', () => {
  it('starts a module worker and first hands it the canvas (transferred) with its client size and pixel ratio', () => {
    vi.stubGlobal('devicePixelRatio', 3);
    const { canvas, worker, observer } = start(new FakeCanvas(640, 480));
    expect(String(worker.url)).toMatch(/view\.worker\.tsx$/);
    expect(worker.options?.type).toBe('module');
    expect(canvas.transfers).toBe(1);
    expect(worker.posted.length).toBe(1);
    const [first] = worker.posted;
    expect(first.message).toEqual({
      type: 'init',
      canvas: canvas.offscreen,
      size: { width: 640, height: 480, dpr: 2 },
    });
    expect((first.message as { canvas: unknown }).canvas).toBe(canvas.offscreen);
    expect(first.transfer).toHaveLength(1);
    expect(first.transfer[0]).toBe(canvas.offscreen);
    expect(observer.observed).toEqual([canvas]);
  });

  it('clamps the pixel ratio to at least 1 and an unlaid-out canvas to 1×1', () => {
    vi.stubGlobal('devicePixelRatio', 0.5);
    const { worker } = start(new FakeCanvas(0, 0));
    expect(worker.messages()[0]).toMatchObject({ type: 'init', size: { width: 1, height: 1, dpr: 1 } });
  });

  it('a missing pixel ratio counts as 1', () => {
    vi.stubGlobal('devicePixelRatio', undefined);
    const { worker } = start(new FakeCanvas(300, 150));
    expect(worker.messages()[0]).toMatchObject({ type: 'init', size: { width: 300, height: 150, dpr: 1 } });
  });

  it('posts a resize only when the rounded size or the pixel ratio changes', () => {
    vi.stubGlobal('devicePixelRatio', 1.25);
    const { worker, observer } = start(new FakeCanvas(640, 480));
    const resizes = () => worker.messages().filter((m) => m.type === 'resize');
    observer.fire([640.4, 479.6]);
    expect(resizes()).toEqual([]);
    observer.fire([100, 100], [641, 480]);
    expect(resizes()).toEqual([{ type: 'resize', size: { width: 641, height: 480, dpr: 1.25 } }]);
    observer.fire([640.6, 480.2]);
    expect(resizes()).toHaveLength(1);
    observer.fire([641, 480.5]);
    expect(resizes()).toEqual([
      { type: 'resize', size: { width: 641, height: 480, dpr: 1.25 } },
      { type: 'resize', size: { width: 641, height: 481, dpr: 1.25 } },
    ]);
    // The same box on a screen of another pixel ratio (clamped to 2).
    vi.stubGlobal('devicePixelRatio', 4);
    observer.fire([641, 481]);
    expect(resizes().at(-1)).toEqual({ type: 'resize', size: { width: 641, height: 481, dpr: 2 } });
    expect(resizes()).toHaveLength(3);
    observer.fire([641, 481]);
    expect(resizes()).toHaveLength(3);
    // Collapsed to nothing: 1×1, not 0.
    observer.fire([0, 0.3]);
    expect(resizes().at(-1)).toEqual({ type: 'resize', size: { width: 1, height: 1, dpr: 2 } });
  });

  it('show posts the spec encoded so that the receiver decodes it, keeping unchanged objects', () => {
    const { session, worker } = start();
    const receiver = new KeyedReceiver();
    const first = spec();
    session.show(first);
    const posted = worker.messages();
    expect(posted.map((m) => m.type)).toEqual(['init', 'spec']);
    const message = posted[1] as Extract<ToView, { type: 'spec' }>;
    const decoded = receiver.decode(message.spec) as SceneSpec;
    expect(decoded).toEqual(first);

    // A new spec sharing the surface: the worker gets back the very surface it decoded before.
    const second = { ...first, cameraNonce: 4 };
    session.show(second);
    const again = receiver.decode(
      (worker.messages()[2] as Extract<ToView, { type: 'spec' }>).spec,
    ) as SceneSpec;
    expect(again).toEqual(second);
    expect(again.data).toBe(decoded.data);
    expect(again).not.toBe(decoded);
  });

  it('picture posts a PNG request and settles with the reply of the same id', async () => {
    const { session, worker } = start();
    const first = outcome(session.picture(2));
    const second = outcome(session.picture(1));
    const requests = worker.messages().filter((m) => m.type === 'png');
    expect(requests).toHaveLength(2);
    const [a, b] = requests as Extract<ToView, { type: 'png' }>[];
    expect(a.scale).toBe(2);
    expect(b.scale).toBe(1);
    expect(a.id).not.toBe(b.id);

    const blob = new Blob(['png bytes'], { type: 'image/png' });
    // Replies may come in any order; one for no pending id is ignored.
    worker.deliver({ type: 'png', id: Math.max(a.id, b.id) + 10, blob: new Blob(['stray']) });
    worker.deliver({ type: 'png', id: b.id, blob });
    worker.deliver({ type: 'png', id: a.id, error: 'the 3D view is not ready' });
    const [ra, rb] = await Promise.all([first, second]);
    expect(rb).toEqual({ value: blob });
    expect('value' in rb && rb.value).toBe(blob);
    expect('error' in ra && ra.error).toBeInstanceOf(Error);
    expect('error' in ra && ra.error.message).toBe('the 3D view is not ready');
  });

  it('ready, pick and notice replies reach their handlers', () => {
    const { worker, calls } = start();
    worker.deliver({ type: 'ready' });
    worker.deliver({ type: 'pick', point: { x: 0.25, y: -1, z: 3 } });
    worker.deliver({ type: 'notice', text: 'The geometry worker stopped' });
    worker.deliver({ type: 'ready' });
    expect(calls).toEqual({
      ready: 2,
      picks: [{ x: 0.25, y: -1, z: 3 }],
      notices: ['The geometry worker stopped'],
      errors: [],
    });
  });

  it("forwards the canvas's pointer input to the worker, relative to the canvas, with pointer capture", () => {
    const { canvas, worker } = start();
    canvas.dispatchEvent(
      pointer('pointerdown', { pointerId: 7, button: 0, buttons: 1, clientX: 130, clientY: 95 }),
    );
    canvas.dispatchEvent(
      pointer('pointerup', { pointerId: 7, button: 0, buttons: 0, clientX: 150, clientY: 95 }),
    );
    const inputs = worker.messages().filter((m) => m.type === 'input');
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      type: 'input',
      event: { type: 'pointerdown', pointerId: 7, clientX: 30, clientY: 45, offsetX: 30, offsetY: 45 },
    });
    expect(inputs[1]).toMatchObject({ type: 'input', event: { type: 'pointerup', clientX: 50 } });
    expect(canvas.captures).toEqual(['set 7', 'release 7']);
  });

  describe('a failed worker ends the session once', () => {
    async function checkEnded(s: ReturnType<typeof start>, pending: ReturnType<typeof outcome<Blob>>[]) {
      const { session, worker, canvas, observer, calls } = s;
      expect(worker.terminated).toBe(1);
      expect(observer.disconnected).toBe(1);
      expect(canvas.listeners.size).toBe(0);
      for (const p of pending) {
        const r = await p;
        expect('error' in r && r.error.message).toMatch(/^the 3D view stopped: /);
      }
      // Nothing is posted any more: no spec, no picture request, no input.
      const count = worker.posted.length;
      session.show(spec(9));
      canvas.dispatchEvent(pointer('pointerdown', { pointerId: 1, clientX: 110, clientY: 60 }));
      const late = await outcome(session.picture(2));
      expect('error' in late).toBe(true);
      expect(worker.posted.length).toBe(count);
      // Later failures and replies change nothing.
      worker.crash('again');
      worker.deliver({ type: 'error', message: 'and again' });
      session.dispose();
      expect(calls.errors).toHaveLength(1);
      expect(worker.terminated).toBe(1);
      expect(observer.disconnected).toBe(1);
    }

    it("on the worker's error message", async () => {
      const s = start();
      const pending = [outcome(s.session.picture(2)), outcome(s.session.picture(1))];
      s.session.show(spec());
      s.worker.deliver({ type: 'error', message: 'boom in the view' });
      expect(s.calls.errors).toEqual(['boom in the view']);
      await checkEnded(s, pending);
      const r = await pending[0];
      expect('error' in r && r.error.message).toBe('the 3D view stopped: boom in the view');
    });

    it("on the worker's error event (an uncaught exception or a script that did not load)", async () => {
      const s = start();
      const pending = [outcome(s.session.picture(2))];
      s.worker.crash('Uncaught Error: boom');
      expect(s.calls.errors).toEqual(['Uncaught Error: boom']);
      expect(s.worker.errorsHandled).toEqual([true]);
      await checkEnded(s, pending);
    });

    it('on an error event without a message', async () => {
      const s = start();
      s.worker.crash('');
      expect(s.calls.errors).toEqual(['its script could not run']);
      await checkEnded(s, []);
    });

    it('on a message that could not be read', async () => {
      const s = start();
      s.worker.onmessageerror?.({} as MessageEvent);
      expect(s.calls.errors).toEqual(['a message could not be read']);
      await checkEnded(s, []);
    });
  });

  it('dispose terminates the worker and rejects pending pictures, without reporting an error', async () => {
    const { session, worker, canvas, observer, calls } = start();
    const pending = outcome(session.picture(2));
    session.dispose();
    expect(worker.terminated).toBe(1);
    expect(observer.disconnected).toBe(1);
    expect(canvas.listeners.size).toBe(0);
    const r = await pending;
    expect('error' in r && r.error.message).toBe('the 3D view was closed');
    const count = worker.posted.length;
    session.show(spec());
    expect(worker.posted.length).toBe(count);
    // A failure reported after the close is not the user's concern.
    worker.crash('late');
    worker.deliver({ type: 'error', message: 'late' });
    session.dispose();
    expect(calls.errors).toEqual([]);
    expect(worker.terminated).toBe(1);
  });
});
