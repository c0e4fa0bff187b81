/**
 * The local LivePerson platform emulator: Domain API, App Engagement API, Server Chat API, Login
 * Service and Chat Agent API on one HTTP(S) server, plus a control API under `/_emulator/`.
 * In-memory and bounded; permissive CORS headers on every response unless `cors: 'off'`. This file
 * owns the sockets: body limits, injected latency, and the faults that need the socket (`drop`,
 * `reset`, `truncated`).
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { defaultConfig, mergeConfig } from './config.js';
import type { ConfigPatch, EmulatorConfig } from './config.js';
import { prepare } from './dispatch.js';
import type { Dispatched } from './dispatch.js';
import { EmulatorError } from './errors.js';
import { FaultInjector } from './faults.js';
import type { FaultReport, FaultSettings, FaultSettingsPatch } from './faults.js';
import { errorReply } from './http.js';
import type { CorsMode, EmulatorRuntime, Reply } from './http.js';
import type { Route } from './router.js';
import { agentRoutes } from './routes/agent.js';
import { authenticationRoutes } from './routes/authentication.js';
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
export { ConfigError } from './config.js';
export type { FaultCounts, FaultKind, FaultReport, FaultSettings, FaultSettingsPatch } from './faults.js';
export { FAULT_KINDS, FaultSettingsError } from './faults.js';
export type { CorsMode } from './http.js';
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
  /** Fault injection and latency (default: none). */
  faults?: FaultSettingsPatch;
  /** `open` (default): CORS headers on every answer, preflights answered 204. `off`: no CORS at all. */
  cors?: CorsMode;
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
  /** Fault settings, injected faults by kind, their total and the eligible requests seen. */
  readonly faults: FaultReport;
  /** Changes fault settings (throws `FaultSettingsError` when invalid); a `seed` restarts the draws and resets the counts. */
  setFaults(patch: FaultSettingsPatch): FaultSettings;
  readonly cors: CorsMode;
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
  ...authenticationRoutes,
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

interface SendOptions {
  cors: CorsMode;
  /** `Connection: close` (after a 413, the rest of the body is not read). */
  close?: boolean;
  /** The `truncated` fault: half the body, or `{"ev` with 200 when there is none. */
  truncate?: boolean;
  /** The `drop` fault: the answer starts and the connection goes before its body ends. */
  cut?: boolean;
}

/** What a body that is not JSON at all looks like when a reply without one is truncated. */
const TRUNCATED_EMPTY = '{"ev';

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, options: SendOptions): void {
  if (res.headersSent || res.destroyed) return;
  try {
    write(req, res, reply, options);
  } catch {
    res.destroy();
  }
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function write(req: IncomingMessage, res: ServerResponse, reply: Reply, options: SendOptions): void {
  const headers: Record<string, string | string[]> = {
    ...(options.cors === 'open' ? corsHeaders(req) : {}),
    'Cache-Control': 'no-store',
    ...reply.headers,
  };
  const typed = hasHeader(headers, 'content-type');
  let status = reply.status;
  let payload: Buffer | undefined;
  if (typeof reply.body === 'string') {
    payload = Buffer.from(reply.body, 'utf8');
    if (!typed) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
    if (!typed) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (options.truncate) {
    if (payload !== undefined && payload.length > 0) {
      payload = payload.subarray(0, Math.floor(payload.length / 2));
    } else {
      status = 200;
      payload = Buffer.from(TRUNCATED_EMPTY, 'utf8');
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
  }
  if (options.cut) {
    // The answer starts, promising more body than ever comes, and the connection goes: the client
    // has no usable answer, and its browser cannot send the request again by itself (it does that
    // for a connection that closes before any answer byte).
    const half = payload?.subarray(0, Math.floor(payload.length / 2));
    headers['Content-Length'] = String((payload?.length ?? 0) + 64);
    res.writeHead(status === 204 ? 200 : status, headers);
    res.write(half && half.length ? half : ' ', () => {
      res.destroy();
      res.socket?.destroy();
    });
    return;
  }
  if (status !== 204) headers['Content-Length'] = String(payload?.length ?? 0);
  if (options.close) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(status === 204 || req.method === 'HEAD' ? undefined : payload);
}

/** Ends the exchange without an answer: a TCP RST where the socket allows, else a close. */
function abandon(res: ServerResponse, reset: boolean): void {
  const socket = res.socket;
  if (reset && socket && typeof socket.resetAndDestroy === 'function') {
    try {
      socket.resetAndDestroy();
      return;
    } catch {
      // Not a plain TCP socket in a state that can be reset: closing it is the next best thing.
    }
  }
  res.destroy();
  socket?.destroy();
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
  const cors: CorsMode = options.cors ?? 'open';
  if (cors !== 'open' && cors !== 'off') throw new EmulatorError('bad-request', `cors must be "open" or "off", not ${String(cors)}`);
  const faults = new FaultInjector(options.faults);
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
    faults,
    cors,
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

  /** Requests waiting out their injected latency; dropped when the emulator closes. */
  const delayed = new Set<NodeJS.Timeout>();

  const deliver = (req: IncomingMessage, res: ServerResponse, result: Dispatched): void => {
    if (result.fault === 'reset' || result.reply === null) {
      abandon(res, true);
      return;
    }
    send(req, res, result.reply, { cors, truncate: result.fault === 'truncated', cut: result.fault === 'drop' });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // HTTP/1.1 requires Host; Node's own refusal would have no body, so it is answered here in the standard shape.
    if (req.headers.host === undefined && req.httpVersion === '1.1') {
      send(req, res, errorReply(new EmulatorError('bad-request', 'Missing Host header')), { cors, close: true });
      return;
    }
    const limit = config.limits.maxBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const reject413 = (): void => {
      tooLarge = true;
      chunks.length = 0;
      send(req, res, errorReply(new EmulatorError('too-large', `Request body larger than ${limit} bytes`)), { cors, close: true });
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
        const prepared = prepare(ROUTES, runtime, {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks),
          remoteAddress: req.socket.remoteAddress ?? '',
        });
        if (prepared.delayMs <= 0) {
          deliver(req, res, prepared.run());
          return;
        }
        const timer = setTimeout(() => {
          delayed.delete(timer);
          try {
            deliver(req, res, prepared.run());
          } catch (error) {
            send(req, res, errorReply(error), { cors });
          }
        }, prepared.delayMs);
        delayed.add(timer);
      } catch (error) {
        send(req, res, errorReply(error), { cors });
      }
    });
  };

  const server: Server = certificate
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert, requireHostHeader: false }, handle)
    : createHttpServer({ requireHostHeader: false }, handle);
  // Requests the HTTP parser refuses (malformed request line or headers, headers too large) never reach
  // the dispatcher; they still get the standard error body, like every other error (no body after a HEAD).
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const overflow = error.code === 'HPE_HEADER_OVERFLOW';
    const status = overflow ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify(errorBody(overflow ? 'Request header fields too large' : 'Malformed HTTP request', 5));
    const head = error.rawPacket?.toString('latin1', 0, 5) === 'HEAD ';
    socket.end(
      `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${head ? '' : body}`,
    );
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
    get faults() {
      return faults.report();
    },
    setFaults: (patch: FaultSettingsPatch) => faults.update(patch),
    cors,
    certificate: certificate?.cert,
    certificateGenerator: certificate?.generator,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (sweeper) clearInterval(sweeper);
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
