/**
 * Small helpers shared by the float32 passes (forward32.ts, backprop32.ts): compiling a
 * kernel module once per thread, and rounding a size up to whole SIMD blocks.
 */

/** n rounded up to a multiple of m. */
export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/**
 * A getter that compiles the module from `bytes` on first use and remembers it; null where
 * WebAssembly or its SIMD is missing, so callers fall back to their float64 path.
 */
export function compileOnce(bytes: () => Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        const b = bytes();
        compiled =
          typeof WebAssembly !== 'undefined' && WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
