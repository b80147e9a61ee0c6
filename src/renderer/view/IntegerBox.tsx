import { useState } from 'react';

/**
 * A number box for an integer in [min, max] that shows what the user types: the text is
 * the box's own while it has focus (so it can be emptied and retyped), every complete
 * in-range integer is committed at once, and leaving the box shows the committed value.
 */
export function IntegerBox({
  value,
  min,
  max,
  onCommit,
  ...rest
}: {
  value: number;
  min: number;
  max: number;
  onCommit(value: number): void;
  'aria-label': string;
  'data-testid'?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const parsed = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(parsed) && parsed >= min && parsed <= max;
  return (
    <input
      {...rest}
      type="number"
      min={min}
      max={max}
      step={1}
      value={text}
      aria-invalid={!valid}
      title={valid ? undefined : `a whole number from ${min} to ${max}`}
      onChange={(e) => {
        setDraft(e.target.value);
        const v = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isInteger(v) && v >= min && v <= max) onCommit(v);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
