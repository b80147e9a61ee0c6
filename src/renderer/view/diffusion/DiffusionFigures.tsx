/**
 * A diffusion run's verification figures under the view: the score error per forward time
 * (chart), each sampler's sliced W2 and MMD² against held-out data beside the data-vs-data
 * floor at the same sample size, and the control gap J(u) − V against ½E∫|u − u*|² (the
 * verification identity), each with its standard error.
 */
import type { DiffusionResult } from '../../../core/solvers/diffusion';
import { ScoreErrorChart } from '../../charts';

const num = (v: number | undefined) => (v === undefined ? '–' : v.toPrecision(3));

export function DiffusionFigures({ result }: { result: DiffusionResult }) {
  const gaps = Object.entries(result.controlGap);
  return (
    <div className="diffusion-figures" data-testid="diffusion-figures">
      {result.scoreErrors.length > 0 && (
        <div className="diffusion-figure">
          <ScoreErrorChart rows={result.scoreErrors} />
        </div>
      )}
      <table className="diffusion-table small">
        <thead>
          <tr>
            <th>sampler</th>
            <th>sliced W2</th>
            <th>MMD²</th>
            <th>s</th>
          </tr>
        </thead>
        <tbody>
          {result.dataFloor && (
            <tr>
              <td>data vs data (floor)</td>
              <td>{num(result.dataFloor.sw2)}</td>
              <td>{num(result.dataFloor.mmd)}</td>
              <td />
            </tr>
          )}
          {result.samplers.map((s) => (
            <tr key={`${s.score}-${s.method}`} data-testid={`sampler-${s.score}-${s.method}`}>
              <td>
                {s.score} {s.method === 'sde' ? 'reverse SDE' : 'probability-flow ODE'}
              </td>
              <td>{num(s.sw2)}</td>
              <td>{num(s.mmd)}</td>
              <td>{s.seconds.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {gaps.length > 0 && (
        <table className="diffusion-table small">
          <thead>
            <tr>
              <th>control</th>
              <th>J(u) − V</th>
              <th>½E∫|u − u*|²</th>
              <th>difference (0 by the identity)</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map(([kind, g]) => (
              <tr key={kind}>
                <td>{kind}</td>
                <td>
                  {num(g.cost)} ± {num(g.costSE)}
                </td>
                <td>
                  {num(g.gap)} ± {num(g.gapSE)}
                </td>
                <td>
                  {num(g.residual)} ± {num(g.residualSE)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
