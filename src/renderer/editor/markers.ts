/**
 * Diagnostics of the problem language as Monaco markers. Pure (Monaco's severity values and
 * the model's extent are passed in) so it can be tested in Node.
 */
import type { Diagnostic, Severity } from '../../core/problem/types';

/** The owner of our markers: Monaco's TypeScript service keeps its own ('typescript'). */
export const MARKER_OWNER = 'hjb-lab';

/** The values of `monaco.MarkerSeverity` we use. */
export interface MarkerSeverities {
  Error: number;
  Warning: number;
  Info: number;
}

/** The part of a Monaco text model the mapping needs. */
export interface ModelExtent {
  getLineCount(): number;
  /** One past the last column of a line (Monaco's getLineMaxColumn). */
  getLineMaxColumn(line: number): number;
}

export interface MarkerData {
  severity: number;
  message: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export function markerSeverity(s: Severity, sev: MarkerSeverities): number {
  return s === 'error' ? sev.Error : s === 'warning' ? sev.Warning : sev.Info;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/**
 * One marker per diagnostic, clamped to the model (a diagnostic may be a keystroke older
 * than the text). An empty span is widened to one character (the whole line when the line is
 * empty at that point) so the squiggle is visible.
 */
export function toMarkers(
  diagnostics: readonly Diagnostic[],
  sev: MarkerSeverities,
  model: ModelExtent,
): MarkerData[] {
  const lines = Math.max(1, model.getLineCount());
  return diagnostics.map((d) => {
    const startLine = clamp(Math.round(d.line) || 1, 1, lines);
    const startMax = model.getLineMaxColumn(startLine);
    const startColumn = clamp(Math.round(d.column) || 1, 1, startMax);
    let endLine = clamp(Math.round(d.endLine) || startLine, startLine, lines);
    let endColumn = clamp(Math.round(d.endColumn) || startColumn, 1, model.getLineMaxColumn(endLine));
    if (endLine === startLine && endColumn <= startColumn) {
      if (startColumn < startMax) endColumn = startColumn + 1;
      else if (startColumn > 1) return marker(d, sev, startLine, startColumn - 1, startLine, startColumn);
      else endColumn = startColumn;
      endLine = startLine;
    }
    return marker(d, sev, startLine, startColumn, endLine, endColumn);
  });
}

function marker(
  d: Diagnostic,
  sev: MarkerSeverities,
  startLineNumber: number,
  startColumn: number,
  endLineNumber: number,
  endColumn: number,
): MarkerData {
  return {
    severity: markerSeverity(d.severity, sev),
    message: d.message,
    source: MARKER_OWNER,
    startLineNumber,
    startColumn,
    endLineNumber,
    endColumn,
  };
}
