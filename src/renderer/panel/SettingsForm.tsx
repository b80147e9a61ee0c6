import type { SettingSpec, SettingValue, SettingValues } from '../../core/solvers/solver';

/**
 * A settings form generated from the solver's setting descriptions (one control per
 * setting); settings not relevant to the problem (e.g. time steps without a horizon) are hidden.
 */
export function SettingsForm({
  specs,
  defaults,
  value,
  onChange,
  disabled,
}: {
  specs: readonly SettingSpec[];
  defaults: SettingValues;
  value: SettingValues;
  onChange: (next: SettingValues) => void;
  disabled: boolean;
}) {
  const merged: SettingValues = { ...defaults, ...value };
  const set = (name: string, v: SettingValue) => onChange({ ...value, [name]: v });
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
            return (
              <div className="setting" key={d.name} title={d.help}>
                <label>{d.label}</label>
                <div className="setting-list">
                  {list.map((n, i) => (
                    <input
                      key={i}
                      type="number"
                      data-testid={`${id}-${i}`}
                      aria-label={`${d.label} (${names[i] ?? i})`}
                      title={names[i]}
                      min={d.min}
                      max={d.max}
                      step={1}
                      value={n}
                      disabled={disabled}
                      onChange={(e) => {
                        const v = Math.round(Number(e.target.value));
                        if (!Number.isFinite(v)) return;
                        const next = [...list];
                        next[i] = v;
                        set(d.name, next);
                      }}
                    />
                  ))}
                </div>
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
              <input
                id={id}
                data-testid={id}
                type="number"
                min={d.min}
                max={d.max}
                step={d.kind === 'integer' ? 1 : 'any'}
                value={Number(current)}
                disabled={disabled}
                onChange={(e) => {
                  const v = Number(e.target.value);
                  if (Number.isFinite(v)) set(d.name, d.kind === 'integer' ? Math.round(v) : v);
                }}
              />
            </div>
          );
        })}
    </div>
  );
}
