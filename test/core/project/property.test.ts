import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeShareFragment,
  encodeShareFragment,
  parseProject,
  serializeProject,
} from '../../../src/core/project';
import { project } from './arbitraries';
import { bytesOf } from './fixtures';

describe('round trip of any valid project (property)', () => {
  it('serialize → parse gives the same project, arrays bit for bit', () => {
    fc.assert(
      fc.property(project, (p) => {
        const back = parseProject(serializeProject(p));
        expect(back.title).toBe(p.title);
        expect(back.source).toBe(p.source);
        expect(back.settings).toEqual(p.settings);
        expect(back.view).toEqual(p.view);
        expect(back.runs.map((r) => r.id)).toEqual(p.runs.map((r) => r.id));
        back.runs.forEach((run, i) => {
          const orig = p.runs[i];
          expect(run.summary).toEqual(orig.summary);
          expect(run.settings).toEqual(orig.settings);
          expect(run.createdAt).toBe(orig.createdAt);
          expect(Object.keys(run.arrays)).toEqual(Object.keys(orig.arrays));
          for (const [name, array] of Object.entries(run.arrays)) {
            expect(array.dtype).toBe(orig.arrays[name].dtype);
            expect(array.shape).toEqual(orig.arrays[name].shape);
            expect(bytesOf(array.data)).toEqual(bytesOf(orig.arrays[name].data));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('share link → project keeps everything but the runs', () => {
    fc.assert(
      fc.property(project, (p) => {
        const back = decodeShareFragment(encodeShareFragment(p));
        expect(back.source).toBe(p.source);
        expect(back.settings).toEqual(p.settings);
        expect(back.view).toEqual({ ...p.view, selectedRunId: null });
        expect(back.runs).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
