/**
 * Two dense kernels in WebAssembly SIMD (f64x2), assembled here from their opcodes (no
 * toolchain, no binary blob). Each lane sums its products in the same order as the scalar
 * kernels of linalg.ts, with a separately rounded multiply and add (no fused multiply-add),
 * so the results are bit-identical to them; only the speed differs (docs/numerics.md,
 * "Dense kernels").
 *
 * - `rowTimesMatrix(a, b, c, init, n, K, N)`: C (n×N) = 1·initᵀ + A (n×K) B (K×N), four rows
 *   of A by four columns of B (eight f64x2 accumulators) per pass over k. Needs n and N
 *   multiples of 4, K ≥ 1.
 * - `gradientRows(dz, x, g, n, NOUT, NIN)`: G (NOUT×NIN) += Σ over row groups of four of
 *   (dz₀x₀ + dz₁x₁ + dz₂x₂ + dz₃x₃), the grouping of linalg.ts. Needs n, NOUT and NIN
 *   multiples of 4, n ≥ 4.
 *
 * Every argument but the counts is a byte address in the module's own memory.
 */

const I32 = 0x7f;
const V128 = 0x7b;

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

/** A function body under construction: locals by index, instructions by name. */
class Body {
  readonly code: number[] = [];
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
  /** v128.load64_splat: one double into both lanes. */
  splat(offset = 0): this {
    this.code.push(0xfd, 0x0a, 0x03, ...uleb(offset));
    return this;
  }
  fadd(): this {
    this.code.push(0xfd, ...uleb(0xf0));
    return this;
  }
  fmul(): this {
    this.code.push(0xfd, ...uleb(0xf2));
    return this;
  }
  fsub(): this {
    this.code.push(0xfd, ...uleb(0xf1));
    return this;
  }
  fdiv(): this {
    this.code.push(0xfd, ...uleb(0xf3));
    return this;
  }
  fmin(): this {
    this.code.push(0xfd, ...uleb(0xf4));
    return this;
  }
  fmax(): this {
    this.code.push(0xfd, ...uleb(0xf5));
    return this;
  }
  fneg(): this {
    this.code.push(0xfd, ...uleb(0xed));
    return this;
  }
  /** f64x2.nearest: round half to even, lane by lane. */
  fnearest(): this {
    this.code.push(0xfd, ...uleb(0x94));
    return this;
  }
  /** i64x2.shl by an i32 count on the stack. */
  ishl(): this {
    this.code.push(0xfd, ...uleb(0xcb));
    return this;
  }
  /** v128.const with the double v in both lanes. */
  splatConst(v: number): this {
    this.code.push(0xfd, 0x0c, ...new Uint8Array(Float64Array.of(v, v).buffer));
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

/** C = init + A·B; locals after the 7 parameters. */
function rowTimesMatrix(): { params: number; locals: [number, number][]; body: number[] } {
  const [a, b, c, init, n, K, N] = [0, 1, 2, 3, 4, 5, 6];
  // i32 locals
  const [p, j, k, ap, bp, K8, N8, cp] = [7, 8, 9, 10, 11, 12, 13, 14];
  // v128 locals: acc[r][h] = 15 + 2r + h, s = 23, b0 = 24, b1 = 25
  const acc = (r: number, h: number) => 15 + 2 * r + h;
  const [s, b0, b1] = [23, 24, 25];
  const f = new Body();
  f.get(K).i32(8).mul().set(K8);
  f.get(N).i32(8).mul().set(N8);
  f.i32(0).set(p);
  f.loop(); // rows, four at a time
  f.i32(0).set(j);
  f.loop(); // columns, four at a time
  for (let h = 0; h < 2; h++) {
    f.get(init)
      .get(j)
      .i32(8)
      .mul()
      .add()
      .load(16 * h)
      .set(acc(0, h));
    for (let r = 1; r < 4; r++) f.get(acc(0, h)).set(acc(r, h));
  }
  f.get(a).get(p).get(K8).mul().add().set(ap);
  f.get(b).get(j).i32(8).mul().add().set(bp);
  f.get(K).set(k);
  f.loop(); // k
  f.get(bp).load(0).set(b0);
  f.get(bp).load(16).set(b1);
  for (let r = 0; r < 4; r++) {
    f.get(ap);
    for (let q = 0; q < r; q++) f.get(K8).add();
    f.splat(0).set(s);
    for (let h = 0; h < 2; h++)
      f.get(acc(r, h))
        .get(s)
        .get(h === 0 ? b0 : b1)
        .fmul()
        .fadd()
        .set(acc(r, h));
  }
  f.inc(ap, 8).inc(bp, { local: N8 });
  f.get(k).i32(1).sub().tee(k).i32(0).ne().brIf(0);
  f.end();
  f.get(c).get(p).get(N8).mul().add().get(j).i32(8).mul().add().set(cp);
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++)
      f.get(cp)
        .get(acc(r, h))
        .store(16 * h);
    if (r < 3) f.inc(cp, { local: N8 });
  }
  f.get(j).i32(4).add().tee(j).get(N).ltU().brIf(0);
  f.end();
  f.get(p).i32(4).add().tee(p).get(n).ltU().brIf(0);
  f.end();
  return {
    params: 7,
    locals: [
      [8, I32],
      [11, V128],
    ],
    body: f.code,
  };
}

