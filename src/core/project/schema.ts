import { z } from 'zod';
import { DTYPES, MAX_RANK } from './array-codec';
import { isForbiddenKey, plainJsonProblem, type JsonValue } from './json-value';
import { COLORMAPS, OVERLAYS } from './types';

/**
 * The on-disk shape of the current schema version. Objects are strict: an unknown field
 * is an error rather than silently dropped, because a renamed or misspelt field (`rnus`)
 * would otherwise lose data without a word.
 */
export const CURRENT_SCHEMA_VERSION = 1;

export const FORMAT_TAG = 'hjb-lab';

/** Longest problem source accepted (the language compiler has its own, smaller limit). */
export const MAX_SOURCE_CHARS = 2_000_000;
export const MAX_TITLE_CHARS = 500;
export const MAX_RUNS = 1000;

const key = z
  .string()
  .min(1)
  .max(200)
  .refine((k) => !isForbiddenKey(k), 'the name "__proto__" is not allowed');

const id = z.string().min(1).max(200);

const settingValue = z.union(
  [z.number(), z.string().max(10_000), z.boolean(), z.array(z.number()).max(1024)],
  {
    error: 'must be a number, a string, a boolean or a list of numbers',
  },
);

export const settingsValuesSchema = z.record(key, settingValue);

export const encodedArraySchema = z.strictObject({
  dtype: z.enum(DTYPES),
  shape: z.array(z.number().int().nonnegative()).max(MAX_RANK),
  encoding: z.literal('deflate-base64'),
  data: z.string(),
});

const summaryValue = z.custom<JsonValue>().superRefine((value, ctx) => {
  const problem = plainJsonProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

export const runFileSchema = z.strictObject({
  id,
  solver: id,
  label: z.string().max(MAX_TITLE_CHARS),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  settings: settingsValuesSchema,
  summary: z.record(key, summaryValue),
  arrays: z.record(key, encodedArraySchema),
});

const vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const viewSchema = z.strictObject({
  camera: z.strictObject({ position: vec3, target: vec3 }).nullable(),
  overlay: z.enum(OVERLAYS),
  policyIndex: z.number().int().nonnegative().max(1000),
  colormap: z.enum(COLORMAPS),
  selectedRunId: id.nullable(),
});

export const projectFileSchema = z.strictObject({
  format: z.literal(FORMAT_TAG),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  title: z.string().max(MAX_TITLE_CHARS),
  source: z.string().max(MAX_SOURCE_CHARS),
  settings: z.strictObject({ solver: id, values: settingsValuesSchema }),
  view: viewSchema,
  runs: z.array(runFileSchema).max(MAX_RUNS).optional(),
});

/** A project file of the current version, arrays still encoded. */
export type ProjectFile = z.infer<typeof projectFileSchema>;
export type RunFile = z.infer<typeof runFileSchema>;
