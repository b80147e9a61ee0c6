/**
 * Pointer/wheel/key input for a 3-D view that renders in a Web Worker.
 *
 * The view draws on an OffscreenCanvas (`canvas.transferControlToOffscreen()`) inside a
 * dedicated worker, and a worker has no DOM: no element to listen on, no document. So the
 * UI thread listens on the real canvas and posts each event as plain, structured-cloneable
 * data (`forwardInput`), and the worker replays it on a `CanvasStandIn`, an EventTarget
 * that looks enough like the canvas element (and its document) for three's OrbitControls
 * and react-three-fiber's pointer events (`createPointerEvents(...).connect(standIn)`).
 *
 * Coordinates: the stand-in's bounding rect sits at (0, 0), so every forwarded position is
 * relative to the canvas's top-left corner: clientX/Y, pageX/Y and offsetX/Y all carry the
 * same canvas-local value (OrbitControls reads client/page, r3f reads offset).
 */

/** Copied from the source event when it has them, as numbers, strings or booleans. */
const NUMBER_FIELDS = ['pointerId', 'button', 'buttons', 'deltaX', 'deltaY', 'deltaZ', 'deltaMode'] as const;
const STRING_FIELDS = ['pointerType', 'key', 'code'] as const;
const BOOLEAN_FIELDS = ['isPrimary', 'repeat', 'ctrlKey', 'metaKey', 'shiftKey', 'altKey'] as const;
/** Computed, not copied: canvas-local CSS px, clientX = pageX = offsetX (see the header). */
const POSITION_FIELDS = ['clientX', 'clientY', 'pageX', 'pageY', 'offsetX', 'offsetY'] as const;

type Fields<L extends readonly string[], T> = { [K in L[number]]?: T };

/**
 * A forwarded input event: plain data, structured-cloneable. A field absent on the source
 * event (pointerId on a wheel, positions on a key) is absent here too.
 */
export interface ForwardedEvent
  extends
    Fields<typeof NUMBER_FIELDS, number>,
    Fields<typeof POSITION_FIELDS, number>,
    Fields<typeof STRING_FIELDS, string>,
    Fields<typeof BOOLEAN_FIELDS, boolean> {
  type: string;
}

const ALL_FIELDS = [...NUMBER_FIELDS, ...POSITION_FIELDS, ...STRING_FIELDS, ...BOOLEAN_FIELDS];

/** Listened for on the canvas. */
const CANVAS_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'pointercancel',
  'pointerleave',
  'lostpointercapture',
  'click',
  'dblclick',
  'contextmenu',
  'wheel',
  'keydown',
  'keyup',
] as const;

/** Also dispatched on the stand-in's document (where OrbitControls listens while dragging). */
const DOCUMENT_EVENTS = new Set(['pointermove', 'pointerup', 'pointercancel', 'keydown', 'keyup']);

/** Plain data for `e`; `canvas` gives the rect its position is made relative to. */
function toForwarded(e: Event, canvas: HTMLElement): ForwardedEvent {
  const src = e as unknown as Readonly<Record<string, unknown>>;
  const out: ForwardedEvent = { type: e.type };
  for (const k of NUMBER_FIELDS) {
    const v = src[k];
    if (typeof v === 'number') out[k] = v;
  }
  for (const k of STRING_FIELDS) {
    const v = src[k];
    if (typeof v === 'string') out[k] = v;
  }
  for (const k of BOOLEAN_FIELDS) {
    const v = src[k];
    if (typeof v === 'boolean') out[k] = v;
  }
  const { clientX, clientY } = src;
  if (typeof clientX === 'number' && typeof clientY === 'number') {
    // Not e.offsetX: under pointer capture it is relative to whatever the pointer is over.
    const rect = canvas.getBoundingClientRect();
    out.clientX = out.pageX = out.offsetX = clientX - rect.left;
    out.clientY = out.pageY = out.offsetY = clientY - rect.top;
  }
  return out;
}