/**
 * G += Σ_groups (dz₀x₀ + dz₁x₁ + dz₂x₂ + dz₃x₃), four outputs by four inputs per pass (eight
 * independent sums: with two, the chain of dependent adds bound the speed).
 */
function gradientRows(): { params: number; locals: [number, number][]; body: number[] } {
  const [dz, x, g, n, O4, I4] = [0, 1, 2, 3, 4, 5];
  const [j, i, k, dp, xp, O8, I8, xr, dr, gq] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const t = (q: number, h: number) => 16 + 2 * q + h;
  const [xa, xb, d] = [24, 25, 26];
  const f = new Body();
  f.get(O4).i32(8).mul().set(O8);
  f.get(I4).i32(8).mul().set(I8);
  f.i32(0).set(j);
  f.loop(); // outputs, four at a time
  f.i32(0).set(i);
  f.loop(); // inputs, four at a time
  f.get(dz).get(j).i32(8).mul().add().set(dp);
  f.get(x).get(i).i32(8).mul().add().set(xp);
  f.get(n).set(k);
  f.loop(); // rows, four at a time
  f.get(xp).set(xr);
  f.get(dp).set(dr);
  for (let r = 0; r < 4; r++) {
    f.get(xr).load(0).set(xa);
    f.get(xr).load(16).set(xb);
    for (let q = 0; q < 4; q++) {
      f.get(dr)
        .splat(8 * q)
        .set(d);
      for (let h = 0; h < 2; h++) {
        f.get(h === 0 ? xa : xb)
          .get(d)
          .fmul();
        if (r > 0) f.get(t(q, h)).fadd();
        f.set(t(q, h));
      }
    }
    if (r < 3) f.inc(xr, { local: I8 }).inc(dr, { local: O8 });
  }
  f.get(g).get(j).get(I8).mul().add().get(i).i32(8).mul().add().set(gq);
  for (let q = 0; q < 4; q++) {
    for (let h = 0; h < 2; h++)
      f.get(gq)
        .get(gq)
        .load(16 * h)
        .get(t(q, h))
        .fadd()
        .store(16 * h);
    if (q < 3) f.inc(gq, { local: I8 });
  }
  f.get(xr).get(I8).add().set(xp);
  f.get(dr).get(O8).add().set(dp);
  f.get(k).i32(4).sub().tee(k).i32(0).ne().brIf(0);
  f.end();
  f.get(i).i32(4).add().tee(i).get(I4).ltU().brIf(0);
  f.end();
  f.get(j).i32(4).add().tee(j).get(O4).ltU().brIf(0);
  f.end();
  return {
    params: 6,
    locals: [
      [10, I32],
      [11, V128],
    ],
    body: f.code,
  };
}

