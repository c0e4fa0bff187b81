/**
 * Node adapter: the relay's fetch handler behind `http.createServer` (`toNodeListener`) or inside a
 * connect-style server — Express, Vite's dev server, connect — (`relayMiddleware`). The connection's
 * address goes to the handler as the visitor's; the body is streamed to it with backpressure, so the
 * handler's size cap holds whether or not a Content-Length was sent; a body left unread is drained
 * (up to a bound) and the connection closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { InternalCode, RelayError, errorResponse } from './errors.js';
import type { RelayHandler } from './handler.js';
import { DEFAULT_PREFIX } from './options.js';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Bytes of an unread body thrown away after the answer before the connection is cut. */
const DRAIN_LIMIT = 1024 * 1024;
/** `name`, `name:port`, `[v6]`, `[v6]:port`. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
const NO_BODY = new Set(['GET', 'HEAD']);

/** For `http.createServer(toNodeListener(handler))` / `https.createServer(options, …)`. */
export function toNodeListener(handler: RelayHandler): NodeListener {
  return (req, res) => {
    void serve(handler, req, res, req.url ?? '');
  };
}

/**
 * Connect-style middleware that answers only paths under `prefix` (default `/lp-relay`) and hands
 * everything else to `next()`: `server.middlewares.use(relayMiddleware(handler))` in a Vite dev
 * server, `app.use(relayMiddleware(handler))` in Express. Mount it before any body parser.
 */
export function relayMiddleware(handler: RelayHandler, prefix: string = DEFAULT_PREFIX): NodeMiddleware {
  const base = prefix.replace(/\/+$/, '');
  return (req, res, next) => {
    // Express and connect strip a mount path from `req.url`; the relay needs the whole path.
    const target = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
    const path = target.split('?', 1)[0]!;
    if (path !== base && !path.startsWith(`${base}/`)) {
      next();
      return;
    }
    void serve(handler, req, res, target);
  };
}

async function serve(handler: RelayHandler, req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const body = new BodyReader(req);
  let response: Response;
  try {
    response = await handle(handler, req, res, target, body);
  } catch {
    response = errorResponse(new RelayError(500, 'The relay failed', InternalCode.failure), Date.now());
  }
  try {
    await send(req, res, response, body);
  } catch {
    res.destroy();
  }
}

async function handle(handler: RelayHandler, req: IncomingMessage, res: ServerResponse, target: string, body: BodyReader): Promise<Response> {
  // Origin-form only: a relay is not a forward proxy (`GET http://elsewhere/ HTTP/1.1` is refused).
  if (!target.startsWith('/')) return refuse(400, 'The request target must be a path', InternalCode.badRequest);
  const host = req.headers.host ?? localHost(req);
  if (!host || !HOST.test(host)) return refuse(400, 'Bad Host header', InternalCode.badRequest);
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';

  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header the fetch API refuses is not one the relay reads.
    }
  }
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const method = req.method ?? 'GET';
  let request: Request;
  try {
    request = new Request(`${scheme}://${host}${target}`, {
      method,
      headers,
      signal: abort.signal,
      ...(NO_BODY.has(method.toUpperCase()) ? {} : { body: body.stream(), duplex: 'half' }),
    } as RequestInit);
  } catch {
    // The URL was checked above; what is left is a method the fetch API forbids (TRACE, TRACK).
    return refuse(405, 'Method not allowed', InternalCode.badRequest);
  }
  return handler(request, { clientIp: req.socket.remoteAddress });
}

function refuse(status: number, message: string, internalCode: InternalCode): Response {
  return errorResponse(new RelayError(status, message, internalCode), Date.now());
}

function localHost(req: IncomingMessage): string | undefined {
  const { localAddress, localPort } = req.socket;
  if (!localAddress) return undefined;
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response, body: BodyReader): Promise<void> {
  const payload = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (payload) headers['content-length'] = String(payload.byteLength);
  const unread = !req.complete;
  if (unread) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(payload);
  if (unread) body.discard();
}

/**
 * The request body as a web stream: pulled on demand (the socket pauses while the handler is not
 * reading), discarded up to `DRAIN_LIMIT` once nobody wants it, then the connection is cut.
 */
class BodyReader {
  #req: IncomingMessage;
  #discarding = false;
  #drained = 0;

  constructor(req: IncomingMessage) {
    this.#req = req;
  }

  stream(): ReadableStream<Uint8Array> {
    const req = this.#req;
    // Consumed already (a body parser ran first): what it kept is the body.
    if (req.readableEnded) return new Blob([parsedBody(req)]).stream();
    let settled = false;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          req.pause();
          req.on('data', (chunk: Buffer) => {
            if (this.#discarding) return this.#count(chunk.byteLength);
            if (settled) return;
            controller.enqueue(new Uint8Array(chunk));
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          req.once('end', () => {
            if (settled || this.#discarding) return;
            settled = true;
            controller.close();
          });
          const fail = (): void => {
            if (settled || this.#discarding) return;
            settled = true;
            controller.error(new Error('The request body was cut off'));
          };
          req.once('error', fail);
          req.once('close', () => {
            if (!req.complete) fail();
          });
        },
        pull: () => {
          req.resume();
        },
        cancel: () => {
          settled = true;
          this.discard();
        },
      },
      { highWaterMark: 16 * 1024, size: (chunk) => chunk.byteLength },
    );
  }

  /** Throws away what is still coming; cuts the connection past `DRAIN_LIMIT`. */
  discard(): void {
    const req = this.#req;
    if (this.#discarding || req.complete) return;
    this.#discarding = true;
    if (req.listenerCount('data') === 0) req.on('data', (chunk: Buffer) => this.#count(chunk.byteLength));
    req.on('error', () => undefined);
    req.resume();
  }

  #count(bytes: number): void {
    this.#drained += bytes;
    if (this.#drained > DRAIN_LIMIT) this.#req.destroy();
  }
}

function parsedBody(req: IncomingMessage): Uint8Array<ArrayBuffer> | string {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (typeof parsed === 'string') return parsed;
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  if (parsed !== null && typeof parsed === 'object' && Object.keys(parsed).length > 0) return JSON.stringify(parsed);
  return '';
}
