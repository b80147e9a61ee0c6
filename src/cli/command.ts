import type { OptionSpec } from './args';

/** The shape of one CLI command: `hjb NAME ...args`. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars), false when piped. */
  stderrIsTTY: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** One line of help per option, printed by `hjb NAME --help` under the usage. */
  options?: readonly OptionSpec[];
  /** Returns the process exit code. Bad input must return 1 with a message, never throw. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** An error whose message is meant for the user as is (no stack trace is printed). */
export class UsageError extends Error {
  override name = 'UsageError';
}
