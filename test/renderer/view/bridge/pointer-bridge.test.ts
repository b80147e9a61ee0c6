import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { describe, expect, it, vi } from 'vitest';
import {
  CanvasStandIn,
  forwardInput,
  type ForwardedEvent,
} from '../../../../src/renderer/view/bridge/pointer-bridge';

/** A minimal canvas element for the UI-thread half: an EventTarget with a rect and pointer capture. */
class FakeCanvas extends EventTarget {
  rectCalls = 0;
  readonly captures: string[] = [];
  readonly options = new Map<string, AddEventListenerOptions | boolean | undefined>();
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    this.options.set(type, options);
    super.addEventListener(type, listener, options);
  }
  getBoundingClientRect() {
    this.rectCalls++;
    return { left: 100, top: 50, x: 100, y: 50, width: 800, height: 600, right: 900, bottom: 650 };
  }
  setPointerCapture(id: number) {
    this.captures.push(`set ${id}`);
  }
  releasePointerCapture(id: number) {
    this.captures.push(`release ${id}`);
  }
}

/** A plain Event with the given fields assigned, as the browser would deliver it. */
function event(type: string, fields: Record<string, unknown> = {}): Event {
  return Object.assign(new Event(type, { cancelable: true }), fields);
}

function setup() {
  const canvas = new FakeCanvas();
  const posted: ForwardedEvent[] = [];
  const dispose = forwardInput(canvas as unknown as HTMLElement, (e) => posted.push(e));
  return { canvas, posted, dispose };
}

const ALL_TYPES = [
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
];

const mouse = { pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: 1 };
const mods = { ctrlKey: false, metaKey: false, shiftKey: true, altKey: false };

describe('forwardInput (UI thread)', () => {
  it('forwards the fields, with positions made relative to the canvas rect', () => {
    const { canvas, posted } = setup();
    // offsetX is deliberately wrong (as under pointer capture): it must not be trusted.
    canvas.dispatchEvent(event('pointerdown', { ...mouse, ...mods, clientX: 130, clientY: 95, offsetX: 7 }));
    expect(posted).toEqual([
      {
        type: 'pointerdown',
        ...mouse,
        ...mods,
        clientX: 30,
        clientY: 45,
        pageX: 30,
        pageY: 45,
        offsetX: 30,
        offsetY: 45,
      },
    ]);
    expect(canvas.rectCalls).toBe(1);
    // Plain data: survives a structured clone unchanged.
    expect(structuredClone(posted[0])).toEqual(posted[0]);
  });

  it('forwards wheel deltas and keys; keys carry no position and cost no layout', () => {
    const { canvas, posted } = setup();
    canvas.dispatchEvent(event('wheel', { deltaX: 0, deltaY: 120, deltaZ: 0, deltaMode: 0, clientX: 500 }));
    expect(posted[0]).toMatchObject({ type: 'wheel', deltaY: 120, deltaMode: 0 });
    expect(posted[0].clientX).toBeUndefined(); // no clientY: no position at all
    canvas.dispatchEvent(event('keydown', { key: 'Control', code: 'ControlLeft', repeat: false, ...mods }));
    expect(posted[1]).toEqual({
      type: 'keydown',
      key: 'Control',
      code: 'ControlLeft',
      repeat: false,
      ...mods,
    });
    expect(canvas.rectCalls).toBe(0);
  });

  it('prevents the default of wheel (non-passive) and contextmenu, and of nothing else', () => {
    const { canvas } = setup();
    expect(canvas.options.get('wheel')).toMatchObject({ passive: false });
    const wheel = event('wheel', { deltaY: 1, clientX: 0, clientY: 0 });
    const menu = event('contextmenu', { button: 2, clientX: 0, clientY: 0 });
    const down = event('pointerdown', { ...mouse, clientX: 0, clientY: 0 });
    canvas.dispatchEvent(wheel);
    canvas.dispatchEvent(menu);
    canvas.dispatchEvent(down);
    expect(wheel.defaultPrevented).toBe(true);
    expect(menu.defaultPrevented).toBe(true);
    expect(down.defaultPrevented).toBe(false);
  });

  it('captures the pointer on down and releases it on up and cancel', () => {
    const { canvas, posted } = setup();
    canvas.dispatchEvent(event('pointerdown', { ...mouse, clientX: 0, clientY: 0 }));
    canvas.dispatchEvent(event('pointermove', { ...mouse, clientX: 5, clientY: 0 }));
    canvas.dispatchEvent(event('pointerup', { ...mouse, clientX: 5, clientY: 0 }));
    canvas.dispatchEvent(event('pointerdown', { ...mouse, pointerId: 2, clientX: 0, clientY: 0 }));
    canvas.dispatchEvent(event('pointercancel', { ...mouse, pointerId: 2, clientX: 0, clientY: 0 }));
    expect(canvas.captures).toEqual(['set 1', 'release 1', 'set 2', 'release 2']);
    expect(posted.map((e) => e.type)).toEqual([
      'pointerdown',
      'pointermove',
      'pointerup',
      'pointerdown',
      'pointercancel',
    ]);
  });

  it('still forwards when pointer capture throws', () => {
    const { canvas, posted } = setup();
    canvas.setPointerCapture = () => {
      throw new DOMException('No active pointer with the given id is found.', 'NotFoundError');
    };
    canvas.dispatchEvent(event('pointerdown', { ...mouse, clientX: 0, clientY: 0 }));
    expect(posted).toHaveLength(1);
  });

  it('its disposer removes every listener', () => {
    const { canvas, posted, dispose } = setup();
    expect([...canvas.options.keys()].sort()).toEqual([...ALL_TYPES].sort());
    dispose();
    for (const type of ALL_TYPES) canvas.dispatchEvent(event(type, { ...mouse, clientX: 1, clientY: 1 }));
    expect(posted).toEqual([]);
    expect(canvas.captures).toEqual([]);
  });
});

