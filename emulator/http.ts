import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorConfig } from './config.js';
import type { EmulatorState } from './state.js';
import { APPKEY_REJECTED, errorBody, TOKEN_REJECTED } from './wire.js';
import type { EngagementErrorBody } from './wire.js';

/** What a route handler answers. `body` undefined = empty body; a string is sent as text/plain. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** A failure that already knows its HTTP answer. Thrown by handlers, rendered by the dispatcher. */
export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

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

/** Throws the documented `{"error":{time,message,internalCode}}` answer. */
export function fail(status: number, message: string, internalCode: number): never {
  throw new HttpError({ status, body: errorBody(message, internalCode) });
}

export const badRequest = (message: string): never => fail(400, message, 5);
export const notFound = (message: string): never => fail(404, message, 12);

/** Throws the App Engagement API's flat error entity. */
export function engagementFail(status: number, message: string, internalCode: number): never {
  const body: EngagementErrorBody = { time: Date.now(), message, internalCode };
  throw new HttpError({ status, body });
}

export const INVALID_JSON = 'request body does not contain a valid JSON statement!';

/** The request body parsed as JSON; 400 (internal code 5) when it is missing or not JSON. */
export function readJson(ctx: RequestContext): unknown {
  const text = ctx.body.toString('utf8').trim();
  if (text === '') badRequest(INVALID_JSON);
  try {
    return JSON.parse(text);
  } catch {
    return badRequest(INVALID_JSON);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  if (key === undefined || !ctx.runtime.config.appKeys.includes(key)) {
    throw new HttpError({ status: 401, body: APPKEY_REJECTED });
  }
  return key;
}

/** `Authorization: Bearer …` token, or a 401 `oauth_problem=token_rejected` text answer. */
export function bearerToken(ctx: RequestContext): string {
  const token = /^\s*Bearer\s+(\S+)/i.exec(ctx.headers.authorization ?? '')?.[1];
  if (token === undefined) throw new HttpError({ status: 401, body: TOKEN_REJECTED });
  return token;
}

export function tokenRejected(): never {
  throw new HttpError({ status: 401, body: TOKEN_REJECTED });
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
