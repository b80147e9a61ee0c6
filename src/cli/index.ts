#!/usr/bin/env node
/** Entry point of `npm run hjb`: Node command line over src/core. */
import { commands } from './commands/index';
import { runCli } from './main';

runCli(process.argv.slice(2), commands, {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: Boolean(process.stderr.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hjb: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
