/**
 * The one place every request goes through: URL parsing, `.json` stripping, method override, content
 * negotiation, CORS preflights, route matching, account id check, fault injection, the handler, error
 * rendering, the request log. Per-route behaviour is keyed by `route.name`.
 *
 * It is synchronous and has no socket: `prepare` takes the decisions (route, fault, delay) in arrival
 * order, `run` carries out the request; the server waits `delayMs` in between and acts on the faults
 * that need the socket (`drop`, `reset`, `truncated`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { EmulatorError } from './errors.js';
import type { FaultKind } from './faults.js';
import { errorReply } from './http.js';
import type { EmulatorRuntime, Reply, RequestContext } from './http.js';
import { ACCOUNT_ID, matchRoute } from './router.js';
import type { Route } from './router.js';

export interface RawRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
}

export interface Dispatched {
  /** The answer; `null` when nothing must be sent (`reset`). */
  reply: Reply | null;
  /** Matched route name, or `-` when none matched. */
  route: string;
  /** The fault injected, if any: the server carries out `drop`, `reset` and `truncated`. */
  fault?: FaultKind;
}

export interface Prepared {
  /** Matched route name, or `-` when none matched. */
  route: string;
  fault?: FaultKind;
  /** How long to wait before `run()` (injected latency); 0 for none. */
  delayMs: number;
  /** Handles the request (unless its fault says it is not applied) and logs it. Never throws. */
  run(): Dispatched;
}

const HTML_UNAVAILABLE = '<html><body>Service temporarily unavailable</body></html>';
const HTML_BAD_GATEWAY =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

const html = (status: number, body: string): Reply => ({ status, body, headers: { 'Content-Type': 'text/html; charset=utf-8' } });

/** Answers of the faults that replace the handler (the request is not applied). */
const FAULT_REPLIES: Partial<Record<FaultKind, () => Reply>> = {
  '500': () => errorReply(new EmulatorError('internal', 'Internal server error')),
  '503': () => errorReply(new EmulatorError('unavailable', 'Service temporarily unavailable')),
  '429': () => errorReply(new EmulatorError('rate-limited', 'Too many requests', { retryAfter: 1 })),
  html200: () => html(200, HTML_UNAVAILABLE),
  html502: () => html(502, HTML_BAD_GATEWAY),
};

/** Path and query of a request target (origin-form or absolute-form), never throwing. */
function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(target);
  const rest = absolute ? target.slice(absolute[0].length) || '/' : target;
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  return { path, query: new URLSearchParams(q < 0 ? '' : rest.slice(q + 1)) };
}

/** True when the client asked for XML only (no `.json`, and `Accept` names XML but neither JSON nor a wildcard). */
function wantsXmlOnly(headers: IncomingHttpHeaders): boolean {
  const accept = (headers.accept ?? '').toLowerCase();
  return accept.includes('xml') && !accept.includes('json') && !accept.includes('*/*') && !accept.includes('application/*');
}

function effectiveMethod(method: string, headers: IncomingHttpHeaders): string {
  const override = headers['x-http-method-override'];
  const value = (Array.isArray(override) ? override[0] : override)?.trim().toUpperCase();
  return method === 'POST' && value ? value : method;
}

/** How a request is answered: directly (preflight, unknown route, refused before its handler) or by its route's handler. */
type Resolved =
  | { kind: 'answer'; route: string; answer: () => Reply }
  | { kind: 'handler'; route: Route; ctx: RequestContext };

