/**
 * One parameter of the inspector: a slider over an inferred (editable) range, its bounds and
 * a value box, each rewriting the literal in the source through `onParameter`.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { ParameterSpec } from '../../core/problem/types';
import type { InspectorProps } from './Inspector';
import { formatLiteral, inferSliderRange, roundToStep, sliderStep, type SliderRange } from './parameters';

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
export function ParameterRow({
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
