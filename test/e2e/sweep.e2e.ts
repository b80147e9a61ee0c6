/**
 * Continuous-time Q-learning's Δt sweep in the lab: the open problem learned at each time
 * step with both critics, each run's policy error arriving in a chart and a table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openExample, openLab, PATIENCE, chooseSolver } from './harness';

// Small settings: what is checked is the sweep's plumbing, not what it learns.
const TINY: Record<string, string> = {
  episodes: '2',
  envs: '2',
  updatesPerEpisode: '2',
  batchSize: '8',
  blockEpisodes: '1',
  'hidden-0': '4',
  'hidden-1': '4',
};

afterAll(closeBrowser);

describe('the Δt sweep', () => {
  it(
    'learns at each time step with both critics and charts the policy errors',
    { timeout: PATIENCE },
    async () => {
      const lab = await openLab();
      const { page } = lab;
      try {
        await openExample(page, 'lqr-1d');
        await chooseSolver(page, 'q-learning', TINY);
        const dts = page.getByTestId('sweep-dts');
        // A typo is refused before anything runs.
        await dts.fill('0.1, -2');
        await expect.poll(() => page.getByTestId('sweep-run').isDisabled()).toBe(true);
        await dts.fill('0.1, 0.05');
        await page.getByTestId('sweep-run').click();
        await page
          .getByTestId('sweep-status')
          .filter({ hasText: /^done$/ })
          .waitFor();
        const rows = page.getByTestId('sweep-table').locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(4);
        const text = await page.getByTestId('sweep-table').innerText();
        expect(text).toMatch(/0\.1\s+continuous/);
        expect(text).toMatch(/0\.05\s+discrete/);
        await expect.poll(() => page.getByTestId('sweep-chart').locator('canvas').count()).toBeGreaterThan(0);
        expect(lab.pageErrors).toEqual([]);
        await page.getByTestId('sweep').screenshot({ path: 'test-results/sweep.png' });
      } finally {
        await lab.close();
      }
    },
  );
});
