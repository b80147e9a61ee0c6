/**
 * `npm run web`: build the renderer and serve it on 127.0.0.1 so the lab runs in any
 * browser. Options: --port N (default 5174), --no-build (serve the existing out/renderer).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { serveStatic } from './static-server';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 5174;
if (!args.includes('--no-build') || !existsSync('out/renderer/index.html')) {
  const r = spawnSync('npx', ['electron-vite', 'build'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
void serveStatic('out/renderer', port).then(({ url }) => {
  console.log(`HJB Lab (web build) at ${url} — Ctrl+C to stop`);
});
