/**
 * The inspector under the editor: the compiled problem typeset with KaTeX (bundled, so it
 * works offline), parameter sliders that rewrite literals in the source, the diagnostics
 * and the domain of states and controls.
 */
import { useCallback, useRef, useState } from 'react';
import type { Diagnostic } from '../../core/problem/types';
import type { CompileReply, ProblemSummary } from '../../workers/protocol';
import { DomainTable, Equations, Section } from './Equations';
import { ParameterRow } from './ParameterRow';
import { formatLiteral, rangeAfterEdits, type AppliedEdit, type OffsetRange } from './parameters';
import './inspector.css';

export interface InspectorProps {
  reply: CompileReply | null;
  compiling: boolean;
  /**
   * A slider or value box moved: set the literal at `range` to value. The range accounts for
   * the inspector's own edits since `reply` (it assumes each was written as formatLiteral);
   * `literalEdit(source, range, value, name)` checks it against the current text.
   */
  onParameter(name: string, value: number, range: { start: number; end: number }): void;
  onRevealLine?(line: number): void;
}

export function Inspector({ reply, compiling, onParameter, onRevealLine }: InspectorProps) {
  // While the source does not compile, keep showing the last problem that did (dimmed).
  const current = reply?.problem ?? null;
  const [lastGood, setLastGood] = useState<ProblemSummary | null>(current);
  if (current !== null && current !== lastGood) setLastGood(current);
  const problem = current ?? lastGood;
  const stale = current === null && problem !== null;
  const diagnostics = reply?.diagnostics ?? [];

  // Slider moves rewrite literals before the next compile reports their new places: track
  // the edits made since this reply so each move addresses the literal where it now is.
  const edits = useRef<{ reply: CompileReply | null; list: AppliedEdit[] }>({ reply: null, list: [] });
  const emitParameter = useCallback(
    (name: string, value: number, compiled: OffsetRange) => {
      if (edits.current.reply !== reply) edits.current = { reply, list: [] };
      const range = rangeAfterEdits(compiled, edits.current.list);
      edits.current.list.push({
        start: range.start,
        oldEnd: range.end,
        newEnd: range.start + formatLiteral(value).length,
      });
      onParameter(name, value, range);
    },
    [reply, onParameter],
  );

  return (
    <div className="inspector" data-testid="inspector">
      <header className="insp-head">
        <span className="insp-title" title={problem?.title}>
          {problem?.title || (reply ? 'Untitled problem' : 'No problem yet')}
        </span>
        {problem && <span className="insp-kind">{problem.kind}</span>}
        <Status reply={reply} compiling={compiling} />
      </header>

      <Diagnostics diagnostics={diagnostics} onRevealLine={onRevealLine} />

      {problem && (
        <div className={stale ? 'insp-body insp-stale' : 'insp-body'}>
          {stale && <p className="insp-note">Showing the last version that compiled.</p>}
          {problem.parameters.length > 0 && (
            <Section title="Parameters">
              <div className="insp-params">
                {problem.parameters.map((p) => (
                  // Keyed by problem and name: another problem's `sigma` starts with its own range.
                  <ParameterRow
                    key={`${problem.kind}:${problem.title}:${p.name}`}
                    spec={p}
                    onParameter={emitParameter}
                  />
                ))}
              </div>
            </Section>
          )}
          <Equations problem={problem} />
          <DomainTable problem={problem} />
        </div>
      )}
    </div>
  );
}

function Status({ reply, compiling }: { reply: CompileReply | null; compiling: boolean }) {
  if (compiling)
    return (
      <span className="insp-status insp-busy" data-testid="compile-status">
        compiling…
      </span>
    );
  if (!reply) return null;
  const errors = reply.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = reply.diagnostics.filter((d) => d.severity === 'warning').length;
  const text = reply.ok
    ? `compiled · ${reply.ms < 10 ? reply.ms.toFixed(1) : reply.ms.toFixed(0)} ms`
    : `${errors} error${errors === 1 ? '' : 's'}`;
  return (
    <span className={reply.ok ? 'insp-status insp-ok' : 'insp-status insp-bad'} data-testid="compile-status">
      {text}
      {warnings > 0 && ` · ${warnings} warning${warnings === 1 ? '' : 's'}`}
    </span>
  );
}

function Diagnostics({
  diagnostics,
  onRevealLine,
}: {
  diagnostics: readonly Diagnostic[];
  onRevealLine?(line: number): void;
}) {
  return (
    <ul className="insp-diags" data-testid="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={`${i}:${d.line}:${d.column}:${d.message}`}>
          <button
            type="button"
            className={`insp-diag insp-${d.severity}`}
            onClick={() => onRevealLine?.(d.line)}
            title={`Go to line ${d.line}`}
          >
            <span className="insp-diag-icon" aria-label={d.severity}>
              {d.severity === 'error' ? '●' : d.severity === 'warning' ? '▲' : 'i'}
            </span>
            <span className="insp-diag-pos">
              {d.line}:{d.column}
            </span>
            <span className="insp-diag-msg">{d.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
