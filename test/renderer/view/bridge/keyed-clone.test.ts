import { describe, expect, it } from 'vitest';
import { KeyedReceiver, KeyedSender, type Encoded } from '../../../../src/renderer/view/bridge/keyed-clone';

/** A sender/receiver pair joined by a simulated postMessage (structuredClone). */
function channel(): { send: (v: unknown) => unknown; sender: KeyedSender; receiver: KeyedReceiver } {
  const sender = new KeyedSender();
  const receiver = new KeyedReceiver();
  return { sender, receiver, send: (v) => receiver.decode(structuredClone(sender.encode(v))) };
}

/** Whether the message carries any reference node. */
function hasRef(e: Encoded): boolean {
  if (typeof e !== 'object' || e === null) return false;
  if (e.k === 'r') return true;
  if (e.k === 'a') return e.v.some(hasRef);
  if (e.k === 'o') return Object.values(e.v).some(hasRef);
  return false;
}

const spec = () => ({
  title: 'pendulum',
  t: 0.5,
  on: true,
  none: null,
  missing: undefined,
  grid: { xs: Float64Array.from([0, 1, 2]), ys: new Float32Array([3, 4]), n: new Int32Array([2, 3]) },
  layers: [
    { kind: 'surface', z: new Uint8Array([1, 2, 3]), opts: [1, [2, [3, 'x']], { deep: undefined }] },
    { kind: 'paths', list: [] as number[] },
  ],
});

describe('keyed-clone', () => {
  it('round-trips a nested spec: typed arrays, undefined, null, nested arrays', () => {
    const { send } = channel();
    const v = spec();
    const got = send(v) as ReturnType<typeof spec>;
    expect(got).toStrictEqual(v);
    expect('missing' in got).toBe(true);
    expect(got.grid.ys).toBeInstanceOf(Float32Array);
    expect(got.layers[0].z).toBeInstanceOf(Uint8Array);
    expect(send(42)).toBe(42);
    expect(send(undefined)).toBe(undefined);
  });

  it('keeps identity of an unchanged sub-object and of a typed array in a new parent', () => {
    const { send } = channel();
    const a = spec();
    const ra = send(a) as ReturnType<typeof spec>;
    const b = { ...a, t: 0.6, grid: { ...a.grid, z: new Float64Array([9]) } };
    const rb = send(b) as typeof b;
    expect(rb).toStrictEqual(b);
    expect(rb).not.toBe(ra);
    expect(rb.layers).toBe(ra.layers);
    expect(rb.layers[0].z).toBe(ra.layers[0].z);
    expect(rb.grid).not.toBe(ra.grid);
    expect(rb.grid.xs).toBe(ra.grid.xs);
    expect(rb.grid.ys).toBe(ra.grid.ys);
    // an unchanged message, then a new parent over a child that was only kept by reference
    const rc = send(b) as typeof b;
    expect(rc).toBe(rb);
    const rd = send({ layers: [{ ...b.layers[0], kind: 'other' }] }) as typeof b;
    expect(rd.layers[0].z).toBe(ra.layers[0].z);
    expect(rd.layers[0].opts).toBe(ra.layers[0].opts);
  });

  it('a changed object is a new object on the receiver', () => {
    const { send } = channel();
    const a = { p: { x: 1 } };
    const ra = send(a) as typeof a;
    const rb = send({ p: { x: 2 } }) as typeof a;
    expect(rb.p).not.toBe(ra.p);
    expect(rb.p.x).toBe(2);
    expect(ra.p.x).toBe(1);
  });

  it('a reference shared within one message decodes to one object', () => {
    const { sender, receiver } = channel();
    const shared = { xs: new Float64Array([1, 2]) };
    const msg = sender.encode({ a: shared, b: [shared, shared.xs] });
    expect(hasRef(msg)).toBe(true);
    const got = receiver.decode(structuredClone(msg)) as {
      a: typeof shared;
      b: [typeof shared, Float64Array];
    };
    expect(got.b[0]).toBe(got.a);
    expect(got.b[1]).toBe(got.a.xs);
    const cyc: { self?: unknown } = {};
    cyc.self = cyc;
    const rc = receiver.decode(structuredClone(sender.encode(cyc))) as typeof cyc;
    expect(rc.self).toBe(rc);
  });

  it('forgets what the latest message left out: sent again, its content travels again', () => {
    const { sender, receiver } = channel();
    const x = { xs: new Float64Array([1, 2, 3]) };
    const r1 = receiver.decode(structuredClone(sender.encode({ x }))) as { x: typeof x };
    const again = sender.encode({ x });
    expect(hasRef(again)).toBe(true);
    expect((receiver.decode(structuredClone(again)) as { x: typeof x }).x).toBe(r1.x);
    receiver.decode(structuredClone(sender.encode({ y: 1 })));
    const msg = sender.encode({ x });
    expect(hasRef(msg)).toBe(false);
    expect(JSON.stringify(msg, (_, v: unknown) => (v instanceof Float64Array ? [...v] : v))).toContain(
      '[1,2,3]',
    );
    const r2 = receiver.decode(structuredClone(msg)) as { x: typeof x };
    expect(r2).toStrictEqual({ x });
    expect(r2.x).not.toBe(r1.x);
  });

  it('survives structuredClone (postMessage) and does not mutate the input', () => {
    const sender = new KeyedSender();
    const v = spec();
    const before = structuredClone(v);
    const msg = sender.encode(v);
    expect(() => structuredClone(msg)).not.toThrow();
    expect(v).toStrictEqual(before);
    expect(Object.keys(v)).toStrictEqual(Object.keys(before));
  });

  it('a subarray view arrives with its own length and contents only', () => {
    const { send } = channel();
    const whole = Float64Array.from({ length: 1000 }, (_, i) => i);
    const view = whole.subarray(10, 13);
    const msg = new KeyedSender().encode({ view });
    const node = (msg as unknown as { v: { view: { v: Float64Array } } }).v.view.v;
    expect(node.buffer.byteLength).toBe(3 * 8);
    const got = send({ view, head: whole.subarray(0, 2) }) as { view: Float64Array; head: Float64Array };
    expect([...got.view]).toStrictEqual([10, 11, 12]);
    expect([...got.head]).toStrictEqual([0, 1]);
  });

  it('throws on a non-plain value, naming the path, and stays usable', () => {
    const { sender, send } = channel();
    const a = { b: 1 };
    const ra = send({ a }) as { a: object };
    expect(() => sender.encode({ spec: { layers: [0, 1, { x: new Map() }] } })).toThrow(
      'keyed-clone: cannot send a Map at value.spec.layers[2].x',
    );
    expect(() => sender.encode({ 'odd key': new Date() })).toThrow('a Date at value["odd key"]');
    expect(() => sender.encode([() => 1])).toThrow('a function at value[0]');
    expect(() => sender.encode({ c: new (class Foo {})() })).toThrow('a Foo at value.c');
    // the failed encodes left the state alone: the earlier message is still the latest
    expect((send({ a }) as { a: object }).a).toBe(ra.a);
  });

  it('user keys that look like tags round-trip', () => {
    const { send } = channel();
    const v = { $ref: 1, k: 'r', id: 3, v: { k: 'o', id: 1, v: {} }, nested: [{ $ref: 0 }] };
    expect(send(v)).toStrictEqual(v);
    expect(send({ ...v, id: 4 })).toStrictEqual({ ...v, id: 4 });
    const proto = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const got = send(proto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toStrictEqual(['__proto__', 'y']);
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toStrictEqual({ x: 1 });
  });
});
