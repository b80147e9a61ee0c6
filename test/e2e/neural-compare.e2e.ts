/**
 * A neural run's errors against a grid run the user picks: after a grid run and a neural
 * run of the 1-D LQR, comparing the neural run with the grid run adds "V vs run #k" and
 * "policy vs run #k" to the neural run's convergence chart.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openExample, openLab, PATIENCE, runWith, TINY_NEURAL_PI } from './harness';

afterAll(closeBrowser);

describe('a neural run compared with a grid run', () => {
  it('charts its errors against the grid run', { timeout: PATIENCE }, async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'lqr-1d');
      await runWith(page);
      await runWith(page, {
        solver: 'neural-pi',
        settings: { ...TINY_NEURAL_PI, iterations: '3' },
        until: 'finished',
      });
      const chart = page.getByTestId('chart-convergence');
      expect(await chart.innerText()).not.toContain('vs run');
      // The grid run is the second in the list (the first is the launch solve).
      await page.getByTitle('Compare with the selected run').nth(1).click();
      await expect.poll(() => chart.innerText()).toContain('V vs run #2');
      expect(await chart.innerText()).toContain('policy vs run #2');
      expect(lab.pageErrors).toEqual([]);
      await chart.screenshot({ path: 'test-results/neural-compare-chart.png' });
    } finally {
      await lab.close();
    }
  });
});