describe('CanvasStandIn (worker)', () => {
  it('looks like a laid-out canvas of the size it was given', () => {
    const el = new CanvasStandIn();
    el.setSize(800, 600);
    expect([el.width, el.height, el.clientWidth, el.clientHeight]).toEqual([800, 600, 800, 600]);
    expect(el.getBoundingClientRect()).toEqual({
      left: 0,
      top: 0,
      x: 0,
      y: 0,
      width: 800,
      height: 600,
      right: 800,
      bottom: 600,
    });
    expect(el.getRootNode()).toBe(el.ownerDocument);
    el.setPointerCapture(3);
    expect(el.hasPointerCapture(3)).toBe(true);
    el.releasePointerCapture(3);
    expect(el.hasPointerCapture(3)).toBe(false);
  });

  it('delivers pointermove to the element and its document, pointerdown to the element only', () => {
    const el = new CanvasStandIn();
    const seen: string[] = [];
    for (const type of ['pointerdown', 'pointermove']) {
      el.addEventListener(type, () => seen.push(`element ${type}`));
      el.ownerDocument.addEventListener(type, () => seen.push(`document ${type}`));
    }
    el.dispatchForwarded({ type: 'pointerdown', ...mouse, clientX: 1, clientY: 1 });
    el.dispatchForwarded({ type: 'pointermove', ...mouse, clientX: 2, clientY: 1 });
    expect(seen).toEqual(['element pointerdown', 'element pointermove', 'document pointermove']);
  });

  it('makes a real Event: target is the stand-in, fields are enumerable, preventDefault works', () => {
    const el = new CanvasStandIn();
    const events: Event[] = [];
    let target: EventTarget | null = null;
    const copied: Record<string, unknown> = {};
    el.addEventListener('wheel', (e) => {
      target = e.target;
      // r3f copies the native event's fields with for...in into its own event.
      for (const k in e) copied[k] = (e as unknown as Record<string, unknown>)[k];
      e.preventDefault();
      events.push(e);
    });
    el.dispatchForwarded({ type: 'wheel', deltaY: 3, clientX: 4, clientY: 5, offsetX: 4, offsetY: 5 });
    expect(target).toBe(el);
    expect(events[0].type).toBe('wheel');
    expect(events[0].defaultPrevented).toBe(true);
    expect(copied).toMatchObject({ deltaY: 3, clientX: 4, offsetX: 4, offsetY: 5 });
    expect('pointerId' in events[0]).toBe(false); // absent fields stay absent (r3f tests `'pointerId' in e`)
  });

  it('ends its bookkeeping capture on pointerup', () => {
    const el = new CanvasStandIn();
    el.setPointerCapture(1);
    el.dispatchForwarded({ type: 'pointerup', ...mouse, clientX: 0, clientY: 0 });
    expect(el.hasPointerCapture(1)).toBe(false);
  });
});

