/**
 * The inspector under the editor: the compiled problem typeset with KaTeX (bundled, so it
 * works offline), parameter sliders that rewrite literals in the source, the diagnostics
 * and the domain of states and controls.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useCallback, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Diagnostic, ParameterSpec } from '../../core/problem/types';
import type { CompileReply, ProblemSummary } from '../../workers/protocol';
import {
  formatLiteral,
  inferSliderRange,
  rangeAfterEdits,
  roundToStep,
  sliderStep,
  type AppliedEdit,
  type OffsetRange,
  type SliderRange,
} from './parameters';
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

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="insp-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Display-mode KaTeX; errors in the LaTeX show as red source rather than throwing. */
function Tex({ tex, testId }: { tex: string; testId?: string }) {
  const html = useMemo(() => katex.renderToString(tex, { throwOnError: false, displayMode: true }), [tex]);
  return <div className="insp-tex" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
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

function Equations({ problem }: { problem: ProblemSummary }) {
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

function DomainTable({ problem }: { problem: ProblemSummary }) {
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

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/**
 * One parameter: a slider over an inferred (editable) range and a value box. The range is
 * inferred once from the value and kept while the value moves inside it, so dragging does
 * not rescale the slider under the pointer.
 */
function ParameterRow({
  spec,
  onParameter,
}: {
  spec: ParameterSpec;
  onParameter: InspectorProps['onParameter'];
}) {
  const { name } = spec;
  const [range, setRange] = useState<SliderRange>(() => inferSliderRange(spec.value));
  // The value the user set and the compile has not confirmed yet.
  const [draft, setDraft] = useState<number | null>(null);
  const [valueText, setValueText] = useState(() => formatLiteral(spec.value));
  const [minText, setMinText] = useState(() => String(range.min));
  const [maxText, setMaxText] = useState(() => String(range.max));
  const [editingValue, setEditingValue] = useState(false);
  const dragging = useRef(false);

  const lastEmit = useRef(-Infinity);

  // A new compiled value: from an edit of the source, or confirming our own edit. A compile
  // older than the user's latest move (during a drag, or within a second of it) does not
  // take the slider back.
  const [seen, setSeen] = useState(spec.value);
  if (spec.value !== seen) {
    setSeen(spec.value);
    const recent = dragging.current || performance.now() - lastEmit.current < 1000;
    if (!(draft !== null && draft !== spec.value && recent)) {
      setDraft(null);
      if (!editingValue) setValueText(formatLiteral(spec.value));
      if (spec.value < range.min || spec.value > range.max) {
        const r = inferSliderRange(spec.value);
        setRange(r);
        setMinText(String(r.min));
        setMaxText(String(r.max));
      }
    }
  }
  const value = draft ?? spec.value;

  const emit = (v: number) => {
    lastEmit.current = performance.now();
    setDraft(v);
    onParameter(name, v, { start: spec.range.start, end: spec.range.end });
  };

  const onSlider = (e: ChangeEvent<HTMLInputElement>) => {
    const v = roundToStep(Number(e.target.value), range.step);
    if (!Number.isFinite(v) || v === value) return;
    if (!editingValue) setValueText(formatLiteral(v));
    emit(v);
  };

  const onValueBox = (e: ChangeEvent<HTMLInputElement>) => {
    setValueText(e.target.value);
    const v = parseNumber(e.target.value);
    if (v === null || v === value) return;
    if (v < range.min || v > range.max) {
      const r = { min: Math.min(range.min, v), max: Math.max(range.max, v) };
      const next = { ...r, step: sliderStep(r.min, r.max, v) };
      setRange(next);
      setMinText(String(next.min));
      setMaxText(String(next.max));
    }
    emit(v);
  };

  const onBound = (which: 'min' | 'max') => (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.target.value;
    if (which === 'min') setMinText(text);
    else setMaxText(text);
    const v = parseNumber(text);
    if (v === null) return;
    const min = which === 'min' ? v : range.min;
    const max = which === 'max' ? v : range.max;
    if (!(min < max)) return;
    setRange({ min, max, step: sliderStep(min, max, value) });
  };

  const typedMin = parseNumber(minText);
  const typedMax = parseNumber(maxText);
  const invalidBounds = typedMin === null || typedMax === null || typedMin >= typedMax;

  return (
    <div className="insp-param">
      <label className="insp-param-name" htmlFor={`param-${name}`} title={`line ${spec.range.line}`}>
        {name}
      </label>
      <input
        className={invalidBounds ? 'insp-bound insp-invalid' : 'insp-bound'}
        type="number"
        step="any"
        aria-label={`${name} slider minimum`}
        data-testid={`param-min-${name}`}
        value={minText}
        onChange={onBound('min')}
        onBlur={() => setMinText(String(range.min))}
      />
      <input
        id={`param-${name}`}
        className="insp-slider"
        type="range"
        min={range.min}
        max={range.max}
        step={range.step}
        value={value}
        data-testid={`param-${name}`}
        onChange={onSlider}
        onPointerDown={() => {
          dragging.current = true;
        }}
        onPointerUp={() => {
          dragging.current = false;
        }}
        onPointerCancel={() => {
          dragging.current = false;
        }}
      />
      <input
        className={invalidBounds ? 'insp-bound insp-invalid' : 'insp-bound'}
        type="number"
        step="any"
        aria-label={`${name} slider maximum`}
        data-testid={`param-max-${name}`}
        value={maxText}
        onChange={onBound('max')}
        onBlur={() => setMaxText(String(range.max))}
      />
      <input
        className="insp-value"
        type="number"
        step="any"
        aria-label={`${name} value`}
        data-testid={`param-value-${name}`}
        value={valueText}
        onFocus={() => setEditingValue(true)}
        onBlur={() => {
          setEditingValue(false);
          setValueText(formatLiteral(value));
        }}
        onChange={onValueBox}
      />
    </div>
  );
}
