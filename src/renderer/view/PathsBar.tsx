import { clearPaths, simulateFrom } from '../state/controller';
import { useLab } from '../state/store';
import type { Run } from '../state/types';
import { IntegerBox } from './IntegerBox';

const MAX_PATHS = 2000;

/**
 * Sample paths from a typed start state (a click on the surface fills it in too), how many,
 * whether new paths add to the shown ones, and Clear.
 */
export function PathsBar({
  run,
  startText,
  setStartText,
  shownPaths,
}: {
  run: Run | null;
  startText: string;
  setStartText(text: string): void;
  shownPaths: number;
}) {
  const pathCount = useLab((s) => s.pathCount);
  const accumulate = useLab((s) => s.accumulatePaths);
  const simulating = useLab((s) => s.simulating);
  const simError = useLab((s) => s.simError);
  const d = run?.problem.states.length ?? 0;
  const result = run?.result ?? null;

  const launchTyped = () => {
    const from = startText
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (from.length === d && from.every(Number.isFinite)) void simulateFrom(from);
    else useLab.setState({ simError: `type ${d} number${d === 1 ? '' : 's'} separated by commas` });
  };

  return (
    <div className="paths-bar" data-testid="paths-bar" role="toolbar" aria-label="Sample paths">
      <span className="muted">Paths: click the surface, or start at</span>
      <input
        aria-label="Start state"
        data-testid="start-state"
        placeholder={run?.problem.states.map((s) => s.name).join(', ')}
        value={startText}
        onChange={(e) => setStartText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && launchTyped()}
      />
      <button data-testid="launch-paths" onClick={launchTyped} disabled={simulating || !result}>
        Launch
      </button>
      <label className="toggle">
        N
        <IntegerBox
          aria-label="Number of paths"
          data-testid="path-count"
          value={pathCount}
          min={1}
          max={MAX_PATHS}
          onCommit={(v) => useLab.setState({ pathCount: v })}
        />
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          data-testid="accumulate-paths"
          checked={accumulate}
          onChange={(e) => useLab.setState({ accumulatePaths: e.target.checked })}
        />
        accumulate
      </label>
      <button onClick={clearPaths} disabled={shownPaths === 0}>
        Clear
      </button>
      {/* Always laid out, shown while simulating: a note that came and went could re-wrap
          the bar and resize the canvas above it. */}
      <span className="muted" style={{ visibility: simulating ? 'visible' : 'hidden' }}>
        simulating…
      </span>
      {simError && (
        <span className="error-text" data-testid="paths-error" role="alert">
          {simError}
        </span>
      )}
    </div>
  );
}
