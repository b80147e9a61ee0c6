import {
  checkStoredArray,
  decodeArray,
  encodeArray,
  formatBytes,
  MAX_ARRAY_BYTES,
  type EncodedArray,
  type StoredArray,
} from './array-codec';
import { atPath, formatPath, ProjectError } from './errors';
import { describeValue, findJsonProblem } from './json-value';
import { migrateDocument, OLDEST_SCHEMA_VERSION, type JsonObject } from './migrations';
import {
  CURRENT_SCHEMA_VERSION,
  FORMAT_TAG,
  projectFileSchema,
  type ProjectFile,
  type RunFile,
} from './schema';
import type { Project, ProjectRun } from './types';
import { issueToProjectError } from './zod-issues';

export const PROJECT_EXTENSION = '.hjblab';

/** Largest project file read or written (UTF-8 bytes). */
export const MAX_PROJECT_BYTES = 64 * 1024 * 1024;

/** Largest total size of a project's decoded arrays (deflate can shrink zeros 1000-fold). */
export const MAX_DECODED_BYTES = 2 * 1024 * 1024 * 1024;

export interface ParseOptions {
  /** Refuse text longer than this many UTF-8 bytes (default MAX_PROJECT_BYTES). */
  maxBytes?: number;
  /** Refuse projects whose arrays decode to more than this many bytes in all (default MAX_DECODED_BYTES). */
  maxDecodedBytes?: number;
}

/**
 * Read a `.hjblab` document: check its size, parse the JSON, recognise the format, refuse
 * newer versions, upgrade older ones, validate every field, and decode the arrays.
 * Throws ProjectError and nothing else, whatever `text` holds.
 */
export function parseProject(text: string, opts: ParseOptions = {}): Project {
  return guard(() => parseUnguarded(text, opts));
}

/**
 * Write a project as a `.hjblab` document. The project is validated by the same rules as
 * on reading (a file this app writes must be one it can read back), so a non-finite
 * setting, a shape that does not match its data or a dangling selected run is a
 * ProjectError here rather than a broken file later.
 */
export function serializeProject(project: Project, opts: { maxBytes?: number } = {}): string {
  return guard(() => {
    const doc = toFileDocument(project);
    validateFile(doc);
    const text = JSON.stringify(doc, null, 2) + '\n';
    const maxBytes = opts.maxBytes ?? MAX_PROJECT_BYTES;
    const bytes = utf8Length(text, maxBytes);
    if (bytes > maxBytes)
      throw new ProjectError(
        'too-large',
        `the project would take ${text.length > maxBytes ? 'at least ' : ''}${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)} (remove some stored runs)`,
      );
    return text;
  });
}

/** The project as the plain JSON document that is written to disk (arrays encoded). */
export function toFileDocument(project: Project): ProjectFile {
  const runs = (project.runs ?? []).map((run, i): RunFile => ({
    id: run.id,
    solver: run.solver,
    label: run.label,
    createdAt: run.createdAt,
    settings: run.settings,
    summary: run.summary,
    arrays: encodeArrays(run.arrays, ['runs', i, 'arrays']),
  }));
  const doc: ProjectFile = {
    format: FORMAT_TAG,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    title: project.title,
    source: project.source,
    settings: project.settings,
    view: project.view,
  };
  if (runs.length > 0) doc.runs = runs;
  return doc;
}

function encodeArrays(
  arrays: Record<string, StoredArray>,
  path: PropertyKey[],
): Record<string, EncodedArray> {
  const out: Record<string, EncodedArray> = {};
  if (typeof arrays !== 'object' || arrays === null)
    throw new ProjectError('invalid-field', atPath(formatPath(path), 'expected an object'), formatPath(path));
  for (const [name, array] of Object.entries(arrays)) {
    const at = formatPath([...path, name]);
    checkStoredArray(array, at);
    out[name] = encodeArray(array.data, array.shape, at);
  }
  return out;
}

