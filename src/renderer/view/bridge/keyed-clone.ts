/**
 * Identity-keeping postMessage for the 3-D view's worker. The UI thread posts the scene's spec
 * once per React render; structured clone alone would hand the worker new objects every time,
 * so its memoised layers (useMemo deps compare by identity) would all be rebuilt per message.
 * An object (plain object, array, typed array) that was part of the previous message is sent
 * as a reference, and the receiver answers it with the very object it decoded last time.
 *
 * Contract: values are immutable — a re-sent object's content (children included) is assumed
 * unchanged. One sender feeds one receiver, and every message is decoded, in order. Both sides
 * remember only the latest message's objects (those kept by reference included); one left out
 * is forgotten and travels in full next time. Typed arrays are copied, never transferred; a
 * view on part of a buffer is sliced so that only its own bytes travel.
 */

type Primitive = null | undefined | boolean | number | string | bigint;
type IntArray =
  Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;
type TypedArray = IntArray | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** The structured-cloneable message: primitives as themselves, every object as a tagged node. */
export type Encoded =
  | Primitive
  | { k: 'o'; id: number; v: { [key: string]: Encoded } }
  | { k: 'a'; id: number; v: Encoded[] }
  | { k: 't'; id: number; v: TypedArray }
  | { k: 'r'; id: number };

/** Per id of the latest message: the ids of its direct children, so a reference keeps them too. */
type Kids = Map<number, number[]>;

const isTyped = (v: object): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** o[key] = value, also for an own key named __proto__ (which plain assignment would not create). */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== '__proto__') o[key] = value;
  else Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Encodes values for postMessage so that the receiver gets back the same objects for the ones sent before. */
export class KeyedSender {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private kids: Kids = new Map();

  /** The message to post for `value`. Objects/arrays/typed arrays seen in the previous call become references. */
  encode(value: unknown): Encoded {
    const prev = this.kids;
    const next: Kids = new Map();
    const path: string[] = ['value'];
    const keep = (id: number): void => {
      if (next.has(id)) return;
      const kids = prev.get(id) ?? [];
      next.set(id, kids);
      for (const kid of kids) keep(kid);
    };
    const fail = (what: string): never => {
      throw new Error(`keyed-clone: cannot send ${what} at ${path.join('')}`);
    };
    const visit = (v: unknown, siblings: number[] | null): Encoded => {
      if (typeof v === 'function') return fail('a function');
      if (typeof v === 'symbol') return fail('a symbol');
      if (typeof v !== 'object' || v === null) return v as Primitive;
      let id = this.ids.get(v);
      if (id === undefined) this.ids.set(v, (id = this.nextId++));
      siblings?.push(id);
      if (next.has(id)) return { k: 'r', id };
      if (prev.has(id)) {
        keep(id);
        return { k: 'r', id };
      }
      const kids: number[] = [];
      if (isTyped(v)) {
        next.set(id, kids);
        const whole = v.byteOffset === 0 && v.byteLength === v.buffer.byteLength;
        return { k: 't', id, v: whole ? v : v.slice() };
      }
      if (Array.isArray(v)) {
        next.set(id, kids);
        const out: Encoded[] = new Array<Encoded>(v.length);
        for (let i = 0; i < v.length; i++) {
          path.push(`[${i}]`);
          out[i] = visit(v[i], kids);
          path.pop();
        }
        return { k: 'a', id, v: out };
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        const name: unknown = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
        return fail(`a ${typeof name === 'string' && name ? name : 'non-plain object'}`);
      }
      next.set(id, kids);
      const src = v as Record<string, unknown>;
      const out: { [key: string]: Encoded } = {};
      for (const key of Object.keys(src)) {
        path.push(/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
        put(out, key, visit(src[key], kids));
        path.pop();
      }
      return { k: 'o', id, v: out };
    };
    const message = visit(value, null);
    this.kids = next; // only once the whole value encoded: a throw leaves the state as it was
    return message;
  }
}

/** Receives KeyedSender messages; state is the latest message's objects by id. */
export class KeyedReceiver {
  private objects = new Map<number, { value: object; kids: number[] }>();

  /** The value for a message from KeyedSender.encode; objects referenced again are the ones decoded before. */
  decode(message: Encoded): unknown {
    const prev = this.objects;
    const next = new Map<number, { value: object; kids: number[] }>();
    const keep = (id: number): object => {
      const entry = next.get(id) ?? prev.get(id);
      if (!entry) throw new Error(`keyed-clone: reference to unknown object ${id} (a message was lost?)`);
      if (!next.has(id)) {
        next.set(id, entry);
        for (const kid of entry.kids) keep(kid);
      }
      return entry.value;
    };
    const visit = (e: Encoded, siblings: number[] | null): unknown => {
      if (typeof e !== 'object' || e === null) return e;
      siblings?.push(e.id);
      if (e.k === 'r') return keep(e.id);
      const kids: number[] = [];
      if (e.k === 't') {
        next.set(e.id, { value: e.v, kids });
        return e.v;
      }
      if (e.k === 'a') {
        const out: unknown[] = [];
        next.set(e.id, { value: out, kids }); // before the children: a cycle refers back to it
        for (const x of e.v) out.push(visit(x, kids));
        return out;
      }
      const out: Record<string, unknown> = {};
      next.set(e.id, { value: out, kids });
      for (const key of Object.keys(e.v)) put(out, key, visit(e.v[key], kids));
      return out;
    };
    const value = visit(message, null);
    this.objects = next;
    return value;
  }
}
