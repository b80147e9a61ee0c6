/** Finding the project file among command-line arguments (first launch or a second instance). */
import { isAbsolute, resolve } from 'node:path';
import { PROJECT_EXTENSION } from '../../core/project';

/**
 * The first argument that names a `.hjblab` file, made absolute against `cwd` (a second
 * instance reports its own working folder). Flags and Electron's own arguments are skipped.
 */
export function projectPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    if (!arg.toLowerCase().endsWith(PROJECT_EXTENSION)) continue;
    return isAbsolute(arg) ? arg : resolve(cwd, arg);
  }
  return null;
}
