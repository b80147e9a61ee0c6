/**
 * Strict standard base64 (RFC 4648 §4, with padding) for Uint8Array, without Buffer or
 * atob so it runs alike in Node, workers and the browser, and rejects whitespace, URL-safe
 * letters and bad padding instead of silently skipping them (a corrupted file must be
 * noticed, not half-decoded).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Build in slices: one giant string concatenation per character would be quadratic-ish
  // in V8's rope flattening, and String.fromCharCode has an argument limit.
  const SLICE = 3 * 16384;
  for (let start = 0; start < bytes.length; start += SLICE) {
    const end = Math.min(start + SLICE, bytes.length);
    const codes = new Array<number>(Math.ceil((end - start) / 3) * 4);
    let o = 0;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      codes[o++] = ALPHABET.charCodeAt(n >>> 18);
      codes[o++] = ALPHABET.charCodeAt((n >>> 12) & 63);
      codes[o++] = ALPHABET.charCodeAt((n >>> 6) & 63);
      codes[o++] = ALPHABET.charCodeAt(n & 63);
    }
    const rest = end - i;
    if (rest > 0) {
      const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
      codes[o++] = ALPHABET.charCodeAt(n >>> 18);
      codes[o++] = ALPHABET.charCodeAt((n >>> 12) & 63);
      codes[o++] = rest === 2 ? ALPHABET.charCodeAt((n >>> 6) & 63) : 61;
      codes[o++] = 61;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Decoded bytes, or null when `text` is not canonical padded base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  let pad = 0;
  if (text.length > 0 && text.charCodeAt(text.length - 1) === 61) pad++;
  if (text.length > 1 && text.charCodeAt(text.length - 2) === 61) pad++;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = last && pad === 2 ? 0 : sextet(text, i + 2);
    const d = last && pad >= 1 ? 0 : sextet(text, i + 3);
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
    // Non-zero bits hidden under the padding mean the text was not written by an encoder.
    if (last && ((pad === 1 && (c & 3) !== 0) || (pad === 2 && (b & 15) !== 0))) return null;
  }
  return out;
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? DECODE[code] : -1;
}
