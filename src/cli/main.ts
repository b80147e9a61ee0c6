import type { CliCommand, CliIO } from './command';
import { UsageError } from './command';
import { optionHelp } from './args';
import { APP_VERSION } from '../core/version';

function help(commands: readonly CliCommand[]): string {
  const lines = [
    `hjb ${APP_VERSION} — HJB Lab on the command line`,
    '',
    'Usage: npm run hjb -- <command> [options]',
    '       npm run hjb -- --version | --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    "Run 'npm run hjb -- <command> --help' for a command's options.",
  ];
  return lines.join('\n') + '\n';
}

/** Dispatch argv (without node and script) to a command; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  commands: readonly CliCommand[],
  io: CliIO,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(help(commands));
    return first === undefined ? 1 : 0;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout(`${APP_VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`hjb: unknown command '${first}'. Run 'npm run hjb -- --help' for the list.\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    const options = command.options ? ['', 'Options:', ...optionHelp(command.options)] : [];
    io.stdout([`Usage: ${command.usage}`, ...options].join('\n') + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // Bad input must never surface as a stack trace.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`hjb ${command.name}: ${err instanceof UsageError ? '' : 'error: '}${message}\n`);
    return 1;
  }
}