function resolve(routes: readonly Route[], runtime: EmulatorRuntime, raw: RawRequest, now: number): Resolved {
  const { path: rawPath, query } = splitTarget(raw.url);
  const method = effectiveMethod(raw.method, raw.headers);
  if (raw.method === 'OPTIONS' && runtime.cors === 'open') return { kind: 'answer', route: 'cors.preflight', answer: () => ({ status: 204 }) };
  const hasJsonSuffix = rawPath.endsWith('.json');
  const path = hasJsonSuffix ? rawPath.slice(0, -'.json'.length) : rawPath;
  const refuse = (route: string, error: EmulatorError): Resolved => ({ kind: 'answer', route, answer: () => errorReply(error) });

  const match = matchRoute(routes, method, path);
  if (match.kind === 'none') return refuse('-', new EmulatorError('not-found', `Resource not found: ${path}`));
  if (match.kind === 'method') {
    return refuse('-', new EmulatorError('method-not-allowed', `Method ${method} not allowed`, { allow: match.allowed }));
  }
  const name = match.route.name;
  if (!hasJsonSuffix && wantsXmlOnly(raw.headers)) {
    return refuse(name, new EmulatorError('not-acceptable', 'This server answers JSON only: use .json or Accept: application/json'));
  }
  const account = match.params.account;
  if (account !== undefined && !ACCOUNT_ID.test(account)) return refuse(name, new EmulatorError('bad-request', `Invalid account id ${account}`));
  const ctx: RequestContext = {
    method,
    path,
    query,
    headers: raw.headers,
    body: raw.body,
    remoteAddress: raw.remoteAddress,
    now,
    runtime,
    params: match.params,
  };
  return { kind: 'handler', route: match.route, ctx };
}

function handle(resolved: Resolved): Reply {
  try {
    return resolved.kind === 'answer' ? resolved.answer() : resolved.route.handle(resolved.ctx);
  } catch (error) {
    return errorReply(error);
  }
}

/** The id of the existing chat a request addresses (`…/chat/{chatId}…` of its account), if any. */
function addressedChat(runtime: EmulatorRuntime, resolved: Resolved): string | undefined {
  if (resolved.kind !== 'handler') return undefined;
  const { chatId, account } = resolved.ctx.params;
  const chat = chatId === undefined ? undefined : runtime.state.chats.get(chatId);
  return chat !== undefined && chat.account === account ? chat.id : undefined;
}

/** Routes the request and decides its fault and delay (one draw per eligible request, in arrival order). */
export function prepare(routes: readonly Route[], runtime: EmulatorRuntime, raw: RawRequest): Prepared {
  const arrived = Date.now();
  let resolved: Resolved;
  try {
    resolved = resolve(routes, runtime, raw, arrived);
  } catch (error) {
    resolved = { kind: 'answer', route: '-', answer: () => errorReply(error) };
  }
  const request = resolved;
  const routeName = request.kind === 'handler' ? request.route.name : request.route;
  const chatId = addressedChat(runtime, request);
  const { fault, delayMs } =
    request.kind === 'handler' && runtime.faults.isEligible(routeName) ? runtime.faults.decide(chatId !== undefined) : { delayMs: 0 };

  const run = (): Dispatched => {
    if (request.kind === 'handler' && delayMs > 0) request.ctx = { ...request.ctx, now: Date.now() };
    let reply: Reply | null;
    const replace = fault === undefined ? undefined : FAULT_REPLIES[fault];
    if (fault === 'reset') {
      reply = null;
    } else if (replace) {
      reply = replace();
    } else {
      if (fault === 'vanish' && chatId !== undefined) runtime.state.chats.delete(chatId);
      reply = handle(request);
    }
    const result: Dispatched = { reply, route: routeName, ...(fault === undefined ? {} : { fault }) };
    if (!routeName.startsWith('control.')) log(runtime, raw, arrived, result, delayMs);
    return result;
  };
  return { route: routeName, delayMs, run, ...(fault === undefined ? {} : { fault }) };
}

function log(runtime: EmulatorRuntime, raw: RawRequest, time: number, result: Dispatched, delayMs: number): void {
  try {
    runtime.state.record('requests', {
      time,
      method: raw.method,
      effectiveMethod: effectiveMethod(raw.method, raw.headers),
      url: raw.url.slice(0, 2048),
      route: result.route,
      status: result.reply?.status ?? 0,
      ...(result.fault === undefined ? {} : { fault: result.fault }),
      ...(delayMs > 0 ? { delayMs } : {}),
    });
  } catch {
    // The log is a convenience; a failure to record never fails the request.
  }
}
