import { base64ToBytes, bytesToBase64 } from './base64';
import { atPath, ProjectError } from './errors';
import { describeValue } from './json-value';
import { compressBytes, inflateExact } from './zlib-codec';

/** Element types a project may store. */
export const DTYPES = ['float64', 'float32', 'int32', 'uint8'] as const;
export type DType = (typeof DTYPES)[number];

export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** An array as it lives in memory: typed data, row-major, first axis slowest. */
export type StoredArray =
  | { dtype: 'float64'; shape: number[]; data: Float64Array }
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'uint8'; shape: number[]; data: Uint8Array };

/** An array as it is written in a project file. */
export interface EncodedArray {
  dtype: DType;
  shape: number[];
  encoding: 'deflate-base64';
  /** Base64 of the zlib-deflated little-endian bytes. */
  data: string;
}

export const BYTES_PER_ELEMENT: Record<DType, number> = { float64: 8, float32: 4, int32: 4, uint8: 1 };

/** Largest rank accepted; deeper shapes are almost surely a corrupted file. */
export const MAX_RANK = 8;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'uint8';
  throw new ProjectError(
    'invalid-field',
    'unsupported array type (use Float64Array, Float32Array, Int32Array or Uint8Array)',
  );
}

/** Number of elements a shape describes, or a message saying why the shape is unusable. */
export function shapeSize(shape: readonly number[]): number | string {
  if (shape.length > MAX_RANK) return `shape has ${shape.length} axes; at most ${MAX_RANK} are allowed`;
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0)
      return `shape ${formatShape(shape)} must hold non-negative integers`;
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) return `shape ${formatShape(shape)} is too large`;
  }
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Encode typed data of the given shape for a project file. */
export function encodeArray(data: TypedArray, shape: readonly number[], path = ''): EncodedArray {
  const dtype = dtypeOf(data);
  checkShape(data.length, shape, path);
  return {
    dtype,
    shape: [...shape],
    encoding: 'deflate-base64',
    data: bytesToBase64(compressBytes(toLittleEndianBytes(data))),
  };
}

export interface DecodeOptions {
  /** Field path used in error messages, e.g. `runs[0].arrays.value`. */
  path?: string;
  /** Refuse arrays whose decoded size would exceed this many bytes. */
  maxBytes?: number;
}

/** Default cap on one decoded array: far above any grid the lab can solve, far below a bomb. */
export const MAX_ARRAY_BYTES = 1024 * 1024 * 1024;

/**
 * Decode an array from a project file. Anything wrong — unknown dtype or encoding, bad
 * shape, bad base64, corrupt or truncated deflate data, a checksum mismatch, or a length
 * that does not match the shape — is a ProjectError; nothing else is thrown.
 */
export function decodeArray(encoded: EncodedArray, options: DecodeOptions = {}): StoredArray {
  const path = options.path ?? '';
  const maxBytes = options.maxBytes ?? MAX_ARRAY_BYTES;
  try {
    return decodeUnchecked(encoded, path, maxBytes);
  } catch (err) {
    if (err instanceof ProjectError) throw err;
    throw new ProjectError('internal', atPath(path, `could not decode the array (${String(err)})`), path);
  }
}

