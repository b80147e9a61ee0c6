import type { SettingSpec, SettingValue, SettingValues } from '../../core/solvers/solver';
import { draftErrors, draftKey, editField, type SettingDrafts } from '../state/setting-drafts';

/** A number box: shows what was typed (or the stored value), marked with its refusal. */
function NumberBox({
  spec,
  entry,
  value,
  draft,
  error,
  disabled,
  onText,
  label,
  title,
}: {
  spec: SettingSpec;
  entry?: number;
  value: SettingValue | undefined;
  draft: string | undefined;
  error: string | undefined;
  disabled: boolean;
  onText: (text: string) => void;
  label?: string;
  title?: string;
}) {
  const id = `setting-${spec.name}${entry === undefined ? '' : `-${entry}`}`;
  // Text, not type=number: a number input hides what it cannot parse ("1e-", "") and
  // re-renders "0" over an emptied box.
  return (
    <input
      id={entry === undefined ? id : undefined}
      data-testid={id}
      type="text"
      inputMode={spec.kind === 'number' ? 'decimal' : 'numeric'}
      aria-label={label}
      aria-invalid={error !== undefined}
      aria-describedby={error !== undefined ? `${id}-error` : undefined}
      className={error !== undefined ? 'invalid' : undefined}
      title={error ?? title}
      value={draft ?? (value === undefined ? '' : String(value))}
      disabled={disabled}
      onChange={(e) => onText(e.target.value)}
    />
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <div className="setting-error" id={`${id}-error`} data-testid={`${id}-error`} role="alert">
      {message}
    </div>
  );
}

/**
 * A settings form generated from the solver's setting descriptions (one control per
 * setting); settings not relevant to the problem (e.g. time steps without a horizon) are
 * hidden. Number boxes keep their text as typed (drafts) and show the validator's refusal.
 */
export function SettingsForm({
  specs,
  defaults,
  value,
  drafts,
  onChange,
  disabled,
}: {
  specs: readonly SettingSpec[];
  defaults: SettingValues;
  value: SettingValues;
  drafts: SettingDrafts;
  onChange: (next: { values: SettingValues; drafts: SettingDrafts }) => void;
  disabled: boolean;
}) {
  const merged: SettingValues = { ...defaults, ...value };
  const errors = draftErrors(specs, drafts);
  const set = (name: string, v: SettingValue) => onChange({ values: { ...value, [name]: v }, drafts });
  const type = (spec: SettingSpec, text: string, entry?: number) =>
    onChange(editField(spec, text, entry, value, defaults, drafts));
  return (
    <div className="settings-form" data-testid="settings-form">
      {specs
        .filter((d) => d.relevant !== false)
        .map((d) => {
          const id = `setting-${d.name}`;
          const current = merged[d.name];
          if (d.kind === 'integer-list') {
            const list = Array.isArray(current) ? current : [];
            const names = d.entries ?? [];
            const listErrors = list.map((_, i) => errors[draftKey(d.name, i)]);
            return (
              <div className="setting" key={d.name} title={d.help}>
                <label>{d.label}</label>
                <div className="setting-list">
                  {list.map((n, i) => (
                    <NumberBox
                      key={i}
                      spec={d}
                      entry={i}
                      value={n}
                      draft={drafts[draftKey(d.name, i)]}
                      error={listErrors[i]}
                      disabled={disabled}
                      onText={(t) => type(d, t, i)}
                      label={`${d.label} (${names[i] ?? i})`}
                      title={names[i]}
                    />
                  ))}
                </div>
                {listErrors.map((m, i) => (
                  <FieldError key={i} id={`${id}-${i}`} message={m} />
                ))}
              </div>
            );
          }
          if (d.kind === 'boolean') {
            return (
              <label className="setting setting-check" key={d.name} title={d.help}>
                <input
                  type="checkbox"
                  data-testid={id}
                  checked={Boolean(current)}
                  disabled={disabled}
                  onChange={(e) => set(d.name, e.target.checked)}
                />
                {d.label}
              </label>
            );
          }
          if (d.kind === 'choice') {
            return (
              <div className="setting" key={d.name} title={d.help}>
                <label htmlFor={id}>{d.label}</label>
                <select
                  id={id}
                  data-testid={id}
                  value={String(current)}
                  disabled={disabled}
                  onChange={(e) => set(d.name, e.target.value)}
                >
                  {d.choices?.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              </div>
            );
          }
          return (
            <div className="setting" key={d.name} title={d.help}>
              <label htmlFor={id}>{d.label}</label>
              <NumberBox
                spec={d}
                value={current}
                draft={drafts[d.name]}
                error={errors[d.name]}
                disabled={disabled}
                onText={(t) => type(d, t)}
              />
              <FieldError id={id} message={errors[d.name]} />
            </div>
          );
        })}
    </div>
  );
}
