/**
 * The Node adapter over real sockets: what a Node server hands the relay (the connection's address,
 * the Host, the raw request target, a streamed body) and the connect-style middleware, including in
 * a real Vite dev server.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createRelay } from '../../relay/handler.js';
import type { RelayOptions } from '../../relay/handler.js';
import { relayMiddleware, toNodeListener } from '../../relay/node.js';
import { ACCOUNT, CHAT_ID, CHAT_ORIGIN, CSDS, FakeUpstream, PREFIX, expect, streamOf, test } from './fixtures.js';

const CHAT_PATH = `${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat`;

interface Served {
  url: string;
  port: number;
  upstream: FakeUpstream;
  server: Server;
  close(): Promise<void>;
}

async function listen(listener: RequestListener): Promise<{ server: Server; port: number; url: string; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveRelay(options: Partial<RelayOptions> = {}): Promise<Served> {
  const upstream = new FakeUpstream();
  const relay = createRelay({ accounts: [ACCOUNT], csds: CSDS, fetch: upstream.fetch, ...options });
  return { ...(await listen(toNodeListener(relay))), upstream };
}

/** Raw bytes in, whatever comes back until the server closes or 1 s passes. */
function raw(port: number, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = (): void => {
      socket.destroy();
      resolve(received);
    };
    socket.setTimeout(1000, done);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.write(payload);
  });
}

function statusOf(response: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1]);
}

