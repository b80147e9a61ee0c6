import { describe, expect, it } from 'vitest';
import { exportPixelRatio } from '../../../src/renderer/view/png-export';

describe('PNG export', () => {
  it('doubles the pixel ratio unless the GPU limit would be exceeded', () => {
    expect(exportPixelRatio(900, 700, 1, 2, 8192)).toBe(2);
    expect(exportPixelRatio(900, 700, 2, 2, 8192)).toBe(4);
    // 2560 CSS px at ratio 2 × 2 = 10240 > 8192: capped to 8192 / 2560.
    expect(exportPixelRatio(2560, 1440, 2, 2, 8192)).toBeCloseTo(3.2, 12);
  });
});
