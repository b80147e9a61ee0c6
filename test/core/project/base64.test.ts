import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64ToBytes, bytesToBase64 } from '../../../src/core/project/base64';

describe('base64', () => {
  it('matches Node for every length around the padding cases and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('handles inputs larger than one encoding slice', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 31) & 255);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(text)).toEqual(bytes);
  });

  it.each([
    ['wrong length', 'QUJD='],
    ['whitespace', 'QU JD'],
    ['URL-safe letters', 'a-_b'],
    ['padding in the middle', 'QQ==QUJD'],
    ['non-ASCII', 'QUJé'],
    ['bits under the padding', 'QR=='],
    ['bits under single padding', 'QUJ='],
    ['three pads', 'Q==='],
  ])('rejects %s', (_name, text) => {
    expect(base64ToBytes(text)).toBeNull();
  });
});
