/**
 * The Δt sweep on the 1-D LQR with the default settings (seed only), at the two ends of
 * the default range: the continuous-time critic's policy error (relative L2 over the whole
 * box) at Δt = 0.003 stays within a factor 2 of its error at Δt = 0.1, and the discrete-time
 * critic's is worse at Δt = 0.003, in the policy and in the value: its action signal,
 * Q(x, a) − V(x) = O(Δt), sinks into TD noise of order √Δt.
 *
 * Measured (seed 1, session 11, two rounds of policy iteration with the actor's output
 * layer solved on the held pairs): continuous policy error 0.032 at Δt = 0.1 and 0.039 at
 * 0.003; discrete 0.138 at 0.003 — the closest of seeds 1–3 (the discrete critic's is 3.6,
 * 12 and 7.8 times the continuous one's; docs/numerics.md, "The Δt sweep"). Value error at
 * 0.003: continuous 0.014, discrete 0.173. In session 10 the continuous actor's outer part
 * kept the TD phase's error: 0.112 at 0.1 and 0.120 at 0.003, the discrete critic's only
 * 1.15 times that on seed 1.
 *
 * Part of the error at Δt = 0.1 used to be the hold bias (the sampled system's optimal gain
 * is 15 % under K); the extrapolated evaluation and improvement remove most of it (gain
 * −2.5 % there, seed 1).
 */
import { describe, expect, it } from 'vitest';
import { sweepDt } from '../../../../src/core/solvers/q-learning';
import { example } from './fixtures';

describe('Δt sweep', () => {
  it('keeps the continuous critic sound as Δt shrinks; the discrete one is worse', async () => {
    const lqr = example('lqr-1d');
    // The three runs the claim needs (the discrete critic at Δt = 0.1 is not one of them).
    const runs = [
      ...(await sweepDt(lqr, { dts: [0.1, 0.003], critics: ['continuous'], seed: 1 })),
      ...(await sweepDt(lqr, { dts: [0.003], critics: ['discrete'], seed: 1 })),
    ];
    const run = (dt: number, critic: string) => runs.find((r) => r.dt === dt && r.critic === critic)!;
    console.log(
      runs
        .map(
          (r) => `${r.dt} ${r.critic}: policy ${r.policyError.toFixed(4)}, value ${r.valueError?.toFixed(4)}`,
        )
        .join('\n'),
    );
    expect(runs).toHaveLength(3);
    expect(run(0.003, 'continuous').policyError).toBeLessThan(2 * run(0.1, 'continuous').policyError);
    expect(run(0.003, 'discrete').policyError).toBeGreaterThan(run(0.003, 'continuous').policyError);
    expect(run(0.003, 'discrete').valueError!).toBeGreaterThan(run(0.003, 'continuous').valueError!);
  }, 900_000);
});
