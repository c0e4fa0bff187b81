/**
 * The one place every request goes through: URL parsing, `.json` stripping, method override, content
 * negotiation, route matching, account id check, the handler, error rendering, the request log.
 * Anything that must apply per route (fault injection, latency) belongs here, keyed by `route.name`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { EmulatorError } from './errors.js';
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
  reply: Reply;
  /** Matched route name, or `-` when none matched. */
  route: string;
}

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

function route(routes: readonly Route[], runtime: EmulatorRuntime, raw: RawRequest, now: number): Dispatched {
  const { path: rawPath, query } = splitTarget(raw.url);
  const method = effectiveMethod(raw.method, raw.headers);
  if (raw.method === 'OPTIONS') return { reply: { status: 204 }, route: 'cors.preflight' };
  const hasJsonSuffix = rawPath.endsWith('.json');
  const path = hasJsonSuffix ? rawPath.slice(0, -'.json'.length) : rawPath;

  const match = matchRoute(routes, method, path);
  if (match.kind === 'none') return { reply: errorReply(new EmulatorError('not-found', `Resource not found: ${path}`)), route: '-' };
  if (match.kind === 'method') {
    return { reply: errorReply(new EmulatorError('method-not-allowed', `Method ${method} not allowed`, { allow: match.allowed })), route: '-' };
  }
  const name = match.route.name;
  if (!hasJsonSuffix && wantsXmlOnly(raw.headers)) {
    return { reply: errorReply(new EmulatorError('not-acceptable', 'This server answers JSON only: use .json or Accept: application/json')), route: name };
  }
  const account = match.params.account;
  if (account !== undefined && !ACCOUNT_ID.test(account)) {
    return { reply: errorReply(new EmulatorError('bad-request', `Invalid account id ${account}`)), route: name };
  }
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
  try {
    return { reply: match.route.handle(ctx), route: name };
  } catch (error) {
    return { reply: errorReply(error), route: name };
  }
}

/** Answers one request. Never throws: handler failures become 500 with the standard error body. */
export function dispatch(routes: readonly Route[], runtime: EmulatorRuntime, raw: RawRequest): Dispatched {
  const now = Date.now();
  let result: Dispatched;
  try {
    result = route(routes, runtime, raw, now);
  } catch (error) {
    result = { reply: errorReply(error), route: '-' };
  }
  if (result.route.startsWith('control.')) return result;
  try {
    runtime.state.record('requests', {
      time: now,
      method: raw.method,
      effectiveMethod: effectiveMethod(raw.method, raw.headers),
      url: raw.url.slice(0, 2048),
      route: result.route,
      status: result.reply.status,
    });
  } catch {
    // The log is a convenience; a failure to record never fails the request.
  }
  return result;
}
