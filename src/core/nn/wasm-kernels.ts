/**
 * The kernels in WebAssembly SIMD (f64x2), assembled from their opcodes by wasm-asm.ts (no
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
 *   multiples of 4, n ≥ 4 (NIN of 8 in f32x4).
 * - `elementwiseKernel`: e^x, SiLU, SiLU with its slope, with an exponential of its own.
 *
 * The product, the weight gradient and SiLU are also built in f32x4 for float32 inference
 * (`kernelModule32`, forward32.ts) and training (`kernelModuleTrain32`, backprop32.ts); those
 * are not bit-compared to anything (single precision, ~10⁻⁷).
 *
 * Every argument but the counts is a byte address in the module's own memory.
 */
import type { WasmFunction } from './wasm-asm';
import type { Lanes } from './wasm-asm';
import { Body, I32, V128, assembleModule } from './wasm-asm';

/**
 * C = init + A·B; locals after the 7 parameters. Four rows by two vectors of columns per
 * pass: four columns in f64x2, eight in f32x4 (N a multiple of that).
 */
function rowTimesMatrix(lanes: Lanes = 'f64'): WasmFunction {
  const [a, b, c, init, n, K, N] = [0, 1, 2, 3, 4, 5, 6];
  // i32 locals
  const [p, j, k, ap, bp, K8, N8, cp] = [7, 8, 9, 10, 11, 12, 13, 14];
  // v128 locals: acc[r][h] = 15 + 2r + h, s = 23, b0 = 24, b1 = 25
  const acc = (r: number, h: number) => 15 + 2 * r + h;
  const [s, b0, b1] = [23, 24, 25];
  const f = new Body(lanes);
  const E = f.bytes;
  const cols = 32 / E;
  f.get(K).i32(E).mul().set(K8);
  f.get(N).i32(E).mul().set(N8);
  f.i32(0).set(p);
  f.loop(); // rows, four at a time
  f.i32(0).set(j);
  f.loop(); // columns, four at a time
  for (let h = 0; h < 2; h++) {
    f.get(init)
      .get(j)
      .i32(E)
      .mul()
      .add()
      .load(16 * h)
      .set(acc(0, h));
    for (let r = 1; r < 4; r++) f.get(acc(0, h)).set(acc(r, h));
  }
  f.get(a).get(p).get(K8).mul().add().set(ap);
  f.get(b).get(j).i32(E).mul().add().set(bp);
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
  f.inc(ap, E).inc(bp, { local: N8 });
  f.get(k).i32(1).sub().tee(k).i32(0).ne().brIf(0);
  f.end();
  f.get(c).get(p).get(N8).mul().add().get(j).i32(E).mul().add().set(cp);
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++)
      f.get(cp)
        .get(acc(r, h))
        .store(16 * h);
    if (r < 3) f.inc(cp, { local: N8 });
  }
  f.get(j).i32(cols).add().tee(j).get(N).ltU().brIf(0);
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
 * G += dZᵀ X, four outputs by two vectors of inputs per pass (eight independent sums: with
 * two, the chain of dependent adds bound the speed); four inputs in f64x2, eight in f32x4
 * (NIN a multiple of that). In f64x2 the sums are those of linalg.ts, Σ over row groups of
 * four of (dz₀x₀ + dz₁x₁ + dz₂x₂ + dz₃x₃), each group added to G (so the bits agree); in
 * f32x4 the sums run over all rows in registers and G is read and written once (the group
 * updates' loads and stores took a fifth of the kernel's time).
 */
