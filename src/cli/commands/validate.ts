/**
 * `hjb validate FILE`: check a `.hjblab` project file the way the app reads it (size,
 * format, version, every field, every array). Exit 0 with a one-line summary; exit 1 with
 * the reason, never a stack trace.
 */
import { readFile, stat } from 'node:fs/promises';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { CURRENT_SCHEMA_VERSION, MAX_PROJECT_BYTES, parseProject, ProjectError } from '../../core/project';
import { formatBytes } from '../../core/project/array-codec';

function parseArgs(args: string[]): string {
  let file: string | null = null;
  for (const a of args) {
    if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'. Usage: ${validate.usage}`);
    if (file !== null) throw new UsageError(`validate takes one file, got '${file}' and '${a}'`);
    file = a;
  }
  if (file === null) throw new UsageError(`which file? Usage: ${validate.usage}`);
  return file;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const validate: CliCommand = {
  name: 'validate',
  summary: 'check a .hjblab project file',
  usage: 'npm run hjb -- validate FILE.hjblab',
  async run(args, io) {
    const file = parseArgs(args);
    let text: string;
    try {
      // Refuse an oversized file before reading it into memory.
      const { size } = await stat(file);
      if (size > MAX_PROJECT_BYTES) {
        io.stderr(
          `hjb validate: ${file}: the file is too large (${formatBytes(size)}; the limit is ${formatBytes(MAX_PROJECT_BYTES)})\n`,
        );
        return 1;
      }
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a folder'
            : String((err as Error).message);
      io.stderr(`hjb validate: cannot read ${file}: ${why}\n`);
      return 1;
    }
    try {
      const project = parseProject(text);
      // The file parsed, so it is JSON with an integer schemaVersion.
      const version = (
        JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as { schemaVersion: number }
      ).schemaVersion;
      const schema =
        version === CURRENT_SCHEMA_VERSION
          ? `schema ${version}`
          : `schema ${version} (upgraded to ${CURRENT_SCHEMA_VERSION} when opened)`;
      const arrays = project.runs.reduce((n, r) => n + Object.keys(r.arrays).length, 0);
      io.stdout(
        `ok: '${project.title}': ${schema}, solver ${project.settings.solver}, ${plural(project.runs.length, 'run')}` +
          `${project.runs.length > 0 ? ` (${plural(arrays, 'array')})` : ''}\n`,
      );
      return 0;
    } catch (err) {
      const message = err instanceof ProjectError ? err.message : String(err);
      io.stderr(`hjb validate: ${file}: ${message}\n`);
      return 1;
    }
  },
};
