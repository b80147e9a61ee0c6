/**
 * The `hjb` CLI run in-process (as bin/hjb does, without spawning Node), with what it prints
 * collected: the one helper the CLI tests share.
 */
import { runCli } from '../../src/cli/main';
import { commands } from '../../src/cli/commands/index';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Run with an argument list; `tty` says whether stderr is a terminal (progress lines). */
export async function runArgs(argv: readonly string[], tty = false): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli([...argv], commands, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    stderrIsTTY: tty,
  });
  return { code, out, err };
}

/** `run('solve', file, '--json')`: the arguments as the shell would split them. */
export function run(...argv: string[]): Promise<CliRun> {
  return runArgs(argv);
}
