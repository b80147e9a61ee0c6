/**
 * Just enough of a WebAssembly assembler for the kernels of wasm-kernels.ts: LEB128
 * numbers, a function body built instruction by instruction, and a module of functions
 * (all parameters i32, no results) that exports them beside its memory.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** The lanes of the float instructions: two doubles (f64x2) or four singles (f32x4). */
export type Lanes = 'f64' | 'f32';

/** SIMD opcodes of the float instructions per lane type: [f64x2, f32x4]. */
const FLOAT_OPS = {
  add: [0xf0, 0xe4],
  sub: [0xf1, 0xe5],
  mul: [0xf2, 0xe6],
  div: [0xf3, 0xe7],
  min: [0xf4, 0xe8],
  max: [0xf5, 0xe9],
  neg: [0xed, 0xe1],
  nearest: [0x94, 0x6a],
  // Integer shift of the lanes' bits (i64x2.shl, i32x4.shl), for building exponents.
  shl: [0xcb, 0xab],
} as const;

/**
 * A function body under construction: locals by index, instructions by name. The float
 * instructions act on the lanes given at construction (f64x2 unless told).
 */
export class Body {
  readonly code: number[] = [];
  constructor(readonly lanes: Lanes = 'f64') {}
  /** Bytes per lane. */
  get bytes(): number {
    return this.lanes === 'f64' ? 8 : 4;
  }
  private float(op: keyof typeof FLOAT_OPS): this {
    this.code.push(0xfd, ...uleb(FLOAT_OPS[op][this.lanes === 'f64' ? 0 : 1]));
    return this;
  }
  get(i: number): this {
    this.code.push(0x20, ...uleb(i));
    return this;
  }
  set(i: number): this {
    this.code.push(0x21, ...uleb(i));
    return this;
  }
  tee(i: number): this {
    this.code.push(0x22, ...uleb(i));
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41, ...sleb(v));
    return this;
  }
  add(): this {
    this.code.push(0x6a);
    return this;
  }
  sub(): this {
    this.code.push(0x6b);
    return this;
  }
  mul(): this {
    this.code.push(0x6c);
    return this;
  }
  ltU(): this {
    this.code.push(0x49);
    return this;
  }
  ne(): this {
    this.code.push(0x47);
    return this;
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  end(): this {
    this.code.push(0x0b);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d, ...uleb(depth));
    return this;
  }
  /** v128.load at the address on the stack plus a constant byte offset. */
  load(offset = 0): this {
    this.code.push(0xfd, 0x00, 0x03, ...uleb(offset));
    return this;
  }
  store(offset = 0): this {
    this.code.push(0xfd, 0x0b, 0x03, ...uleb(offset));
    return this;
  }
  /** v128.load64_splat (one double into both lanes) or v128.load32_splat (one single into four). */
  splat(offset = 0): this {
    if (this.lanes === 'f64') this.code.push(0xfd, 0x0a, 0x03, ...uleb(offset));
    else this.code.push(0xfd, 0x09, 0x02, ...uleb(offset));
    return this;
  }
  fadd(): this {
    return this.float('add');
  }
  fmul(): this {
    return this.float('mul');
  }
  fsub(): this {
    return this.float('sub');
  }
  fdiv(): this {
    return this.float('div');
  }
  fmin(): this {
    return this.float('min');
  }
  fmax(): this {
    return this.float('max');
  }
  fneg(): this {
    return this.float('neg');
  }
  /** Round half to even, lane by lane. */
  fnearest(): this {
    return this.float('nearest');
  }
  /** i64x2.shl or i32x4.shl (the lanes' width) by an i32 count on the stack. */
  ishl(): this {
    return this.float('shl');
  }
  /** v128.const with v (rounded to the lanes' precision) in every lane. */
  splatConst(v: number): this {
    const lanes = this.lanes === 'f64' ? Float64Array.of(v, v) : Float32Array.of(v, v, v, v);
    this.code.push(0xfd, 0x0c, ...new Uint8Array(lanes.buffer));
    return this;
  }
  /** local += step (i32). */
  inc(local: number, step: number | { local: number }): this {
    this.get(local);
    if (typeof step === 'number') this.i32(step);
    else this.get(step.local);
    return this.add().set(local);
  }
}

/** A function: its i32 parameter count, its extra locals as (count, type) runs, its code. */
export interface WasmFunction {
  params: number;
  locals: [number, number][];
  body: number[];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

/** A module with one memory (exported as 'mem', one page to start) and the named functions. */
export function assembleModule(fns: Record<string, WasmFunction>): Uint8Array<ArrayBuffer> {
  const list = Object.values(fns);
  const types = list.map((fn) => [0x60, ...vec(Array.from({ length: fn.params }, () => [I32])), 0x00]);
  const bodies = list.map((fn) => {
    const inner = [...vec(fn.locals.map(([count, type]) => [...uleb(count), type])), ...fn.body, 0x0b];
    return [...uleb(inner.length), ...inner];
  });
  const exports = [[...name('mem'), 0x02, 0x00], ...Object.keys(fns).map((k, i) => [...name(k), 0x00, i])];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(list.map((_, i) => [i]))),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