/**
 * UI thread: listens on the canvas and calls `post` with each event as plain data. Pointer
 * capture on pointerdown keeps moves (and the up) outside the canvas coming to it; the wheel
 * (so the page does not scroll while zooming) and the context menu (right-drag pans) are
 * prevented. Key events reach the canvas only while it has focus (give it a tabIndex).
 * Returns a function that removes every listener.
 */
export function forwardInput(canvas: HTMLElement, post: (e: ForwardedEvent) => void): () => void {
  const listener = (e: Event): void => {
    const pointerId = (e as Partial<PointerEvent>).pointerId;
    if (e.type === 'wheel' || e.type === 'contextmenu') e.preventDefault();
    try {
      if (e.type === 'pointerdown' && pointerId !== undefined) canvas.setPointerCapture(pointerId);
      if ((e.type === 'pointerup' || e.type === 'pointercancel') && pointerId !== undefined)
        canvas.releasePointerCapture(pointerId);
    } catch {
      // No such active pointer (or the element is gone): input still flows, only uncaptured.
    }
    post(toForwarded(e, canvas));
  };
  for (const type of CANVAS_EVENTS) canvas.addEventListener(type, listener, { passive: false });
  return () => {
    for (const type of CANVAS_EVENTS) canvas.removeEventListener(type, listener);
  };
}

/** What `CanvasStandIn.getBoundingClientRect()` returns: a rect at the origin. */
export interface StandInRect {
  left: number;
  top: number;
  x: number;
  y: number;
  width: number;
  height: number;
  right: number;
  bottom: number;
}

/** Worker: an EventTarget standing in for the canvas element (and its document) for OrbitControls and r3f. */
export class CanvasStandIn extends EventTarget {
  /** Written by OrbitControls (touchAction, cursor); nothing reads it back. */
  readonly style: Record<string, string> = {};
  readonly ownerDocument: EventTarget = new EventTarget();
  // A canvas's default size, so input before the first setSize does not divide by zero.
  private cssWidth = 300;
  private cssHeight = 150;
  private readonly captured = new Set<number>();

  /** The canvas's size in CSS px (what the UI thread lays out, not the drawing buffer). */
  setSize(width: number, height: number): void {
    this.cssWidth = width;
    this.cssHeight = height;
  }
  get width(): number {
    return this.cssWidth;
  }
  get height(): number {
    return this.cssHeight;
  }
  get clientWidth(): number {
    return this.cssWidth;
  }
  get clientHeight(): number {
    return this.cssHeight;
  }
  getBoundingClientRect(): StandInRect {
    const width = this.cssWidth;
    const height = this.cssHeight;
    return { left: 0, top: 0, x: 0, y: 0, width, height, right: width, bottom: height };
  }

  /** Bookkeeping only: the real capture is taken on the UI thread by `forwardInput`. */
  setPointerCapture(pointerId: number): void {
    this.captured.add(pointerId);
  }
  releasePointerCapture(pointerId: number): void {
    this.captured.delete(pointerId);
  }
  hasPointerCapture(pointerId: number): boolean {
    return this.captured.has(pointerId);
  }
  getRootNode(): EventTarget {
    return this.ownerDocument;
  }
  focus(): void {}

  /**
   * Dispatches a forwarded event: on this element, and for pointermove/pointerup/pointercancel/
   * keydown/keyup also on ownerDocument (OrbitControls listens there while dragging). The same
   * Event object goes to both, so a preventDefault on the element is seen on the document
   * (but `target` is the document there, and stopPropagation does not stop it reaching it).
   */
  dispatchForwarded(e: ForwardedEvent): void {
    const event = new Event(e.type, { cancelable: true });
    const fields: PropertyDescriptorMap = {};
    // Only the known fields: never shadow Event's own accessors (type, target, ...).
    for (const k of ALL_FIELDS) if (e[k] !== undefined) fields[k] = { value: e[k], enumerable: true };
    Object.defineProperties(event, fields);
    this.dispatchEvent(event);
    if (DOCUMENT_EVENTS.has(e.type)) this.ownerDocument.dispatchEvent(event);
    // As in a browser, capture ends with the pointer's up/cancel.
    if ((e.type === 'pointerup' || e.type === 'pointercancel') && e.pointerId !== undefined)
      this.captured.delete(e.pointerId);
  }
}
