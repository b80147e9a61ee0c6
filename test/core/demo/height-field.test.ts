import { describe, expect, it } from 'vitest';
import {
  demoHeight,
  fillHeightRows,
  range,
  validateHeightFieldSpec,
} from '../../../src/core/demo/height-field';

describe('demo height field', () => {
  it('is the double-integrator LQR quadratic form, row-major with x slowest', () => {
    const spec = { n: 5, min: -2, max: 2 };
    const z = new Float64Array(25);
    fillHeightRows(spec, z, 0, 5);
    // x = −2 (row 0), y = 1 (column 3)
    expect(z[3]).toBeCloseTo(-0.5 * (1.292209 * 4 + 2 * 0.659841 * -2 + 0.929183), 12);
    expect(Math.abs(z[12])).toBe(0);
    expect(Math.abs(range(z).zMax)).toBe(0);
    expect(demoHeight(1, 0)).toBeCloseTo(-0.6461045, 12);
  });
  it('rejects bad specs', () => {
    expect(validateHeightFieldSpec({ n: 1, min: 0, max: 1 })).toMatch(/grid size/);
    expect(validateHeightFieldSpec({ n: 10, min: 1, max: 1 })).toMatch(/bounds/);
    expect(validateHeightFieldSpec({ n: 10, min: 0, max: NaN })).toMatch(/bounds/);
    expect(validateHeightFieldSpec({ n: 10, min: 0, max: 1 })).toBeNull();
  });
});
