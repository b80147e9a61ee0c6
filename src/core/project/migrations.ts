import { z } from 'zod';
import { ProjectError } from './errors';
import {
  CURRENT_SCHEMA_VERSION,
  FORMAT_TAG,
  MAX_SOURCE_CHARS,
  MAX_TITLE_CHARS,
  runFileSchema,
  settingsValuesSchema,
} from './schema';
import { issueToProjectError } from './zod-issues';
import { defaultView } from './defaults';

export type JsonObject = Record<string, unknown>;

/**
 * One step of the upgrade path: turns a document of schema `from` into one of `from + 1`.
 * `up` validates what it reads (so a bad old file is reported with the old field names)
 * and throws only ProjectError.
 */
export interface Migration {
  from: number;
  describe: string;
  up(doc: JsonObject): JsonObject;
}

/**
 * Version 0 — the first drafts of the format: the problem source lived in `problem`, and
 * the view (camera, overlay, colormap, selected run) was not saved.
 */
const v0Schema = z.strictObject({
  format: z.literal(FORMAT_TAG),
  schemaVersion: z.literal(0),
  title: z.string().max(MAX_TITLE_CHARS),
  problem: z.string().max(MAX_SOURCE_CHARS),
  settings: z.strictObject({ solver: z.string().min(1).max(200), values: settingsValuesSchema }),
  runs: z.array(runFileSchema).optional(),
});

const v0ToV1: Migration = {
  from: 0,
  describe: '`problem` renamed to `source`; view state added (default view, latest run selected)',
  up(doc) {
    const parsed = v0Schema.safeParse(doc, { reportInput: true });
    if (!parsed.success) throw issueToProjectError(parsed.error);
    const { problem, ...rest } = parsed.data;
    const runs = rest.runs ?? [];
    return {
      ...rest,
      schemaVersion: 1,
      source: problem,
      view: { ...defaultView(), selectedRunId: runs.length > 0 ? runs[runs.length - 1].id : null },
    };
  },
};

/** Every upgrade step, by the version it starts from. Add one here when the schema changes. */
export const MIGRATIONS: readonly Migration[] = [v0ToV1];

/** The oldest schema version this app can still read. */
export const OLDEST_SCHEMA_VERSION = 0;

/**
 * Upgrade `doc` (of schema `version`) step by step to `target`. A missing step is a
 * ProjectError, never a silent pass-through.
 */
export function migrateDocument(
  doc: JsonObject,
  version: number,
  target = CURRENT_SCHEMA_VERSION,
  registry: readonly Migration[] = MIGRATIONS,
): JsonObject {
  let current = doc;
  for (let v = version; v < target; v++) {
    const step = registry.find((m) => m.from === v);
    if (!step)
      throw new ProjectError(
        'invalid-field',
        `schemaVersion: this app cannot read schema ${version} (no upgrade from schema ${v})`,
        'schemaVersion',
      );
    current = step.up(current);
    if (current.schemaVersion !== v + 1)
      throw new ProjectError('internal', `the upgrade from schema ${v} did not produce schema ${v + 1}`);
  }
  return current;
}