function gradientRows(lanes: Lanes = 'f64'): WasmFunction {
  const grouped = lanes === 'f64';
  const [dz, x, g, n, O4, I4] = [0, 1, 2, 3, 4, 5];
  const [j, i, k, dp, xp, O8, I8, xr, dr, gq] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const t = (q: number, h: number) => 16 + 2 * q + h;
  const [xa, xb, d] = [24, 25, 26];
  const f = new Body(lanes);
  const E = f.bytes;
  const cols = 32 / E;
  /** Runs `each` over the four output rows of G at (j, i), gq stepping from row to row. */
  const rowsOfG = (each: (q: number, h: number) => void) => {
    f.get(g).get(j).get(I8).mul().add().get(i).i32(E).mul().add().set(gq);
    for (let q = 0; q < 4; q++) {
      for (let h = 0; h < 2; h++) each(q, h);
      if (q < 3) f.inc(gq, { local: I8 });
    }
  };
  f.get(O4).i32(E).mul().set(O8);
  f.get(I4).i32(E).mul().set(I8);
  f.i32(0).set(j);
  f.loop(); // outputs, four at a time
  f.i32(0).set(i);
  f.loop(); // inputs, two vectors at a time
  f.get(dz).get(j).i32(E).mul().add().set(dp);
  f.get(x).get(i).i32(E).mul().add().set(xp);
  if (!grouped)
    rowsOfG((q, h) =>
      f
        .get(gq)
        .load(16 * h)
        .set(t(q, h)),
    );
  f.get(n).set(k);
  f.loop(); // rows, four at a time
  f.get(xp).set(xr);
  f.get(dp).set(dr);
  for (let r = 0; r < 4; r++) {
    f.get(xr).load(0).set(xa);
    f.get(xr).load(16).set(xb);
    for (let q = 0; q < 4; q++) {
      f.get(dr)
        .splat(E * q)
        .set(d);
      for (let h = 0; h < 2; h++) {
        f.get(h === 0 ? xa : xb)
          .get(d)
          .fmul();
        if (r > 0 || !grouped) f.get(t(q, h)).fadd();
        f.set(t(q, h));
      }
    }
    if (r < 3) f.inc(xr, { local: I8 }).inc(dr, { local: O8 });
  }
  if (grouped)
    rowsOfG((q, h) =>
      f
        .get(gq)
        .get(gq)
        .load(16 * h)
        .get(t(q, h))
        .fadd()
        .store(16 * h),
    );
  f.get(xr).get(I8).add().set(xp);
  f.get(dr).get(O8).add().set(dp);
  f.get(k).i32(4).sub().tee(k).i32(0).ne().brIf(0);
  f.end();
  if (!grouped)
    rowsOfG((q, h) =>
      f
        .get(gq)
        .get(t(q, h))
        .store(16 * h),
    );
  f.get(i).i32(cols).add().tee(i).get(I4).ltU().brIf(0);
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

/** out = a ⊙ b over n values (out may alias a or b); n a multiple of the lanes. */
function multiplyKernel(lanes: Lanes): WasmFunction {
  const [a, b, out, n] = [0, 1, 2, 3];
  const [o, end] = [4, 5];
  const f = new Body(lanes);
  f.get(n).i32(f.bytes).mul().set(end);
  f.i32(0).set(o);
  f.loop();
  f.get(out).get(o).add();
  f.get(a).get(o).add().load(0);
  f.get(b).get(o).add().load(0);
  f.fmul().store(0);
  f.get(o).i32(16).add().tee(o).get(end).ltU().brIf(0);
  f.end();
  return { params: 4, locals: [[2, I32]], body: f.code };
}

/**
 * Elementwise e^x ('exp'), SiLU x·s with s = 1/(1 + e⁻ˣ) ('silu'), and SiLU with its slope
 * σ′ = s + x·s·(1 − s) ('siluSlope'), in place of Math.exp: e^y = 2ᵏ·e^r with
 * k = round(y/ln 2), r = y − k ln 2 (ln 2 in two parts, the first exact times k) and e^r by
 * its Taylor series to r¹³ (truncation below 10⁻¹⁷ on |r| ≤ ln 2/2), 2ᵏ built in the exponent
 * bits. The argument is clamped to ±708 (where s is already 0 or 1 to the last bit, and
 * e^−708 ≈ 3·10⁻³⁰⁸ stands for smaller values). Needs n a multiple of 8 (16 in f32x4, with
 * the constants of EXP_CONSTANTS).
 */
function elementwiseKernel(
  mode: 'exp' | 'silu' | 'siluSlope',
  lanes: Lanes = 'f64',
  degree: number = EXP_CONSTANTS[lanes].degree,
): WasmFunction {
  const P = { ...EXP_CONSTANTS[lanes], degree };
  const [z, out, d1, n] = [0, 1, 2, 3];
  const [o] = [4];
  // Four vectors side by side: one alone waits on its chain of dependent multiply-adds.
  const U = 4;
  const x = (u: number) => 5 + 5 * u;
  const y = (u: number) => 6 + 5 * u;
  const k = (u: number) => 7 + 5 * u;
  const p = (u: number) => 8 + 5 * u;
  const sg = (u: number) => 9 + 5 * u;
  const f = new Body(lanes);
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
    f.splatConst(P.clamp).fmin().splatConst(-P.clamp).fmax().set(y(u));
    f.get(y(u)).splatConst(Math.LOG2E).fmul().fnearest().set(k(u));
  });
  // r = (y − k·ln2hi) − k·ln2lo, kept in y
  each((u) =>
    f
      .get(y(u))
      .get(k(u))
      .splatConst(P.ln2Hi)
      .fmul()
      .fsub()
      .get(k(u))
      .splatConst(P.ln2Lo)
      .fmul()
      .fsub()
      .set(y(u)),
  );
  each((u) => f.splatConst(1 / FACTORIAL[P.degree]).set(p(u)));
  for (let m = P.degree - 1; m >= 0; m--)
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
      .splatConst(P.bias + 1.5 * 2 ** P.mantissa)
      .fadd()
      .i32(P.mantissa)
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
    .i32(f.bytes)
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

