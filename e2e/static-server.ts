import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The policy of a strict brand page (pages under /strict*): nothing inline, nothing evaluated,
 * HTML sinks take Trusted Types from the window's two named policies only (Lit's and its own).
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; worker-src blob:; object-src 'none'; base-uri 'none'; " +
  "require-trusted-types-for 'script'; trusted-types lit-html lp-chat-window";

/** A connect-style handler mounted on the site (the first-party relay). */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface StaticSite {
  url: string;
  /** Mounts `middleware` in front of the files (undefined: none), as a brand mounts the relay. */
  use(middleware: Middleware | undefined): void;
  close(): Promise<void>;
}

/**
 * Serves the e2e pages (e2e/pages/*) at `/`, the built bundle at `/dist/*` and the built example
 * apps (examples/dist/<name>/, see scripts/build-examples.ts) at `/examples/<name>/` on its own origin,
 * so the window calls the emulator cross-origin as it would on a brand's site — or, with a relay
 * mounted, same-origin through it.
 */
export async function startStaticServer(): Promise<StaticSite> {
  let mounted: Middleware | undefined;
  const server: Server = createServer((req, res) => {
    if (mounted) mounted(req, res, () => void serveFile(req, res));
    else void serveFile(req, res);
  });
  const serveFile = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const rel = pathname.startsWith('/dist/')
      ? pathname.slice(1)
      : pathname.startsWith('/examples/')
        ? join('examples/dist', pathname.slice('/examples/'.length), pathname.endsWith('/') ? 'index.html' : '')
        : join('e2e/pages', pathname === '/' ? 'index.html' : pathname);
    await sendFile(res, root, rel, pathname.startsWith('/strict') ? { 'content-security-policy': STRICT_CSP } : {});
  };
  return {
    url: await listenLocally(server),
    use: (middleware) => void (mounted = middleware),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Answers with the file `rel` below `dir` (403 for a path that leaves it, 404 for a missing file). */
export async function sendFile(res: ServerResponse, dir: string, rel: string, headers: Record<string, string> = {}): Promise<void> {
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir)) return void res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...headers });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}

/** Starts `server` on a free port of 127.0.0.1 and returns its origin. */
export async function listenLocally(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
