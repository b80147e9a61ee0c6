/**
 * Two solvers, one problem: a neural run compared with a grid run of the same problem is
 * coloured by |V_neural − V_grid|, the grid run interpolated at the network's display nodes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openExample, openLab, PATIENCE, runWith, TINY_NEURAL_PI } from './harness';

afterAll(closeBrowser);

describe('compare a neural run with a grid run', () => {
  it('offers the difference surface and colours by it', { timeout: PATIENCE }, async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'double-integrator-lqr');
      await runWith(page, { settings: { 'shape-0': '41', 'shape-1': '41' } });
      await runWith(page, { solver: 'neural-pi', settings: TINY_NEURAL_PI, until: 'finished' });
      const overlay = page.getByTestId('overlay-select');
      // No compared run yet: no difference to show.
      expect(await overlay.locator('option[value="difference"]').count()).toBe(0);
      // The grid run is the second in the list (the first is the launch solve).
      await page.getByTitle('Compare with the selected run').nth(1).click();
      await expect.poll(() => overlay.locator('option[value="difference"]').count()).toBe(1);
      await overlay.selectOption('difference');
      await expect.poll(() => page.getByTestId('legend').innerText()).toMatch(/\|V − V of #2/);
      expect(lab.pageErrors).toEqual([]);
      await page.screenshot({ path: 'test-results/compare-difference.png' });
    } finally {
      await lab.close();
    }
  });
});
