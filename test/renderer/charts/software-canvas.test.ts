/**
 * withSoftwareCanvas: 2-D contexts asked for inside it get willReadFrequently; nothing else
 * changes. prepareCanvas2d: one draw on a context of the charts' kind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { prepareCanvas2d, withSoftwareCanvas } from '../../../src/renderer/charts/software-canvas';

class FakeCanvas {
  calls: { type: string; attributes: unknown }[] = [];
  getContext(type: string, attributes?: unknown): unknown {
    this.calls.push({ type, attributes });
    return { type };
  }
}

const g = globalThis as unknown as { HTMLCanvasElement?: unknown; document?: unknown };
const had = 'HTMLCanvasElement' in g;
const before = g.HTMLCanvasElement;
afterEach(() => {
  if (had) g.HTMLCanvasElement = before;
  else delete g.HTMLCanvasElement;
});

describe('withSoftwareCanvas', () => {
  it('adds willReadFrequently to 2-D contexts created inside, keeps other attributes, restores afterwards', () => {
    g.HTMLCanvasElement = FakeCanvas;
    const original = FakeCanvas.prototype.getContext;
    const c = new FakeCanvas();
    const out = withSoftwareCanvas(() => {
      c.getContext('2d', { alpha: false });
      c.getContext('webgl2', { antialias: true });
      return 42;
    });
    expect(out).toBe(42);
    c.getContext('2d');
    expect(c.calls).toEqual([
      { type: '2d', attributes: { alpha: false, willReadFrequently: true } },
      { type: 'webgl2', attributes: { antialias: true } },
      { type: '2d', attributes: undefined },
    ]);
    expect(FakeCanvas.prototype.getContext).toBe(original);
  });

  it('restores getContext when the build throws', () => {
    g.HTMLCanvasElement = FakeCanvas;
    const original = FakeCanvas.prototype.getContext;
    expect(() =>
      withSoftwareCanvas(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(FakeCanvas.prototype.getContext).toBe(original);
  });
});

describe('prepareCanvas2d', () => {
  afterEach(() => {
    delete g.document;
  });

  it('draws once on a software 2-D context (the kind the charts use)', () => {
    const drawn: string[] = [];
    const canvas = {
      width: 300,
      height: 150,
      attributes: undefined as unknown,
      getContext(type: string, attributes?: unknown) {
        this.attributes = attributes;
        return type === '2d'
          ? { clearRect: (...a: number[]) => drawn.push(`clearRect ${a.join(',')}`) }
          : null;
      },
    };
    g.document = { createElement: (tag: string) => (tag === 'canvas' ? canvas : null) };
    prepareCanvas2d();
    expect(canvas.attributes).toEqual({ willReadFrequently: true });
    expect([canvas.width, canvas.height]).toEqual([1, 1]);
    expect(drawn).toEqual(['clearRect 0,0,1,1']);
  });
});