/**
 * Elementwise e^x ('exp'), SiLU x·s with s = 1/(1 + e⁻ˣ) ('silu'), and SiLU with its slope
 * σ′ = s + x·s·(1 − s) ('siluSlope'), in place of Math.exp: e^y = 2ᵏ·e^r with
 * k = round(y/ln 2), r = y − k ln 2 (ln 2 in two parts, the first exact times k) and e^r by
 * its Taylor series to r¹³ (truncation below 10⁻¹⁷ on |r| ≤ ln 2/2), 2ᵏ built in the exponent
 * bits. The argument is clamped to ±708 (where s is already 0 or 1 to the last bit, and
 * e^−708 ≈ 3·10⁻³⁰⁸ stands for smaller values). Needs n a multiple of 8.
 */
function elementwiseKernel(mode: 'exp' | 'silu' | 'siluSlope'): {
  params: number;
  locals: [number, number][];
  body: number[];
} {
  const [z, out, d1, n] = [0, 1, 2, 3];
  const [o] = [4];
  // Four vectors side by side: one alone waits on its chain of dependent multiply-adds.
  const U = 4;
  const x = (u: number) => 5 + 5 * u;
  const y = (u: number) => 6 + 5 * u;
  const k = (u: number) => 7 + 5 * u;
  const p = (u: number) => 8 + 5 * u;
  const sg = (u: number) => 9 + 5 * u;
  const f = new Body();
  const each = (emit: (u: number) => void) => {
    for (let u = 0; u < U; u++) emit(u);
  };
  f.i32(0).set(o);
  f.loop();
  each((u) => {
    f.get(z)
      .get(o)
      .add()
      .load(16 * u)
      .tee(x(u));
    if (mode !== 'exp') f.fneg();
    f.splatConst(708).fmin().splatConst(-708).fmax().set(y(u));
    f.get(y(u)).splatConst(Math.LOG2E).fmul().fnearest().set(k(u));
  });
  // r = (y − k·ln2hi) − k·ln2lo, kept in y
  each((u) =>
    f
      .get(y(u))
      .get(k(u))
      .splatConst(LN2_HI)
      .fmul()
      .fsub()
      .get(k(u))
      .splatConst(LN2_LO)
      .fmul()
      .fsub()
      .set(y(u)),
  );
  each((u) => f.splatConst(1 / FACTORIAL[13]).set(p(u)));
  for (let m = 12; m >= 0; m--)
    each((u) =>
      f
        .get(p(u))
        .get(y(u))
        .fmul()
        .splatConst(1 / FACTORIAL[m])
        .fadd()
        .set(p(u)),
    );
  each((u) => {
    // 2ᵏ: k + 1023 lands in the low mantissa bits of (k + 1023) + 1.5·2⁵², shifted to the exponent.
    f.get(p(u))
      .get(k(u))
      .splatConst(1023 + 1.5 * 2 ** 52)
      .fadd()
      .i32(52)
      .ishl()
      .fmul();
    if (mode === 'exp') f.set(sg(u));
    else {
      f.splatConst(1).fadd().set(p(u));
      f.splatConst(1).get(p(u)).fdiv().set(sg(u));
    }
  });
  if (mode === 'exp')
    each((u) =>
      f
        .get(out)
        .get(o)
        .add()
        .get(sg(u))
        .store(16 * u),
    );
  else
    each((u) =>
      f
        .get(out)
        .get(o)
        .add()
        .get(x(u))
        .get(sg(u))
        .fmul()
        .store(16 * u),
    );
  if (mode === 'siluSlope')
    each((u) =>
      f
        .get(d1)
        .get(o)
        .add()
        .get(sg(u))
        .get(x(u))
        .get(sg(u))
        .fmul()
        .splatConst(1)
        .get(sg(u))
        .fsub()
        .fmul()
        .fadd()
        .store(16 * u),
    );
  f.get(o)
    .i32(16 * U)
    .add()
    .tee(o)
    .get(n)
    .i32(8)
    .mul()
    .ltU()
    .brIf(0);
  f.end();
  return {
    params: 4,
    locals: [
      [1, I32],
      [5 * U, V128],
    ],
    body: f.code,
  };
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const FACTORIAL = Array.from({ length: 14 }, (_, m) => {
  let v = 1;
  for (let q = 2; q <= m; q++) v *= q;
  return v;
});

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const fns = [
    rowTimesMatrix(),
    gradientRows(),
    elementwiseKernel('silu'),
    elementwiseKernel('siluSlope'),
    elementwiseKernel('exp'),
  ];
  const types = fns.map((fn) => [0x60, ...vec(Array.from({ length: fn.params }, () => [I32])), 0x00]);
  const bodies = fns.map((fn) => {
    const inner = [...vec(fn.locals.map(([count, type]) => [...uleb(count), type])), ...fn.body, 0x0b];
    return [...uleb(inner.length), ...inner];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(fns.map((_, i) => [i]))),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(
      7,
      vec([
        [...name('mem'), 0x02, 0x00],
        [...name('rtm'), 0x00, 0x00],
        [...name('grad'), 0x00, 0x01],
        [...name('silu'), 0x00, 0x02],
        [...name('siluSlope'), 0x00, 0x03],
        [...name('exp'), 0x00, 0x04],
      ]),
    ),
    ...section(10, vec(bodies)),
  ]);
}

