/**
 * `npm run bench`: accuracy and timing of the reference problems, one JSON line per case.
 * Benchmarks never fail on timing; they only report. `npm run bench -- NAME` runs one suite.
 */
import { suites } from './suites';

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    process.stderr.write(`# bench ${suite.name}\n`);
    await suite.run((line) => process.stdout.write(JSON.stringify({ suite: suite.name, ...line }) + '\n'));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
