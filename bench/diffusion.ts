/**
 * The diffusion lab on eight Gaussians on a ring (radius 4, std 0.5, VP β 0.1 → 20, T = 1)
 * with the default settings: training time and score errors of the trained network, the
 * grid solution's score errors, sampling 4096 particles × 500 steps with each control
 * (seconds, sliced W2 and MMD² against held-out data, with the data floor), and the control
 * gap. `npm run bench -- diffusion --peer` also runs the PyTorch peer
 * (/usr/bin/python3 ../shared/peers/diffusion_2d.py --threads 1 --seed 0 --train-only; the
 * folder from HJB_PEERS when set) in the same sitting and prints its line, or says where it
 * looked. Reports only; never fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { BenchSuite } from './suite';
import { compileProblem } from '../src/core/problem/compile';
import { diffusionSolver } from '../src/core/solvers/diffusion';
import type { SettingValues } from '../src/core/solvers/solver';

const RING = `import { diffusion } from "hjb-lab";
export default diffusion({ title: 'Eight Gaussians on a ring', data: { mixture: { means: [${Array.from(
  { length: 8 },
  (_, k) => `[${4 * Math.cos((2 * Math.PI * k) / 8)}, ${4 * Math.sin((2 * Math.PI * k) / 8)}]`,
).join(', ')}], std: 0.5 } } });`;

/** The peer beside the project root (/work/main → /work/shared), or where HJB_PEERS says. */
const PEER = `${process.env.HJB_PEERS ?? '../shared/peers'}/diffusion_2d.py`;

export const diffusionSuite: BenchSuite = {
  name: 'diffusion',
  async run(emit) {
    const problem = compileProblem(RING).problem;
    if (!problem || problem.kind !== 'diffusion') throw new Error('the ring does not compile');
    const settings: SettingValues = { ...diffusionSolver.settings.defaults(problem), seed: 0 };
    const r = await diffusionSolver.solve(problem, settings, {});
    emit({
      case: 'ring-train',
      steps: r.trained?.steps,
      seconds: r.trained?.seconds,
      msPerStep: r.trained ? (1000 * r.trained.seconds) / r.trained.steps : undefined,
      hidden: settings.hidden,
      batch: settings.batch,
      scoreError: Object.fromEntries(
        r.scoreErrors.map((e) => [`s=${e.s}`, { trained: e.trained, grid: e.grid }]),
      ),
    });
    emit({ case: 'ring-floor', samples: settings.samples, ...r.dataFloor });
    for (const s of r.samplers)
      emit({
        case: 'ring-sample',
        score: s.score,
        method: s.method,
        particles: settings.samples,
        steps: settings.samplerSteps,
        seconds: s.seconds,
        sw2: s.sw2,
        sw2OverFloor: s.sw2 !== undefined && r.dataFloor ? s.sw2 / r.dataFloor.sw2 : undefined,
        mmd: s.mmd,
      });
    for (const [k, g] of Object.entries(r.controlGap))
      emit({
        case: 'ring-control-gap',
        score: k,
        costMinusValue: g.cost,
        halfGap: g.gap,
        residual: g.residual,
        residualSE: g.residualSE,
      });
    emit({ case: 'ring-total', seconds: r.seconds, loadavg: loadavg() });
    if (process.argv.includes('--peer') && !existsSync(PEER))
      emit({ case: 'peer', error: `no peer at ${PEER} (set HJB_PEERS to its folder)` });
    else if (process.argv.includes('--peer')) {
      const p = spawnSync('/usr/bin/python3', [PEER, '--threads', '1', '--seed', '0', '--train-only'], {
        encoding: 'utf8',
      });
      const line = p.stdout.trim().split('\n').pop() ?? '';
      try {
        emit({ case: 'peer', ...(JSON.parse(line) as Record<string, unknown>) });
      } catch {
        emit({ case: 'peer', error: (p.stderr || line || 'no output').slice(0, 500) });
      }
    }
  },
};
