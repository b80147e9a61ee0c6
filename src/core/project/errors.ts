/** What went wrong with a project file, for callers that react differently per kind. */
export type ProjectErrorCode =
  | 'not-json'
  | 'not-hjb-lab'
  | 'newer-version'
  | 'invalid-field'
  | 'shape-mismatch'
  | 'non-finite'
  | 'too-large'
  | 'bad-encoding'
  // A bug in this module rather than in the file: parseProject still reports it as a
  // ProjectError so that callers only ever see one kind of error (tests assert it never occurs).
  | 'internal';

/**
 * The only error that reading or writing a project may throw. `message` is written for the
 * user as is (it names the offending field by its path, e.g. `runs[0].arrays.value`).
 */
export class ProjectError extends Error {
  override name = 'ProjectError';
  readonly code: ProjectErrorCode;
  /** Path of the offending field (`runs[0].arrays.value`), empty for whole-file problems. */
  readonly path: string;

  constructor(code: ProjectErrorCode, message: string, path = '') {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/** `['runs', 0, 'arrays', 'value']` → `runs[0].arrays.value`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** `path: message`, or just the message when the path is empty. */
export function atPath(path: string, message: string): string {
  return path === '' ? message : `${path}: ${message}`;
}
