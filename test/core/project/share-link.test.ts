import { describe, expect, it } from 'vitest';
import LZString from 'lz-string';
import {
  decodeShareFragment,
  encodeShareFragment,
  MAX_SHARE_FRAGMENT_CHARS,
  ProjectError,
  SHARE_PREFIX,
} from '../../../src/core/project';
import { sampleProject } from './fixtures';

function shareError(fragment: string): ProjectError {
  try {
    decodeShareFragment(fragment);
  } catch (err) {
    expect(err).toBeInstanceOf(ProjectError);
    return err as ProjectError;
  }
  throw new Error('decodeShareFragment accepted a bad link');
}

describe('share links', () => {
  it('carry problem, settings and view but no runs, and are URL-safe', () => {
    const project = sampleProject();
    const fragment = encodeShareFragment(project);
    expect(fragment.startsWith(SHARE_PREFIX)).toBe(true);
    // lz-string's URI alphabet: letters, digits, + - $ (all legal, unescaped, in a fragment).
    expect(fragment.slice(SHARE_PREFIX.length)).toMatch(/^[A-Za-z0-9+\-$]+$/);
    // Without the 600 KB of arrays the link is short.
    expect(fragment.length).toBeLessThan(1500);
    const back = decodeShareFragment('#' + fragment);
    expect(back.source).toBe(project.source);
    expect(back.title).toBe(project.title);
    expect(back.settings).toEqual(project.settings);
    expect(back.view).toEqual({ ...project.view, selectedRunId: null });
    expect(back.runs).toEqual([]);
  });

  it('refuses links that are not ours, damaged, cut short or too long', () => {
    expect(shareError('#section-2').code).toBe('not-hjb-lab');
    expect(shareError('').code).toBe('not-hjb-lab');
    const fragment = encodeShareFragment(sampleProject());
    expect(shareError(fragment.slice(0, fragment.length / 2)).code).toBe('bad-encoding');
    expect(shareError(SHARE_PREFIX + '!!!').code).toBe('bad-encoding');
    expect(shareError(SHARE_PREFIX + 'A'.repeat(MAX_SHARE_FRAGMENT_CHARS)).code).toBe('too-large');
    const notProject = SHARE_PREFIX + LZString.compressToEncodedURIComponent('{"hello": 1}');
    expect(shareError(notProject).code).toBe('not-hjb-lab');
  });

  it('refuses to make a link for a project too large for one', () => {
    const project = sampleProject();
    // Incompressible source.
    let s = '';
    let seed = 12345;
    for (let i = 0; i < 60_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      s += String.fromCharCode(33 + (seed % 90));
    }
    project.source = s;
    expect(() => encodeShareFragment(project)).toThrow(ProjectError);
  });
});
