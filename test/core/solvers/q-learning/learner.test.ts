/**
 * The final phase after the last episode (src/core/solvers/q-learning/learner.ts, finish)
 * runs in chunks: a progress report per stage, the checkpoint awaited between chunks (a
 * pending one holds the work), and a cancel observed at the next chunk boundary, after
 * which no further work is done and the networks are those the last episode left. Work is
 * counted in hook calls, never in time.
 */
import { describe, expect, it } from 'vitest';
import { qLearningSolver } from '../../../../src/core/solvers/q-learning';
import { example, merton } from './fixtures';

const small = {
  episodes: 4,
  blockEpisodes: 2,
  updatesPerEpisode: 5,
  envs: 32,
  batchSize: 16,
  episodeTime: 0.3,
  dt: 0.05,
  valueRollouts: 64,
  improveSteps: 20,
  seed: 1,
};

describe('Q-learning final phase', () => {
  it('reports the stages of the improvement rounds, then the last block', async () => {
    const lqr = example('lqr-1d');
    const phases: string[] = [];
    let checkpoints = 0;
    const result = await qLearningSolver.solve(lqr, small, {
      onProgress: (p) => phases.push(p.phase ?? ''),
      checkpoint: () => {
        checkpoints++;
      },
    });
    expect(result.status).toBe('done');
    expect(phases).toEqual([
      'episode 2 of 4',
      'final phase: value refitted to the returns',
      'final phase: policy improvement',
      'final phase: value refitted to the improved policy',
      'final phase: policy improvement, round 2',
      'episode 4 of 4',
    ]);
    // Two blocks, four stages, and chunk boundaries in between (the fits' Adam steps in tens).
    expect(checkpoints).toBeGreaterThan(4);
    // The history keeps one row per block (the CLI's shape).
    expect(result.history.iteration).toEqual([2, 4]);
  });

  it('stops the relative phase at the next chunk boundary once cancelled, with the last block’s networks', async () => {
    const { problem } = merton({ gamma: 2, r: 0.03, mu: 0.08, sigma: 0.2, rho: 0.05, zMax: 10 });
    const signal = { cancelled: false };
    const phases: string[] = [];
    let checkpoints = 0;
    let atStage = -1;
    let atCancel = -1;
    // A checkpoint that holds the run until a timer fires: the next chunk must wait for it.
    let held = false;
    let heldAtNext: boolean | null = null;
    const result = await qLearningSolver.solve(problem, small, {
      signal,
      onProgress: (p) => {
        phases.push(p.phase ?? '');
        if (p.phase === 'final phase: relative terms: first policy') atStage = checkpoints;
      },
      checkpoint: () => {
        checkpoints++;
        if (atStage < 0) return;
        if (checkpoints === atStage + 2) {
          held = true;
          return new Promise<void>((release) =>
            setTimeout(() => {
              held = false;
              release();
            }, 0),
          );
        }
        // Two chunk boundaries into the first round's windows.
        if (checkpoints === atStage + 3) {
          heldAtNext = held;
          signal.cancelled = true;
          atCancel = checkpoints;
        }
      },
    });
    expect(atStage).toBeGreaterThan(0);
    expect(heldAtNext).toBe(false);
    expect(result.status).toBe('cancelled');
    expect(result.iterations).toBe(4);
    // Nothing after the cancel: no chunk reached its end, no stage was reported; the last
    // block is reported with the networks it left.
    expect(checkpoints).toBe(atCancel);
    expect(phases.slice(-2)).toEqual(['final phase: relative terms: first policy', 'episode 4 of 4']);
    expect(result.history.iteration).toEqual([2, 4]);
    // Those networks are the training's own: a run without the final phase (no rollouts)
    // trains the same ones.
    const bare = await qLearningSolver.solve(problem, { ...small, valueRollouts: 0 }, {});
    expect(Array.from(result.display.policy[0])).toEqual(Array.from(bare.display.policy[0]));
    expect(Array.from(result.display.policy[1])).toEqual(Array.from(bare.display.policy[1]));
    expect(Array.from(result.display.value)).toEqual(Array.from(bare.display.value));
    expect(result.summary.policyError).toBe(bare.summary.policyError);
  }, 240_000);
});
