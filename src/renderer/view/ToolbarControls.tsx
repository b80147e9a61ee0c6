/**
 * The controls every view toolbar is made of: a select named for screen readers and a
 * labelled checkbox. Option values keep their type (a state's index, an overlay name).
 */
import type { ReactNode } from 'react';

export interface SelectOption<T extends string | number> {
  value: T;
  label: string;
}

export function ToolbarSelect<T extends string | number>({
  label,
  testId,
  value,
  options,
  onChange,
  disabled = false,
  title,
  placeholder,
}: {
  /** The accessible name (the toolbar shows no text beside a select). */
  label: string;
  testId?: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange(value: T): void;
  disabled?: boolean;
  title?: string;
  /** Shown, disabled, when there are no options. */
  placeholder?: string;
}) {
  return (
    <select
      aria-label={label}
      data-testid={testId}
      value={options.length === 0 ? '' : String(value)}
      disabled={disabled || options.length === 0}
      title={title}
      onChange={(e) => {
        const picked = options.find((o) => String(o.value) === e.target.value);
        if (picked) onChange(picked.value);
      }}
    >
      {options.length === 0 && placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map((o) => (
        <option key={o.value} value={String(o.value)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function ToolbarToggle({
  checked,
  onChange,
  children,
  testId,
  disabled = false,
  title,
}: {
  checked: boolean;
  onChange(checked: boolean): void;
  /** The label's text. */
  children: ReactNode;
  testId?: string;
  disabled?: boolean;
  title?: string;
}) {
  return (
    <label className={disabled ? 'toggle disabled' : 'toggle'} title={title}>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      {children}
    </label>
  );
}