/**
 * Per lane type: the clamp of the argument, ln 2 in two parts (the first times any k exact),
 * the Taylor degree (truncation below the lanes' half ulp on |r| ≤ ln 2/2: r¹⁴/14! < 10⁻¹⁷,
 * r⁸/8! < 10⁻⁸), and the exponent's bias and bit position. Singles: Cephes' expf split and
 * a clamp at ±87, inside the float32 range (e^88.7 overflows).
 */
const EXP_CONSTANTS = {
  f64: {
    clamp: 708,
    ln2Hi: 6.9314718036912381649e-1,
    ln2Lo: 1.90821492927058770002e-10,
    degree: 13,
    bias: 1023,
    mantissa: 52,
  },
  f32: { clamp: 87, ln2Hi: 0.693359375, ln2Lo: -2.1219444e-4, degree: 7, bias: 127, mantissa: 23 },
} as const;
const FACTORIAL = Array.from({ length: 14 }, (_, m) => {
  let v = 1;
  for (let q = 2; q <= m; q++) v *= q;
  return v;
});

/**
 * The float32 inference module: C = init + A·B in f32x4 (four rows by eight columns per pass;
 * N a multiple of 8) and SiLU (n a multiple of 16), for inference where single precision does
 * (forward32.ts). It stays under 4 kB, the most a browser compiles synchronously on a page's
 * main thread.
 */
export function kernelModule32(): Uint8Array<ArrayBuffer> {
  return assembleModule({ rtm: rowTimesMatrix('f32'), silu: elementwiseKernel('silu', 'f32') });
}

/**
 * The float32 training module (backprop32.ts): the product as above, the weight gradient (NIN
 * a multiple of 8), SiLU with its slope, and an elementwise product (n a multiple of 4).
 */
export function kernelModuleTrain32(): Uint8Array<ArrayBuffer> {
  return assembleModule({
    rtm: rowTimesMatrix('f32'),
    grad: gradientRows('f32'),
    siluSlope: elementwiseKernel('siluSlope', 'f32'),
    mul: multiplyKernel('f32'),
  });
}

/**
 * The module: rtm, grad, silu, siluSlope, exp, and expShort: e^x in float64 lanes with the
 * series to r⁷ (truncation below 10⁻⁸ relative), for weights that need no more (wasm-simd.ts
 * calls them).
 */
export function kernelModule(): Uint8Array<ArrayBuffer> {
  return assembleModule({
    rtm: rowTimesMatrix(),
    grad: gradientRows(),
    silu: elementwiseKernel('silu'),
    siluSlope: elementwiseKernel('siluSlope'),
    exp: elementwiseKernel('exp'),
    expShort: elementwiseKernel('exp', 'f64', 7),
  });
}
