import { Unzlib, zlibSync } from 'fflate';

/**
 * zlib (RFC 1950) compression of array bytes. The zlib container's Adler-32 trailer is
 * verified on the way in — fflate does not check it — so a flipped bit in a saved file is
 * reported instead of turning silently into a wrong number.
 */
export function compressBytes(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 6 });
}

export type InflateOutcome =
  | { ok: true; bytes: Uint8Array }
  /** The stream holds a different number of bytes than expected (`atLeast`: counting stopped early). */
  | { ok: false; reason: 'length'; actual: number; atLeast: boolean }
  | { ok: false; reason: 'corrupt'; detail: string };

/** Compressed input is fed in slices so that one push can never inflate to more than a few MB. */
const PUSH_BYTES = 16 * 1024;

/**
 * Inflate `compressed`, expecting exactly `expected` bytes. Never allocates more than
 * `expected` bytes for the result and stops counting after `countLimit` bytes, so a
 * deflate bomb costs neither memory nor unbounded time.
 */
export function inflateExact(compressed: Uint8Array, expected: number, countLimit: number): InflateOutcome {
  const out = new Uint8Array(expected);
  const checksum = new Adler32();
  let total = 0;
  let overLimit = false;
  const stream = new Unzlib((chunk) => {
    if (overLimit) return;
    if (total < expected) out.set(chunk.subarray(0, Math.min(chunk.length, expected - total)), total);
    checksum.update(chunk);
    total += chunk.length;
    if (total > countLimit) overLimit = true;
  });
  try {
    for (let i = 0; i < compressed.length && !overLimit; i += PUSH_BYTES) {
      const end = Math.min(i + PUSH_BYTES, compressed.length);
      stream.push(compressed.subarray(i, end), end === compressed.length);
    }
    if (compressed.length === 0) stream.push(compressed, true);
  } catch (err) {
    return { ok: false, reason: 'corrupt', detail: err instanceof Error ? err.message : String(err) };
  }
  if (overLimit) return { ok: false, reason: 'length', actual: countLimit, atLeast: true };
  // Check the trailer before the length: a truncated stream inflates to too few bytes, and
  // it must be reported as damaged, not as a shape mismatch.
  if (compressed.length < 6) return { ok: false, reason: 'corrupt', detail: 'truncated zlib stream' };
  const t = compressed.length - 4;
  const stored =
    ((compressed[t] << 24) | (compressed[t + 1] << 16) | (compressed[t + 2] << 8) | compressed[t + 3]) >>> 0;
  if (stored !== checksum.value()) return { ok: false, reason: 'corrupt', detail: 'checksum mismatch' };
  if (total !== expected) return { ok: false, reason: 'length', actual: total, atLeast: false };
  return { ok: true, bytes: out };
}

/** Running Adler-32 (RFC 1950 §8.2), fed chunk by chunk. */
export class Adler32 {
  private a = 1;
  private b = 0;

  update(bytes: Uint8Array): void {
    let { a, b } = this;
    // 5552 is the longest run after which b is still below 2^32 (zlib's NMAX), so the
    // sums stay small integers and the modulo is needed only once per block.
    for (let start = 0; start < bytes.length; start += 5552) {
      const end = Math.min(start + 5552, bytes.length);
      for (let i = start; i < end; i++) {
        a += bytes[i];
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.a = a;
    this.b = b;
  }

  value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}

/** Adler-32 of `bytes` in one go. */
export function adler32(bytes: Uint8Array): number {
  const sum = new Adler32();
  sum.update(bytes);
  return sum.value();
}