function bodyOf(response: string): any {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

test('forwards with the connection address and the Host as the public origin', async () => {
  const served = await serveRelay();
  try {
    served.upstream.answer = () => new Response(null, { status: 201, headers: { Location: `${CHAT_ORIGIN}/api/account/${ACCOUNT}/chat/${CHAT_ID}` } });
    const answer = await fetch(`${served.url}${CHAT_PATH}/request.json?v=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '6.6.6.6', 'User-Agent': 'Visitor/1' },
      body: JSON.stringify({ request: { skill: 'Sales' } }),
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`${served.url}${CHAT_PATH}/${CHAT_ID}`);
    const [call] = served.upstream.serviceCalls;
    expect(call!.headers.get('x-forwarded-for')).toBe('127.0.0.1');
    expect(JSON.parse(call!.body)).toEqual({ request: { skill: 'Sales', visitorIp: '127.0.0.1', userAgent: 'Visitor/1' } });
  } finally {
    await served.close();
  }
});

test('an absolute-form request target is refused: the relay is not a forward proxy', async () => {
  const served = await serveRelay();
  try {
    const response = await raw(
      served.port,
      `GET http://evil.example${CHAT_PATH}/availability.json HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(response)).toBe(400);
    expect(bodyOf(response).error.internalCode).toBe(5);
    const star = await raw(served.port, `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(statusOf(star)).toBe(400);
    expect(served.upstream.calls).toEqual([]);
  } finally {
    await served.close();
  }
});

test('a Host header trick changes nothing upstream; a malformed Host is 400', async () => {
  const served = await serveRelay();
  try {
    const tricked = await raw(
      served.port,
      `GET ${CHAT_PATH}/availability.json HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(tricked)).toBe(200);
    expect(served.upstream.origins).toEqual(new Set([CSDS, CHAT_ORIGIN]));
    for (const host of ['evil.example/path', 'evil.example@127.0.0.1', 'a b', 'evil.example:http']) {
      const response = await raw(served.port, `GET ${CHAT_PATH}/availability.json HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(response), host).toBe(400);
    }
    // HTTP/1.0 without Host: the local address stands in.
    const old = await raw(served.port, `GET ${CHAT_PATH}/availability.json HTTP/1.0\r\n\r\n`);
    expect(statusOf(old)).toBe(200);
    expect(served.upstream.origins).toEqual(new Set([CSDS, CHAT_ORIGIN]));
  } finally {
    await served.close();
  }
});

test('raw dot segments, encoded slashes and backslashes never reach another resource', async () => {
  const served = await serveRelay();
  try {
    const targets = [
      `${CHAT_PATH}/../../../../../evil`,
      `${CHAT_PATH}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/x`,
      `${CHAT_PATH}/..%2f..%2f..%2fevil.example%2fx`,
      `${CHAT_PATH}\\..\\..\\..\\x`,
      `//evil.example${CHAT_PATH}/availability.json`,
      `${PREFIX}/conversationVep//evil.example/api/account/${ACCOUNT}/chat/availability.json`,
    ];
    for (const target of targets) {
      const response = await raw(served.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(statusOf(response), target).toBe(404);
      expect(bodyOf(response).error.internalCode, target).toBe(12);
    }
    expect(served.upstream.calls).toEqual([]);
  } finally {
    await served.close();
  }
});

test('bodies over the limit are 413 with and without Content-Length, and the server goes on', async () => {
  const served = await serveRelay({ maxBodyBytes: 4096 });
  try {
    const withLength = await fetch(`${served.url}${CHAT_PATH}/request.json`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(withLength.status).toBe(413);
    expect((await withLength.json()).error.internalCode).toBe(5);
    const chunked = await fetch(`${served.url}${CHAT_PATH}/request.json`, {
      method: 'POST',
      body: streamOf(8 * 1024 * 1024, 16 * 1024),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const rawChunked = await raw(
      served.port,
      `POST ${CHAT_PATH}/request.json HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n1400\r\n${'y'.repeat(0x1400)}\r\n`,
    );
    expect(statusOf(rawChunked)).toBe(413);
    expect(rawChunked.toLowerCase()).toContain('connection: close');
    expect(served.upstream.calls).toEqual([]);
    const fine = await fetch(`${served.url}${CHAT_PATH}/request.json`, { method: 'POST', body: streamOf(4096, 1000), duplex: 'half' } as RequestInit);
    expect(fine.status).toBe(200);
    expect(served.upstream.serviceCalls[0]!.body).toHaveLength(4096);
  } finally {
    await served.close();
  }
});

test('huge headers are refused by Node, and an unreadable one is ignored, without harm', async () => {
  const served = await serveRelay();
  try {
    const huge = await raw(served.port, `GET ${CHAT_PATH}/availability.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
    expect(statusOf(huge)).toBe(431);
    const odd = await raw(served.port, `GET ${CHAT_PATH}/availability.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd: caf\u00e9\u0001\r\nConnection: close\r\n\r\n`);
    expect([200, 400]).toContain(statusOf(odd));
    expect((await fetch(`${served.url}${CHAT_PATH}/availability.json`)).status).toBe(200);
  } finally {
    await served.close();
  }
});

test('a visitor hanging up abandons the upstream call', async () => {
  const served = await serveRelay();
  try {
    let signal: AbortSignal | undefined;
    served.upstream.answer = (call) => {
      signal = call.signal;
      return new Promise<Response>(() => undefined);
    };
    const controller = new AbortController();
    const pending = fetch(`${served.url}${CHAT_PATH}/availability.json`, { signal: controller.signal }).catch(() => undefined);
    await expect.poll(() => signal).toBeDefined();
    controller.abort();
    await pending;
    await expect.poll(() => signal?.aborted).toBe(true);
  } finally {
    await served.close();
  }
});

test.describe('relayMiddleware', () => {
  async function withMiddleware(
    before: (req: IncomingMessage) => Promise<void> = async () => undefined,
  ): Promise<Served> {
    const upstream = new FakeUpstream();
    const middleware = relayMiddleware(createRelay({ accounts: [ACCOUNT], csds: CSDS, fetch: upstream.fetch }));
    const served = await listen((req, res) => {
      void before(req).then(() =>
        middleware(req, res, (error) => {
          res.writeHead(error ? 500 : 200, { 'Content-Type': 'text/plain' });
          res.end(`next ${req.url}`);
        }),
      );
    });
    return { ...served, upstream };
  }

  test('answers only its prefix and hands everything else on', async () => {
    const served = await withMiddleware();
    try {
      expect((await fetch(`${served.url}${CHAT_PATH}/availability.json`)).status).toBe(200);
      expect((await fetch(`${served.url}${PREFIX}/nothing`)).status).toBe(404);
      expect((await fetch(`${served.url}${PREFIX}`)).status).toBe(404);
      for (const path of ['/', '/index.html', `${PREFIX}x/conversationVep`, '/src/main.ts?lp-relay', `/other${PREFIX}/x`]) {
        const answer = await fetch(`${served.url}${path}`);
        expect(await answer.text(), path).toBe(`next ${path}`);
      }
      expect(served.upstream.serviceCalls).toHaveLength(1);
    } finally {
      await served.close();
    }
  });

  test('sees the whole path when mounted under a path (originalUrl)', async () => {
    const served = await withMiddleware(async (req) => {
      // What connect and Express do for app.use('/lp-relay', …).
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url!.slice(PREFIX.length) || '/';
    });
    try {
      expect((await fetch(`${served.url}${CHAT_PATH}/availability.json`)).status).toBe(200);
      expect(served.upstream.serviceCalls[0]!.url.pathname).toBe(`/api/account/${ACCOUNT}/chat/availability.json`);
    } finally {
      await served.close();
    }
  });

  test('uses what a body parser mounted first kept', async () => {
    const served = await withMiddleware(async (req) => {
      if (req.method !== 'POST') return;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString());
    });
    try {
      const answer = await fetch(`${served.url}${CHAT_PATH}/${CHAT_ID}/events.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ event: { '@type': 'line', text: 'hi' } }),
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(served.upstream.serviceCalls[0]!.body)).toEqual({ event: { '@type': 'line', text: 'hi' } });
    } finally {
      await served.close();
    }
  });

  test('mounts into a real Vite dev server', async () => {
    const { createServer: createVite } = await import('vite');
    const upstream = new FakeUpstream();
    const handler = createRelay({ accounts: [ACCOUNT], csds: CSDS, fetch: upstream.fetch });
    const vite = await createVite({
      configFile: false,
      root: process.cwd(),
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
      plugins: [{ name: 'lp-relay', configureServer: (server) => void server.middlewares.use(relayMiddleware(handler)) }],
    });
    await vite.listen();
    try {
      const { port } = vite.httpServer!.address() as AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      const answer = await fetch(`${origin}${CHAT_PATH}/availability.json?v=1`, { headers: { Origin: origin } });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ ok: true });
      expect(upstream.serviceCalls).toHaveLength(1);
      expect((await fetch(`${origin}${CHAT_PATH}/availability.json`, { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    } finally {
      await vite.close();
    }
  });
});
