import LZString from 'lz-string';
import { ProjectError } from './errors';
import { parseProject, serializeProject } from './project-file';
import type { Project } from './types';

/** What a share link's fragment starts with: `#project=…`. */
export const SHARE_PREFIX = 'project=';

/**
 * Longest fragment accepted. lz-string's decompression can be made to expand quadratically
 * (each code one character longer than the last), so the input is capped: 32 K characters
 * expand to at most ~150 M characters in the worst case, and a real project source of tens
 * of kilobytes still fits.
 */
export const MAX_SHARE_FRAGMENT_CHARS = 32 * 1024;

/** Decoded share links are projects without runs: small. */
const MAX_SHARE_PROJECT_BYTES = 4 * 1024 * 1024;

/**
 * The URL fragment (without `#`) that carries `project` without its runs: problem,
 * settings and view. Throws ProjectError when the project is invalid or too large for a link.
 */
export function encodeShareFragment(project: Project): string {
  const shared: Project = { ...project, runs: [], view: { ...project.view, selectedRunId: null } };
  const text = serializeProject(shared, { maxBytes: MAX_SHARE_PROJECT_BYTES });
  // Compact JSON: whitespace would only lengthen the link.
  const compact = JSON.stringify(JSON.parse(text));
  const fragment = SHARE_PREFIX + LZString.compressToEncodedURIComponent(compact);
  if (fragment.length > MAX_SHARE_FRAGMENT_CHARS)
    throw new ProjectError(
      'too-large',
      `this project is too large for a share link (${fragment.length} characters; the limit is ${MAX_SHARE_FRAGMENT_CHARS}); save it as a file instead`,
    );
  return fragment;
}

/** The project carried by a share link's fragment (with or without `#`). Throws ProjectError only. */
export function decodeShareFragment(fragment: string): Project {
  if (typeof fragment !== 'string')
    throw new ProjectError('not-hjb-lab', 'this link holds no HJB Lab project');
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!body.startsWith(SHARE_PREFIX))
    throw new ProjectError('not-hjb-lab', 'this link holds no HJB Lab project');
  if (body.length > MAX_SHARE_FRAGMENT_CHARS)
    throw new ProjectError(
      'too-large',
      `this link is too long (${body.length} characters; the limit is ${MAX_SHARE_FRAGMENT_CHARS})`,
    );
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(body.slice(SHARE_PREFIX.length));
  } catch {
    text = null;
  }
  if (typeof text !== 'string' || text.length === 0)
    throw new ProjectError(
      'bad-encoding',
      'this share link is damaged (it may have been cut short when copied)',
    );
  try {
    return parseProject(text, {
      maxBytes: MAX_SHARE_PROJECT_BYTES,
      maxDecodedBytes: MAX_SHARE_PROJECT_BYTES,
    });
  } catch (err) {
    // A link that decompresses to noise is damaged, not "not JSON" from the user's point of view.
    if (err instanceof ProjectError && err.code === 'not-json')
      throw new ProjectError(
        'bad-encoding',
        'this share link is damaged (it may have been cut short when copied)',
      );
    throw err;
  }
}