function parseUnguarded(text: string, opts: ParseOptions): Project {
  if (typeof text !== 'string') throw new ProjectError('not-json', 'the file is not text');
  const maxBytes = opts.maxBytes ?? MAX_PROJECT_BYTES;
  const bytes = utf8Length(text, maxBytes);
  if (bytes > maxBytes)
    throw new ProjectError(
      'too-large',
      `the file is too large (${text.length > maxBytes ? 'at least ' : ''}${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)})`,
    );
  let doc: unknown;
  try {
    // Editors on Windows like to prepend a byte-order mark; it is not part of the JSON.
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ProjectError(
      'not-json',
      `not a JSON file (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (
    typeof doc !== 'object' ||
    doc === null ||
    Array.isArray(doc) ||
    (doc as JsonObject).format !== FORMAT_TAG
  )
    throw new ProjectError('not-hjb-lab', 'not an HJB Lab project (no "format": "hjb-lab" tag)');
  const record = doc as JsonObject;
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_SCHEMA_VERSION)
    throw new ProjectError(
      'invalid-field',
      `schemaVersion: expected a whole number from ${OLDEST_SCHEMA_VERSION} to ${CURRENT_SCHEMA_VERSION}, got ${describeValue(version)}`,
      'schemaVersion',
    );
  if (version > CURRENT_SCHEMA_VERSION)
    throw new ProjectError(
      'newer-version',
      `made by a newer version of HJB Lab (schema ${version}; this app reads up to ${CURRENT_SCHEMA_VERSION})`,
    );
  checkJson(record);
  const current = migrateDocument(record, version);
  const file = validateFile(current);
  return fromFileDocument(file, opts.maxDecodedBytes ?? MAX_DECODED_BYTES);
}

/** Refuse what schema validation would miss or silently drop: Infinity, `__proto__` keys. */
function checkJson(doc: unknown): void {
  const problem = findJsonProblem(doc);
  if (problem !== null)
    throw new ProjectError(
      problem.kind === 'non-finite' ? 'non-finite' : 'invalid-field',
      atPath(problem.path, problem.message),
      problem.path,
    );
}

/** Validate a current-version document, field by field and across fields. */
function validateFile(doc: unknown): ProjectFile {
  checkJson(doc);
  const parsed = projectFileSchema.safeParse(doc, { reportInput: true });
  if (!parsed.success) throw issueToProjectError(parsed.error);
  const file = parsed.data;
  const runs = file.runs ?? [];
  const seen = new Set<string>();
  runs.forEach((run, i) => {
    if (seen.has(run.id))
      throw new ProjectError(
        'invalid-field',
        `runs[${i}].id: another run already has the id "${run.id}"`,
        `runs[${i}].id`,
      );
    seen.add(run.id);
  });
  const selected = file.view.selectedRunId;
  if (selected !== null && !seen.has(selected))
    throw new ProjectError(
      'invalid-field',
      `view.selectedRunId: there is no run with the id "${selected}"`,
      'view.selectedRunId',
    );
  return file;
}

function fromFileDocument(file: ProjectFile, maxDecodedBytes: number): Project {
  let budget = maxDecodedBytes;
  const runs = (file.runs ?? []).map((run, i): ProjectRun => {
    const arrays: Record<string, StoredArray> = {};
    for (const [name, encoded] of Object.entries(run.arrays)) {
      const array = decodeArray(encoded, {
        path: formatPath(['runs', i, 'arrays', name]),
        maxBytes: Math.min(budget, MAX_ARRAY_BYTES),
      });
      budget -= array.data.byteLength;
      arrays[name] = array;
    }
    return { ...run, arrays };
  });
  return {
    title: file.title,
    source: file.source,
    settings: file.settings,
    view: file.view,
    runs,
  };
}

/**
 * UTF-8 length of `text`, computed only as far as needed: a string cannot encode to fewer
 * bytes than it has UTF-16 units, nor to more than three per unit.
 */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Run `fn`; anything but a ProjectError escaping it is a bug, reported as one all the same. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProjectError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // RangeError here is a stack or allocation limit hit by a pathological document.
    throw new ProjectError('internal', `could not read the project (${message})`);
  }
}
