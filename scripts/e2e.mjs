// `npm run test:e2e`: build the app (main, preload, renderer), then run the Playwright
// end-to-end tests in vitest against the renderer served on 127.0.0.1.
import { spawnSync } from 'node:child_process';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!process.argv.includes('--no-build')) run('npx', ['electron-vite', 'build']);
run('npx', [
  'vitest',
  'run',
  '--config',
  'vitest.e2e.config.ts',
  ...process.argv.slice(2).filter((a) => a !== '--no-build'),
]);
