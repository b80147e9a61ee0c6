/**
 * A network solved in more states than a surface shows (the 6-D LQR with neural policy
 * iteration): the view draws a 2-D slice, and moving the slice (the surface's states, the
 * others' values) brings the run's own fields on the new slice from the worker.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openExample, openLab, PATIENCE, chooseSolver, TINY_NEURAL_PI } from './harness';

afterAll(closeBrowser);

describe('slices of a 6-D neural run', () => {
  it('shows the slice through two states and moves it on request', { timeout: PATIENCE }, async () => {
    const lab = await openLab();
    const { page } = lab;
    try {
      await openExample(page, 'lqr-6d');
      await chooseSolver(page, 'neural-pi', TINY_NEURAL_PI);
      await page.getByTestId('run').click();
      // The slice bar appears once the run has finished with a sliced display.
      const bar = page.getByTestId('state-slice');
      await bar.waitFor();
      const legend = page.getByTestId('legend');
      await expect
        .poll(() => legend.innerText())
        .toMatch(/slice through x\[0\], x\[1\] at x\[2\] = 0, x\[3\] = 0/);
      // The four other states each have a slider; the surface's two have none.
      await expect.poll(() => bar.locator('input[type="range"]').count()).toBe(4);

      // Another pair of states for the surface.
      await page.getByTestId('slice-axis-1').selectOption('4');
      await expect
        .poll(() => legend.innerText())
        .toMatch(/slice through x\[0\], x\[4\] at x\[1\] = 0, x\[2\] = 0/);
      // Another value of a held state (the slider's far end is the box's edge, 3).
      await page.getByTestId('slice-at-2').fill('3');
      await expect.poll(() => legend.innerText()).toMatch(/x\[2\] = 3/);
      expect(lab.pageErrors).toEqual([]);
      await page.screenshot({ path: 'test-results/slice-6d.png' });
    } finally {
      await lab.close();
    }
  });
});
