/**
 * Validation of every file-related IPC payload from the renderer. The renderer is treated
 * as untrusted: payloads are checked field by field, sizes are capped, and file locations
 * only ever arrive as tokens (see PathGrants) or as a bare suggested file name.
 */
import { z } from 'zod';
import { MAX_PROJECT_BYTES } from '../../core/project';
import { isSafeFileName } from './file-names';

/** Largest exported file (a PNG of a large canvas, a CSV of a 3-D grid). */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

export const EXPORT_FORMATS = ['png', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const token = z.uuid();

/** Project text: the size cap is checked in characters here, in UTF-8 bytes by parseProject. */
const projectText = z.string().max(MAX_PROJECT_BYTES);

/**
 * A file name the user may keep or change in the Save dialog: no folders, no parent
 * references, no control characters, nothing Windows forbids.
 */
export const suggestedName = z.string().refine(isSafeFileName, 'must be a file name, not a path');

export const openRecentRequest = z.strictObject({ token });
export const saveRequest = z.strictObject({ text: projectText, pathToken: token.optional() });
export const saveAsRequest = z.strictObject({ text: projectText, suggestedName: suggestedName.optional() });
export const exportRequest = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  suggestedName,
  data: z.union([
    z.string().max(MAX_EXPORT_BYTES),
    z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_EXPORT_BYTES, 'is too large'),
  ]),
});
/** The renderer's answer to a request for the document text (null: nothing to give). */
export const documentTextReply = z.strictObject({
  id: z.number().int().nonnegative(),
  text: projectText.nullable(),
});
/** Requests without data must come without data. */
export const emptyRequest = z.union([z.undefined(), z.strictObject({})]);

export type OpenRecentRequest = z.infer<typeof openRecentRequest>;
export type SaveRequest = z.infer<typeof saveRequest>;
export type SaveAsRequest = z.infer<typeof saveAsRequest>;
export type ExportRequest = z.infer<typeof exportRequest>;
export type DocumentTextReply = z.infer<typeof documentTextReply>;

/** A payload that failed validation; the handler refuses the request with this message. */
export class IpcValidationError extends Error {
  override name = 'IpcValidationError';
}

/** `schema`-checked payload, or IpcValidationError naming the channel and the bad field. */
export function validatePayload<T>(channel: string, schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new IpcValidationError(`${channel}: invalid request${where}: ${issue.message}`);
}
