import { describe, expect, it } from 'vitest';
import { learningCurve } from '../../../src/renderer/charts/learning-curve-data';

describe('learning curve data', () => {
  it('keeps returns of either sign, and TD losses only where a log axis can draw them', () => {
    const c = learningCurve({
      iteration: [5, 10, 15],
      seconds: [0.1, 0.2, 0.3],
      metrics: { return: [-3.5, -1.25, NaN], tdLoss: [NaN, 2e-3, 0], valueError: [1, 0.5, 0.2] },
    });
    expect(c).not.toBeNull();
    expect(c!.data).toEqual([
      [5, 10, 15],
      [-3.5, -1.25, null],
      [null, 2e-3, null],
    ]);
  });

  it('is null for a history without return or TD loss (a grid run)', () => {
    expect(learningCurve({ iteration: [1], seconds: [0], metrics: { residualMax: [1] } })).toBeNull();
  });

  it('reads rows a history lacks as gaps', () => {
    const c = learningCurve({ iteration: [5, 10], seconds: [0, 0], metrics: { return: [-1] } });
    expect(c!.data).toEqual([
      [5, 10],
      [-1, null],
      [null, null],
    ]);
  });
});