describe("three's OrbitControls on a CanvasStandIn", () => {
  function orbit() {
    const el = new CanvasStandIn();
    el.setSize(800, 600);
    const camera = new THREE.PerspectiveCamera(50, 800 / 600, 0.1, 100);
    camera.position.set(0, 0, 5);
    const controls = new OrbitControls(camera, el as unknown as HTMLElement);
    const onChange = vi.fn();
    controls.addEventListener('change', onChange);
    return { el, camera, controls, onChange };
  }

  it('rotates the camera on a left-button drag', () => {
    const { el, camera, controls, onChange } = orbit();
    expect(el.style.touchAction).toBe('none');
    const azimuth = () => Math.atan2(camera.position.x, camera.position.z);
    const before = azimuth();
    el.dispatchForwarded({ type: 'pointerdown', ...mouse, clientX: 400, clientY: 300 });
    expect(el.hasPointerCapture(1)).toBe(true);
    for (const x of [420, 440, 460])
      el.dispatchForwarded({ type: 'pointermove', ...mouse, clientX: x, clientY: 300 });
    el.dispatchForwarded({ type: 'pointerup', ...mouse, clientX: 460, clientY: 300 });
    expect(Math.abs(azimuth() - before)).toBeGreaterThan(0.1);
    expect(camera.position.distanceTo(controls.target)).toBeCloseTo(5, 6);
    expect(onChange).toHaveBeenCalled();
    expect(el.hasPointerCapture(1)).toBe(false);
    // The drag is over: OrbitControls left the document, so a stray move does nothing.
    const after = camera.position.clone();
    el.dispatchForwarded({ type: 'pointermove', ...mouse, clientX: 700, clientY: 300 });
    expect(camera.position.equals(after)).toBe(true);
    controls.dispose();
  });

  it('zooms out on a wheel with deltaY > 0, and prevents its default', () => {
    const { el, camera, controls, onChange } = orbit();
    let prevented = false;
    // Added after OrbitControls' own listener, so it runs after it.
    el.addEventListener('wheel', (e) => (prevented = e.defaultPrevented));
    const wheel: ForwardedEvent = { type: 'wheel', deltaX: 0, deltaY: 100, deltaMode: 0, ctrlKey: false };
    el.dispatchForwarded({ ...wheel, clientX: 400, clientY: 300, offsetX: 400, offsetY: 300 });
    expect(camera.position.distanceTo(controls.target)).toBeGreaterThan(5.01);
    expect(onChange).toHaveBeenCalled();
    expect(prevented).toBe(true);
  });

  it('works end to end: UI-thread events, structured clone, stand-in', () => {
    const canvas = new FakeCanvas();
    const { el, camera, controls } = orbit();
    const dispose = forwardInput(canvas as unknown as HTMLElement, (e) =>
      el.dispatchForwarded(structuredClone(e)),
    );
    const before = camera.position.clone();
    // The real canvas's rect is at (100, 50): page coordinates are shifted by it.
    canvas.dispatchEvent(event('pointerdown', { ...mouse, clientX: 500, clientY: 350 }));
    canvas.dispatchEvent(event('pointermove', { ...mouse, clientX: 560, clientY: 350 }));
    canvas.dispatchEvent(event('pointerup', { ...mouse, clientX: 560, clientY: 350 }));
    expect(camera.position.distanceTo(before)).toBeGreaterThan(0.1);
    expect(canvas.captures).toEqual(['set 1', 'release 1']);
    dispose();
    controls.dispose();
  });
});
