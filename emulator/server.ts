/**
 * The local LivePerson platform emulator: Domain API, App Engagement API, Server Chat API, Login
 * Service and Chat Agent API on one HTTP(S) server, plus a control API under `/_emulator/`.
 * In-memory and bounded; every response carries permissive CORS headers.
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { defaultConfig, mergeConfig } from './config.js';
import type { ConfigPatch, EmulatorConfig } from './config.js';
import { dispatch } from './dispatch.js';
import type { EmulatorRuntime, Reply } from './http.js';
import type { Route } from './router.js';
import { agentRoutes } from './routes/agent.js';
import { consumerRoutes } from './routes/consumer.js';
import { controlRoutes } from './routes/control.js';
import { domainRoutes } from './routes/domain.js';
import { engagementRoutes } from './routes/engagement.js';
import { loginRoutes } from './routes/login.js';
import { EmulatorState } from './state.js';
import { sweep } from './sweeper.js';
import { selfSignedCertificate } from './tls.js';
import type { CertificateGenerator } from './tls.js';
import { errorBody } from './wire.js';

export type { ConfigPatch, EmulatorConfig } from './config.js';
export { EmulatorState } from './state.js';

export interface EmulatorOptions {
  /** 0 = a free port (default 0; the CLI defaults to 8787). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** `name:port` the Domain API answers and links use (default: host:actualPort). */
  publicHost?: string;
  /** HTTPS with a self-signed certificate generated at start (`openssl` if installed, else `node:crypto`). */
  tls?: boolean;
  /** Deep-merged over the defaults. */
  config?: ConfigPatch;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  state: EmulatorState;
  /** The current configuration (changes with `PUT /_emulator/config` and `updateConfig`). */
  readonly config: EmulatorConfig;
  /** Deep-merges a partial configuration (throws `ConfigError` when the result is invalid). */
  updateConfig(patch: ConfigPatch): EmulatorConfig;
  /** PEM certificate when started with `tls`, to trust it in clients. */
  certificate?: string;
  /** How the certificate was made, when started with `tls`. */
  certificateGenerator?: CertificateGenerator;
  close(): Promise<void>;
}

export const ROUTES: readonly Route[] = [
  ...domainRoutes,
  ...engagementRoutes,
  ...consumerRoutes,
  ...loginRoutes,
  ...agentRoutes,
  ...controlRoutes,
];

/** Hard stop for bodies that keep coming after a 413 (the rest is drained up to this, then the socket closes). */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/** Header values echoed back only when they are plain tokens (an odd value is never reflected). */
const ECHOABLE_ORIGIN = /^[\x21-\x7e]{1,512}$/;
const ECHOABLE_HEADERS = /^[\w\-, ]{1,1024}$/;

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = ECHOABLE_ORIGIN.test(req.headers.origin ?? '') ? req.headers.origin : undefined;
  const asked = req.headers['access-control-request-headers'];
  const requested = asked && ECHOABLE_HEADERS.test(asked) ? asked : undefined;
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      'Authorization, Content-Type, Accept, X-HTTP-Method-Override, X-Requested-With' + (requested ? `, ${requested}` : ''),
    'Access-Control-Expose-Headers': 'Location',
    'Access-Control-Max-Age': '600',
  };
  if (origin) {
    headers['Access-Control-Allow-Credentials'] = 'true';
    headers.Vary = 'Origin';
  }
  if (req.headers['access-control-request-private-network'] === 'true') headers['Access-Control-Allow-Private-Network'] = 'true';
  return headers;
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, close = false): void {
  if (res.headersSent || res.destroyed) return;
  try {
    write(req, res, reply, close);
  } catch {
    res.destroy();
  }
}

function write(req: IncomingMessage, res: ServerResponse, reply: Reply, close: boolean): void {
  const headers: Record<string, string | string[]> = { ...corsHeaders(req), 'Cache-Control': 'no-store', ...reply.headers };
  let payload: Buffer | undefined;
  if (typeof reply.body === 'string') {
    payload = Buffer.from(reply.body, 'utf8');
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (reply.status !== 204) headers['Content-Length'] = String(payload?.length ?? 0);
  if (close) headers.Connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.status === 204 || req.method === 'HEAD' ? undefined : payload);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function formatHost(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${name.includes(':') ? `[${name}]` : name}:${port}`;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  let config = mergeConfig(defaultConfig(), options.config ?? {});
  const state = new EmulatorState(() => config);
  const certificate = options.tls ? await selfSignedCertificate([options.publicHost?.replace(/:\d+$/, '') ?? host, host]) : undefined;

  let sweeper: NodeJS.Timeout | undefined;
  const restartSweeper = (): void => {
    if (sweeper) clearInterval(sweeper);
    sweeper = setInterval(() => {
      try {
        sweep(state, config, Date.now());
      } catch {
        // A sweep failure must not stop the server; the next tick tries again.
      }
    }, config.timeoutSweepMs);
    sweeper.unref();
  };

  let publicHost = '';
  let base = '';
  const runtime: EmulatorRuntime = {
    state,
    get config() {
      return config;
    },
    get base() {
      return base;
    },
    get publicHost() {
      return publicHost;
    },
    updateConfig(patch: unknown) {
      const next = mergeConfig(config, patch);
      const sweepChanged = next.timeoutSweepMs !== config.timeoutSweepMs;
      config = next;
      for (const session of [...state.agentSessions.values()]) {
        if (!config.agents.some((a) => a.id === session.agentId)) state.agentSessions.delete(session.id);
      }
      if (sweepChanged) restartSweeper();
      return config;
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const limit = config.limits.maxBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const reject413 = (): void => {
      tooLarge = true;
      chunks.length = 0;
      send(req, res, { status: 413, body: errorBody(`Request body larger than ${limit} bytes`, 5) }, true);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) reject413();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > DRAIN_LIMIT) req.destroy();
        return;
      }
      if (size > limit) reject413();
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return;
      try {
        const { reply } = dispatch(ROUTES, runtime, {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks),
          remoteAddress: req.socket.remoteAddress ?? '',
        });
        send(req, res, reply);
      } catch (error) {
        send(req, res, { status: 500, body: errorBody(`Internal server error: ${String(error)}`, 0) });
      }
    });
  };

  const server: Server = certificate
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, handle)
    : createHttpServer(handle);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  const address = await listen(server, options.port ?? 0, host);
  const scheme = certificate ? 'https' : 'http';
  publicHost = options.publicHost ?? formatHost(host, address.port);
  base = `${scheme}://${publicHost}`;
  restartSweeper();

  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${formatHost(host, address.port)}`,
    port: address.port,
    state,
    get config() {
      return config;
    },
    updateConfig: (patch: ConfigPatch) => runtime.updateConfig(patch),
    certificate: certificate?.cert,
    certificateGenerator: certificate?.generator,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (sweeper) clearInterval(sweeper);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
