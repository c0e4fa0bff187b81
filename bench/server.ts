import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** Where each served prefix comes from: the bench pages, our build, the peer's published bundle. */
const MOUNTS: [prefix: string, dir: string][] = [
  ['/dist/', join(root, 'dist')],
  ['/deep-chat/', join(root, 'node_modules/deep-chat/dist')],
  ['/', join(root, 'bench/pages')],
];

export interface Site {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the bench pages, the built bundle and deep-chat's bundle, uncompressed, from one origin.
 * With `baseline` (the directory of another build), `/base/` serves the same pages loading that
 * build instead (the pages load `dist/…` relative to themselves).
 */
export async function startSite(baseline?: string): Promise<Site> {
  const mounts: [string, string][] = baseline ? [['/base/dist/', baseline], ['/base/', join(root, 'bench/pages')], ...MOUNTS] : MOUNTS;
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const [prefix, dir] = mounts.find(([p]) => pathname.startsWith(p))!;
    const file = normalize(join(dir, pathname.slice(prefix.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
