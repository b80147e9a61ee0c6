/**
 * A small static file server for the built renderer, bound to 127.0.0.1 only, with the
 * same headers as the desktop app's app:// protocol (src/main/app-headers.ts). Used by
 * `npm run web` and the end-to-end tests.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { appResponseHeaders, resolveUnderRoot } from '../src/main/app-headers';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export function serveStatic(root: string, port = 0): Promise<StaticServer> {
  const base = nodePath.resolve(root);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let file = resolveUnderRoot(base, url.pathname, nodePath);
      if (!file) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = nodePath.join(file, 'index.html');
      try {
        const body = await readFile(file);
        res.writeHead(200, appResponseHeaders(file)).end(body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
