import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer, type Connect } from 'vite';

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A Vite dev server for a demo page (as `npm start` serves it), on a free port, with `middleware`
 * mounted in front of it (the relay, the agent console's proxy). `page` is the page whose
 * dependencies are found up front, so the first visit never reloads when one is first seen; files
 * other work changes meanwhile are none of this server's business (no watching, no HMR).
 */
export async function startDevServer(page: string, middleware: Connect.NextHandleFunction): Promise<DevServer> {
  const vite = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('..', import.meta.url)),
    cacheDir: `node_modules/.vite-${page.replace(/\W+/g, '-')}`,
    logLevel: 'error',
    optimizeDeps: { entries: [page] },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    plugins: [{ name: 'lp-test-middleware', configureServer: (s) => void s.middlewares.use(middleware) }],
  });
  await vite.listen();
  const { port } = vite.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => vite.close() };
}