interface Exports {
  mem: WebAssembly.Memory;
  rtm(a: number, b: number, c: number, init: number, n: number, K: number, N: number): void;
  grad(dz: number, x: number, g: number, n: number, O4: number, I4: number): void;
  silu(z: number, out: number, d1: number, n: number): void;
  siluSlope(z: number, out: number, d1: number, n: number): void;
  exp(z: number, out: number, unused: number, n: number): void;
}

const up4 = (n: number) => (n + 3) & ~3;

let shared: SimdKernels | null | undefined;

/**
 * The one instance of this thread, made on first use (so a page that never multiplies never
 * compiles WebAssembly), or null where WebAssembly SIMD is missing.
 */
export function simdKernels(): SimdKernels | null {
  if (shared === undefined) shared = SimdKernels.create();
  return shared;
}

/**
 * The kernels with their memory: each call copies its operands in (padding to the sizes the
 * kernels need with zeros, which add exact zeros to nothing that is kept) and the result
 * out. Signatures as in linalg.ts.
 */
export class SimdKernels {
  private heap: Float64Array;
  private constructor(private readonly ex: Exports) {
    this.heap = new Float64Array(ex.mem.buffer);
  }

  /** The kernels, or null where WebAssembly SIMD is missing. */
  static create(): SimdKernels | null {
    try {
      if (typeof WebAssembly === 'undefined') return null;
      const bytes = moduleBytes();
      if (!WebAssembly.validate(bytes)) return null;
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      return new SimdKernels(instance.exports as unknown as Exports);
    } catch {
      return null;
    }
  }

  /** Room for `doubles` doubles; returns the heap view (renewed after growth). */
  private reserve(doubles: number): Float64Array {
    const bytes = doubles * 8;
    const have = this.ex.mem.buffer.byteLength;
    if (bytes > have) this.ex.mem.grow(Math.ceil((bytes - have) / 65536));
    if (this.heap.buffer !== this.ex.mem.buffer) this.heap = new Float64Array(this.ex.mem.buffer);
    return this.heap;
  }

  affineForward(
    W: Float64Array,
    wOff: number,
    b: Float64Array,
    bOff: number,
    X: Float64Array,
    Z: Float64Array,
    n: number,
    nin: number,
    nout: number,
  ): void {
    const n4 = up4(n);
    const N4 = up4(nout);
    const a = 0;
    const bb = a + n4 * nin + ((n4 * nin) & 1);
    const init = bb + nin * N4;
    const c = init + N4;
    const h = this.reserve(c + n4 * N4);
    h.set(X.subarray(0, n * nin), a);
    h.fill(0, a + n * nin, a + n4 * nin);
    for (let j = 0; j < N4; j++) {
      if (j < nout) {
        const w = wOff + j * nin;
        for (let i = 0; i < nin; i++) h[bb + i * N4 + j] = W[w + i];
        h[init + j] = b[bOff + j];
      } else {
        for (let i = 0; i < nin; i++) h[bb + i * N4 + j] = 0;
        h[init + j] = 0;
      }
    }
    this.ex.rtm(8 * a, 8 * bb, 8 * c, 8 * init, n4, nin, N4);
    copyOut(h, c, N4, Z, 0, nout, n);
  }

