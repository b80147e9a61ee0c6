import {
  gridSettingsDescription,
  type GridSettings,
  type SettingDescription,
} from '../../core/solvers/grid/settings';

/** A settings form generated from the solver's typed description (one control per field). */
export function SettingsForm({
  defaults,
  value,
  onChange,
  stateNames,
  controlNames,
  finiteHorizon,
  disabled,
}: {
  defaults: GridSettings;
  value: Partial<GridSettings>;
  onChange: (next: Partial<GridSettings>) => void;
  stateNames: string[];
  controlNames: string[];
  finiteHorizon: boolean;
  disabled: boolean;
}) {
  const merged = { ...defaults, ...value } as GridSettings;
  const set = (name: keyof GridSettings, v: unknown) => onChange({ ...value, [name]: v });
  const relevant = (d: SettingDescription) => {
    if (['times', 'timeSteps', 'stepping'].includes(d.name)) return finiteHorizon;
    if (d.name === 'method') return !finiteHorizon;
    if (d.name === 'actions' || d.name === 'refine') return controlNames.length > 0;
    return true;
  };
  return (
    <div className="settings-form" data-testid="settings-form">
      {gridSettingsDescription.filter(relevant).map((d) => {
        const id = `setting-${d.name}`;
        const current = merged[d.name];
        if (d.type === 'integer-list') {
          const list = current as number[];
          const names = d.name === 'shape' ? stateNames : controlNames;
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
        if (d.type === 'boolean') {
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
        if (d.type === 'select') {
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
                {d.options?.map((o) => (
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
              step={d.type === 'integer' ? 1 : 'any'}
              value={Number(current)}
              disabled={disabled}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isFinite(v)) set(d.name, d.type === 'integer' ? Math.round(v) : v);
              }}
            />
          </div>
        );
      })}
    </div>
  );
}
