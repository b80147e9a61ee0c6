/**
 * A Q-learning run in the lab draws its learning curve (episode return and TD loss per
 * block of episodes) from the run's history.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openExample, openLab, PATIENCE, runWith } from './harness';

// Small settings: what is checked is the chart's plumbing, not what the run learns.
const SMALL: Record<string, string> = {
  episodes: '6',
  envs: '4',
  updatesPerEpisode: '4',
  batchSize: '16',
  blockEpisodes: '1',
  'hidden-0': '8',
  'hidden-1': '8',
  // The value refit and improvement after the last episode run too, at a small size (the
  // defaults, 1024 rollouts over 4/ρ and 1000 steps, would dwarf the episodes).
  valueRollouts: '64',
  improveSteps: '20',
};

afterAll(closeBrowser);

describe('a Q-learning run', () => {
  it('draws its learning curve from the history', { timeout: PATIENCE }, async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'lqr-1d');
      await runWith(page, { solver: 'q-learning', settings: SMALL, until: 'finished' });
      const chart = page.getByTestId('chart-learning-curve');
      await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
      const legend = await chart.innerText();
      expect(legend).toContain('episode return');
      expect(legend).toContain('TD loss');
      expect(lab.pageErrors).toEqual([]);
      await chart.screenshot({ path: 'test-results/learning-curve.png' });
    } finally {
      await lab.close();
    }
  });
});
