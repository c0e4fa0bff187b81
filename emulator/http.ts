/**
 * HTTP helpers of the route handlers: the request context they get, the reply they give, body and
 * header readers (JSON, appKey, bearer, cookies), and `errorReply`, the one place where a thrown
 * `EmulatorError` (or anything else) becomes an HTTP answer.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorConfig } from './config.js';
import { appKeyRejected, badRequest, EmulatorError, tokenRejected } from './errors.js';
import type { ErrorKind } from './errors.js';
import type { FaultInjector } from './faults.js';
import type { EmulatorState } from './state.js';
import { APPKEY_REJECTED, errorBody, isObject, loginServiceTime, TOKEN_REJECTED } from './wire.js';
import type { EngagementErrorBody } from './wire.js';

/** What a route handler answers. `body` undefined = empty body; a string is sent as text/plain (unless `Content-Type` says otherwise). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** `open`: permissive CORS headers on every answer and `OPTIONS` preflights answered; `off`: none of it (as LivePerson must be assumed to be). */
export type CorsMode = 'open' | 'off';

/** The running emulator as route handlers see it. */
export interface EmulatorRuntime {
  readonly state: EmulatorState;
  readonly config: EmulatorConfig;
  /** `http://127.0.0.1:8787` or `https://name:port`: scheme + public host, the prefix of every link. */
  readonly base: string;
  /** `name:port`, what the Domain API answers. */
  readonly publicHost: string;
  /** Deep-merges a partial configuration (throws `ConfigError` when the result is invalid). */
  updateConfig(patch: unknown): EmulatorConfig;
  /** Fault injection settings, decisions and counts. */
  readonly faults: FaultInjector;
  readonly cors: CorsMode;
}

/** One request, parsed. */
export interface RequestContext {
  /** Effective method: `X-HTTP-Method-Override` applied to POST. */
  readonly method: string;
  /** Path without the query and without a trailing `.json`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly remoteAddress: string;
  readonly now: number;
  readonly runtime: EmulatorRuntime;
  /** Named groups of the matched route pattern. */
  params: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string | string[]>): Reply => ({
  status,
  body,
  headers,
});

export const empty = (status: number, headers?: Record<string, string | string[]>): Reply => ({ status, headers });

export const INVALID_JSON = 'request body does not contain a valid JSON statement!';

/**
 * How deep a JSON body may nest. Bodies are kept and sent back (chat requests, surveys, rich content,
 * the state snapshot), and rendering them recurses: a few thousand levels would overflow the stack
 * every time the chat or the state is read.
 */
export const MAX_JSON_DEPTH = 64;

/** How deep arrays and objects nest in JSON text (brackets in strings do not count). One pass, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      deepest = Math.max(deepest, ++depth);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/** The request body parsed as JSON; 400 (internal code 5) when it is missing, not JSON, or nested too deep. */
export function readJson(ctx: RequestContext): unknown {
  const text = ctx.body.toString('utf8').trim();
  if (text === '') badRequest(INVALID_JSON);
  if (jsonDepth(text) > MAX_JSON_DEPTH) badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    return badRequest(INVALID_JSON);
  }
}

/** The request body as a JSON object, optionally unwrapping one top-level key (`{"request":{...}}`). */
export function readJsonObject(ctx: RequestContext, wrapper?: string): Record<string, unknown> {
  const value = readJson(ctx);
  if (!isObject(value)) return badRequest(INVALID_JSON);
  if (wrapper === undefined) return value;
  const inner = value[wrapper];
  if (!isObject(inner)) return badRequest(`request body must contain a "${wrapper}" object`);
  return inner;
}

/** Consumer appKey from `Authorization: LivePerson appKey=…` (any header-name case) or the `appKey` query parameter. */
export function requireAppKey(ctx: RequestContext): string {
  const header = ctx.headers.authorization ?? '';
  const fromHeader = /^\s*LivePerson\s+appKey\s*=\s*"?([^",\s]+)"?/i.exec(header)?.[1];
  const key = fromHeader ?? ctx.query.get('appKey') ?? ctx.query.get('appkey') ?? undefined;
  if (key === undefined || !ctx.runtime.config.appKeys.includes(key)) appKeyRejected();
  return key;
}

/** `Authorization: Bearer …` token, or a 401 `oauth_problem=token_rejected` text answer. */
export function bearerToken(ctx: RequestContext): string {
  const token = /^\s*Bearer\s+(\S+)/i.exec(ctx.headers.authorization ?? '')?.[1];
  return token ?? tokenRejected();
}

/** A cookie value from the `Cookie` header. */
export function cookie(ctx: RequestContext, name: string): string | undefined {
  for (const part of (ctx.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `from` query parameter: a non-negative integer, 0 when absent or unusable. */
export function fromParam(ctx: RequestContext): number {
  const n = Number(ctx.query.get('from') ?? '0');
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

const STATUS: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'appkey-rejected': 401,
  'token-rejected': 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  'too-large': 413,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
};

const INTERNAL_CODE: Record<ErrorKind, number> = {
  'bad-request': 5,
  unauthorized: 10,
  'appkey-rejected': 0,
  'token-rejected': 0,
  'not-found': 12,
  'method-not-allowed': 5,
  'not-acceptable': 5,
  'too-large': 5,
  'rate-limited': 0,
  internal: 0,
  unavailable: 0,
};

/**
 * The HTTP answer to a failure: `EmulatorError`s by kind and dialect (internal codes 5 bad request,
 * 10 login, 12 not found, 0 server side), anything else a 500 with the standard error body.
 */
export function errorReply(error: unknown, now = Date.now()): Reply {
  if (!(error instanceof EmulatorError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: errorBody(`Internal server error: ${message}`, 0) };
  }
  const { kind, details } = error;
  const status = STATUS[kind];
  if (kind === 'appkey-rejected') return { status, body: APPKEY_REJECTED };
  if (kind === 'token-rejected') return { status, body: TOKEN_REJECTED };
  const internalCode = details.internalCode ?? INTERNAL_CODE[kind];
  const headers: Record<string, string> = {};
  if (details.allow) headers.Allow = details.allow.join(', ');
  if (details.retryAfter !== undefined) headers['Retry-After'] = String(details.retryAfter);
  else if (kind === 'rate-limited') headers['Retry-After'] = '1';
  let body: unknown;
  switch (details.dialect ?? 'platform') {
    case 'engagement':
      body = { time: now, message: error.message, internalCode } satisfies EngagementErrorBody;
      break;
    case 'login':
      body = { error: { time: loginServiceTime(now), message: error.message, internalCode, responseStatus: 'UNAUTHORIZED' } };
      break;
    default:
      body = errorBody(error.message, internalCode);
  }
  return { status, body, headers };
}
