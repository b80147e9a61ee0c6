/**
 * Bundle a TypeScript worker_threads entry into one ES module in a temporary folder, so
 * tests and the benchmark can start a real Worker on it (Node cannot load TypeScript in a
 * worker thread).
 */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function bundleWorker(entry: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'hjb-worker-')), 'worker.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return outfile;
}
