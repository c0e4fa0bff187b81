import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenLocally, sendFile } from '../e2e/static-server.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

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
    await sendFile(res, dir, pathname.slice(prefix.length), { 'cache-control': 'no-store' });
  });
  return {
    url: await listenLocally(server),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