  backpropInput(
    W: Float64Array,
    wOff: number,
    dZ: Float64Array,
    dX: Float64Array,
    n: number,
    nin: number,
    nout: number,
  ): void {
    const n4 = up4(n);
    const N4 = up4(nin);
    const a = 0;
    const bb = a + n4 * nout + ((n4 * nout) & 1);
    const init = bb + nout * N4;
    const c = init + N4;
    const h = this.reserve(c + n4 * N4);
    h.set(dZ.subarray(0, n * nout), a);
    h.fill(0, a + n * nout, a + n4 * nout);
    for (let j = 0; j < nout; j++) {
      const o = bb + j * N4;
      h.set(W.subarray(wOff + j * nin, wOff + (j + 1) * nin), o);
      h.fill(0, o + nin, o + N4);
    }
    h.fill(0, init, init + N4);
    this.ex.rtm(8 * a, 8 * bb, 8 * c, 8 * init, n4, nout, N4);
    copyOut(h, c, N4, dX, 0, nin, n);
  }

  /** The whole four-row groups of G_W += dZᵀ X (g_b and the last n mod 4 rows stay with the caller). */
  accumulateWeightGradient(
    dZ: Float64Array,
    X: Float64Array,
    gW: Float64Array,
    wOff: number,
    n4: number,
    nin: number,
    nout: number,
  ): void {
    const I4 = up4(nin);
    const O4 = up4(nout);
    const dz = 0;
    const x = dz + n4 * O4;
    const g = x + n4 * I4;
    const h = this.reserve(g + O4 * I4);
    copyIn(dZ, 0, nout, h, dz, O4, n4);
    copyIn(X, 0, nin, h, x, I4, n4);
    copyIn(gW, wOff, nin, h, g, I4, nout);
    h.fill(0, g + nout * I4, g + O4 * I4);
    this.ex.grad(8 * dz, 8 * x, 8 * g, n4, O4, I4);
    copyOut(h, g, I4, gW, wOff, nin, nout);
  }

  /** out = e^z over n values (out may alias z); arguments below −708 give e^−708. */
  exp(z: Float64Array, out: Float64Array, n: number): void {
    const n2 = (n + 7) & ~7;
    const h = this.reserve(2 * n2);
    h.set(z.subarray(0, n), 0);
    h.fill(0, n, n2);
    this.ex.exp(0, 8 * n2, 0, n2);
    out.set(h.subarray(n2, n2 + n));
  }

  /** out = SiLU(z) over n values (out may alias z); with d1, σ′ too. */
  silu(z: Float64Array, out: Float64Array, n: number, d1?: Float64Array): void {
    const n2 = (n + 7) & ~7;
    const h = this.reserve(3 * n2);
    h.set(z.subarray(0, n), 0);
    h.fill(0, n, n2);
    if (d1) {
      this.ex.siluSlope(0, 8 * n2, 16 * n2, n2);
      d1.set(h.subarray(2 * n2, 2 * n2 + n));
    } else this.ex.silu(0, 8 * n2, 0, n2);
    out.set(h.subarray(n2, n2 + n));
  }
}

/** rows × cols from `src` at `off` (row stride cols) into the heap (row stride `stride`, zero padded). */
function copyIn(
  src: Float64Array,
  off: number,
  cols: number,
  h: Float64Array,
  to: number,
  stride: number,
  rows: number,
): void {
  if (stride === cols) {
    h.set(src.subarray(off, off + rows * cols), to);
    return;
  }
  for (let p = 0; p < rows; p++) {
    h.set(src.subarray(off + p * cols, off + (p + 1) * cols), to + p * stride);
    h.fill(0, to + p * stride + cols, to + (p + 1) * stride);
  }
}

/** rows × cols from the heap (row stride `stride`) into out at `off` (row stride cols). */
function copyOut(
  h: Float64Array,
  from: number,
  stride: number,
  out: Float64Array,
  off: number,
  cols: number,
  rows: number,
): void {
  if (stride === cols) {
    out.set(h.subarray(from, from + rows * cols), off);
    return;
  }
  for (let p = 0; p < rows; p++)
    out.set(h.subarray(from + p * stride, from + p * stride + cols), off + p * cols);
}
