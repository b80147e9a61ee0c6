import { describe, expect, it } from 'vitest';
import { isFiberClockWarning } from '../../../src/renderer/view/three-console';

describe('three.js console filter', () => {
  it('drops only the Clock deprecation warning', () => {
    expect(
      isFiberClockWarning(
        'warn',
        'THREE.Clock: This module has been deprecated. Please use THREE.Timer instead.',
      ),
    ).toBe(true);
    expect(isFiberClockWarning('error', 'THREE.Clock: This module has been deprecated.')).toBe(false);
    expect(isFiberClockWarning('warn', 'THREE.WebGLRenderer: Context Lost.')).toBe(false);
    expect(isFiberClockWarning('warn', undefined)).toBe(false);
  });
});