function decodeUnchecked(encoded: EncodedArray, path: string, maxBytes: number): StoredArray {
  const enc: Partial<Record<keyof EncodedArray, unknown>> =
    typeof encoded === 'object' && encoded !== null ? encoded : {};
  const { dtype, shape, encoding, data } = enc;
  if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype))
    throw new ProjectError('invalid-field', atPath(path, `unknown dtype ${describeValue(dtype)}`), path);
  if (encoding !== 'deflate-base64')
    throw new ProjectError(
      'invalid-field',
      atPath(path, `unknown encoding ${describeValue(encoding)}`),
      path,
    );
  if (!Array.isArray(shape) || !shape.every((d): d is number => typeof d === 'number'))
    throw new ProjectError('invalid-field', atPath(path, 'shape must be a list of integers'), path);
  if (typeof data !== 'string')
    throw new ProjectError('invalid-field', atPath(path, 'data must be a base64 string'), path);
  const type = dtype as DType;
  const count = shapeSize(shape);
  if (typeof count === 'string') throw new ProjectError('invalid-field', atPath(path, count), path);
  const width = BYTES_PER_ELEMENT[type];
  const expectedBytes = count * width;
  if (expectedBytes > maxBytes)
    throw new ProjectError(
      'too-large',
      atPath(
        path,
        `shape ${formatShape(shape)} needs ${formatBytes(expectedBytes)}; the limit is ${formatBytes(maxBytes)}`,
      ),
      path,
    );
  const compressed = base64ToBytes(data);
  if (compressed === null)
    throw new ProjectError('bad-encoding', atPath(path, 'data is not valid base64'), path);
  // Count a little past the expected size so the message can say how many values there were.
  const countLimit = expectedBytes + 16 * 1024 * 1024;
  const inflated = inflateExact(compressed, expectedBytes, countLimit);
  if (!inflated.ok) {
    if (inflated.reason === 'corrupt')
      throw new ProjectError(
        'bad-encoding',
        atPath(path, `compressed data is damaged (${inflated.detail})`),
        path,
      );
    if (inflated.actual % width !== 0)
      throw new ProjectError(
        'bad-encoding',
        atPath(path, `${inflated.actual} bytes is not a whole number of ${type} values`),
        path,
      );
    const values = inflated.actual / width;
    throw new ProjectError(
      'shape-mismatch',
      atPath(
        path,
        `${inflated.atLeast ? 'more than ' : ''}${values} values do not match shape ${formatShape(shape)}`,
      ),
      path,
    );
  }
  return fromLittleEndianBytes(type, [...shape], inflated.bytes);
}

function checkShape(length: number, shape: readonly number[], path: string): void {
  const count = shapeSize(shape);
  if (typeof count === 'string') throw new ProjectError('invalid-field', atPath(path, count), path);
  if (count !== length)
    throw new ProjectError(
      'shape-mismatch',
      atPath(path, `${length} values do not match shape ${formatShape(shape)}`),
      path,
    );
}

/** Check an in-memory array before it is written (same rules as on the way in). */
export function checkStoredArray(array: StoredArray, path: string): void {
  if (dtypeOf(array.data) !== array.dtype)
    throw new ProjectError('invalid-field', atPath(path, `data is not a ${array.dtype} array`), path);
  checkShape(array.data.length, array.shape, path);
}

/** Little-endian bytes of `data`; a byte copy keeps NaN payloads and -0 exactly. */
export function toLittleEndianBytes(
  data: TypedArray,
  hostIsLittleEndian = HOST_IS_LITTLE_ENDIAN,
): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (!hostIsLittleEndian) swapBytes(bytes, data.BYTES_PER_ELEMENT);
  return bytes;
}

/** Typed array from little-endian bytes (taken over, not copied). */
export function fromLittleEndianBytes(
  dtype: DType,
  shape: number[],
  bytes: Uint8Array,
  hostIsLittleEndian = HOST_IS_LITTLE_ENDIAN,
): StoredArray {
  if (!hostIsLittleEndian) swapBytes(bytes, BYTES_PER_ELEMENT[dtype]);
  // Re-home the bytes in a buffer of their own so the typed array is aligned and exact.
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.slice().buffer;
  switch (dtype) {
    case 'float64':
      return { dtype, shape, data: new Float64Array(buffer) };
    case 'float32':
      return { dtype, shape, data: new Float32Array(buffer) };
    case 'int32':
      return { dtype, shape, data: new Int32Array(buffer) };
    case 'uint8':
      return { dtype, shape, data: new Uint8Array(buffer) };
  }
}

/** Reverse each `width`-byte group in place (big-endian hosts only). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
}
