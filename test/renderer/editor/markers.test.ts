import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import type { Diagnostic } from '../../../src/core/problem/types';
import {
  MARKER_OWNER,
  markerSeverity,
  toMarkers,
  type ModelExtent,
} from '../../../src/renderer/editor/markers';

// monaco.MarkerSeverity's values (monaco cannot load in Node).
const SEV = { Hint: 1, Info: 2, Warning: 4, Error: 8 };

function modelOf(text: string): ModelExtent {
  const lines = text.split('\n');
  return { getLineCount: () => lines.length, getLineMaxColumn: (n) => lines[n - 1].length + 1 };
}

function diag(p: Partial<Diagnostic>): Diagnostic {
  return { line: 1, column: 1, endLine: 1, endColumn: 2, message: 'm', severity: 'error', ...p };
}

describe('diagnostics → Monaco markers', () => {
  it('maps severities', () => {
    expect(markerSeverity('error', SEV)).toBe(8);
    expect(markerSeverity('warning', SEV)).toBe(4);
    expect(markerSeverity('info', SEV)).toBe(2);
  });

  it('puts the marker of a compile error on the offending identifier', () => {
    const source = [
      'import { problem, sin } from "hjb-lab";',
      'const a = 1;',
      'export default problem({',
      '  title: "t",',
      '  states: { x: [-1, 1] },',
      '  controls: { u: [-1, 1] },',
      '  minimize: ({ x }, { u }) => x ** 2 + u ** 2,',
      '  discount: 1,',
      '  drift: ({ x }, { u }) => ({ x: a * sine(x) + u }),',
      '});',
    ].join('\n');
    const { diagnostics } = compileProblem(source, {});
    const markers = toMarkers(diagnostics, SEV, modelOf(source));
    expect(markers).toHaveLength(1);
    const [m] = markers;
    expect(m.severity).toBe(SEV.Error);
    expect(m.source).toBe(MARKER_OWNER);
    expect(m.message).toMatch(/did you mean 'sin'/);
    expect(m.startLineNumber).toBe(9);
    expect(m.endLineNumber).toBe(9);
    const line = source.split('\n')[8];
    expect(line.slice(m.startColumn - 1, m.endColumn - 1)).toBe('sine');
  });

  it('keeps markers inside the model and never empty', () => {
    const model = modelOf('abc\n\nxy');
    const [past, empty, atEnd, emptyLine, backwards, nan] = toMarkers(
      [
        diag({ line: 9, column: 40, endLine: 12, endColumn: 50 }),
        diag({ line: 1, column: 2, endLine: 1, endColumn: 2 }),
        diag({ line: 1, column: 4, endLine: 1, endColumn: 4 }),
        diag({ line: 2, column: 1, endLine: 2, endColumn: 1, severity: 'warning' }),
        diag({ line: 3, column: 2, endLine: 1, endColumn: 1 }),
        diag({ line: Number.NaN, column: Number.NaN, endLine: Number.NaN, endColumn: Number.NaN }),
      ],
      SEV,
      model,
    );
    expect(past).toMatchObject({ startLineNumber: 3, startColumn: 2, endLineNumber: 3, endColumn: 3 });
    expect(empty).toMatchObject({ startLineNumber: 1, startColumn: 2, endLineNumber: 1, endColumn: 3 });
    expect(atEnd).toMatchObject({ startLineNumber: 1, startColumn: 3, endLineNumber: 1, endColumn: 4 });
    expect(emptyLine).toMatchObject({
      startLineNumber: 2,
      startColumn: 1,
      endColumn: 1,
      severity: SEV.Warning,
    });
    expect(backwards).toMatchObject({ startLineNumber: 3, startColumn: 2, endLineNumber: 3, endColumn: 3 });
    expect(nan).toMatchObject({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2 });
  });
});
