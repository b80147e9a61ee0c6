import { describe, expect, it } from 'vitest';
import { accumulatedQuantity } from '../../../src/renderer/charts/labels';

describe('the paths chart names what it accumulates', () => {
  it('cost for minimize, reward for maximize; discounted only with a positive discount', () => {
    expect(accumulatedQuantity('minimize', 0.5)).toBe('discounted cost');
    expect(accumulatedQuantity('minimize', null)).toBe('cost');
    expect(accumulatedQuantity('maximize', 0.1)).toBe('discounted reward');
    expect(accumulatedQuantity('maximize', 0)).toBe('reward');
  });
});
