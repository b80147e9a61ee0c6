/**
 * The compiled problem as the inspector shows it: its equations typeset (`Tex`) and the
 * table of states and controls.
 */
import type { ReactNode } from 'react';
import type { ProblemSummary } from '../../workers/protocol';
import { Tex } from './Tex';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="insp-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** `head, \\quad tail` → [head, tail] when the string is exactly that (else [whole]). */
function splitTail(whole: string, tail: string | undefined): string[] {
  const sep = ', \\quad ';
  if (tail && whole.endsWith(sep + tail)) return [whole.slice(0, -(sep.length + tail.length)), tail];
  return [whole];
}

function defined(xs: readonly (string | undefined)[]): string[] {
  return xs.filter((x): x is string => x !== undefined && x !== '');
}

export function Equations({ problem }: { problem: ProblemSummary }) {
  const L = problem.latex;
  const dynamics = L.dynamics ?? L.forward;
  // The objective's running cost/reward on a line of its own: the panel is narrow.
  const objective = L.objective
    ? [...splitTail(L.objective, L.reward), ...defined([L.terminal, L.target, L.exit])]
    : [];
  const constants = defined([L.discount, L.horizon]);
  if (constants.length > 0) objective.push(constants.join(',\\quad '));
  const domain =
    L.states !== undefined || L.controls !== undefined
      ? defined([L.states, L.controls])
      : defined([L.domain]);
  const exact = defined([L.exactValue, L.exactPolicy]);
  return (
    <>
      {L.data && (
        <Section title="Data">
          <Tex tex={L.data} testId="tex-data" />
        </Section>
      )}
      {dynamics && (
        <Section title={problem.kind === 'diffusion' ? 'Forward process' : 'Dynamics'}>
          <Tex tex={dynamics} testId="tex-dynamics" />
        </Section>
      )}
      {L.noise && problem.kind === 'control' && (
        <Section title="Noise">
          <Tex tex={L.noise} testId="tex-noise" />
        </Section>
      )}
      {objective.length > 0 && (
        <Section title={problem.kind === 'diffusion' ? 'Horizon' : 'Objective'}>
          {objective.map((t, i) => (
            <Tex key={i} tex={t} testId={i === 0 ? 'tex-objective' : undefined} />
          ))}
        </Section>
      )}
      {domain.length > 0 && (
        <Section title="Domain">
          {domain.map((t, i) => (
            <Tex key={i} tex={t} testId={i === 0 ? 'tex-domain' : undefined} />
          ))}
        </Section>
      )}
      {exact.length > 0 && (
        <Section title="Exact solution">
          {exact.map((t, i) => (
            <Tex key={i} tex={t} testId={i === 0 ? 'tex-exact' : undefined} />
          ))}
        </Section>
      )}
    </>
  );
}

/** A short, legible rendering of a bound: 4 significant digits, no trailing zeros. */
function short(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

export function DomainTable({ problem }: { problem: ProblemSummary }) {
  if (problem.states.length === 0 && problem.controls.length === 0) return null;
  return (
    <Section title="States and controls">
      <table className="insp-table" data-testid="domain-table">
        <thead>
          <tr>
            <th>name</th>
            <th>min</th>
            <th>max</th>
            <th>boundary</th>
          </tr>
        </thead>
        <tbody>
          {problem.states.map((s) => (
            <tr key={`s:${s.name}`}>
              <td title={s.name}>
                {s.label}
                {s.label !== s.name && <span className="muted"> {s.name}</span>}
              </td>
              <td>{short(s.min)}</td>
              <td>{short(s.max)}</td>
              <td>
                {s.boundary}
                {s.spacing === 'geometric' && <span className="muted"> · geometric</span>}
              </td>
            </tr>
          ))}
          {problem.controls.map((c) => (
            <tr key={`c:${c.name}`} className="insp-control">
              <td title={c.name}>
                {c.label}
                {c.label !== c.name && <span className="muted"> {c.name}</span>}
              </td>
              <td>{short(c.min)}</td>
              <td>{short(c.max)}</td>
              <td className="muted">control</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
