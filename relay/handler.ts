/**
 * The first-party relay: a fetch handler a brand mounts on its own origin (default `/lp-relay`) so
 * the chat window never calls LivePerson cross-origin. It forwards only the documented consumer
 * Server Chat API and App Engagement API calls of its configured accounts, to hosts it looks up
 * itself with the Domain API, adds the appKey server-side and passes the visitor's address and
 * browser on. Web-standard APIs only: the same handler runs on Node (see `node.ts`), Deno, Bun and
 * Cloudflare Workers.
 *
 * One request, in order: URL → Origin → per-address limit → allow-list (account, path, method) →
 * per-chat limit → body (capped) → Domain API (cached) → upstream call (bounded) → response
 * (headers filtered, upstream URLs moved onto the relay).
 */
import { DomainResolver } from './domains.js';
import { InternalCode, RELAY_HEADERS, RelayError, badRequest, errorResponse, forbidden, notFound } from './errors.js';
import { ACCOUNT_ID, resolveOptions } from './options.js';
import type { RelayOptions, ResolvedOptions } from './options.js';
import { matchPath } from './paths.js';
import type { Method, RelayRoute } from './paths.js';
import { RateLimiter } from './rate-limit.js';
import { createRewriter } from './rewrite.js';
import type { Rewriter } from './rewrite.js';
import { fetchWithTimeout, readCapped } from './upstream.js';
import type { Bytes, UpstreamAnswer } from './upstream.js';
import { normalizeIp, visitorAddress, withVisitor } from './visitor.js';

export type { RateLimit, RelayOptions } from './options.js';

/**
 * What the server knows about the connection. `clientIp` is what adapters pass; Deno's
 * `ServeHandlerInfo` (`remoteAddr`) and Bun's `Server` (`requestIP`), which `Deno.serve(handler)` and
 * `Bun.serve({ fetch: handler })` pass as the second argument, are read too.
 */
export interface RelayInfo {
  /** The peer address of the connection (Node: `req.socket.remoteAddress`). */
  clientIp?: string;
  /** Deno: `info.remoteAddr.hostname`. */
  remoteAddr?: { hostname?: string };
  /** Bun: `server.requestIP(request)?.address`. */
  requestIP?(request: Request): { address?: string } | null | undefined;
}

/** A standard fetch handler. It never throws: every failure is a response in the platform's error shape. */
export type RelayHandler = (request: Request, info?: RelayInfo) => Promise<Response>;

/** Upstream response headers that reach the browser; everything else (cookies, CORS, hop-by-hop) stays behind. */
const RESPONSE_HEADERS = ['content-type', 'retry-after', 'allow', 'content-language'];
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
/** A longer User-Agent is not passed on (no browser sends one). */
const MAX_USER_AGENT = 2048;

export function createRelay(options: RelayOptions): RelayHandler {
  const config = resolveOptions(options);
  const domains = new DomainResolver({
    csds: config.csds,
    csdsProtocol: config.csdsProtocol,
    ttlMs: config.domainTtlMs,
    timeoutMs: config.upstreamTimeoutMs,
    fetch: config.fetch,
    now: config.now,
  });
  const ipLimiter = config.ipRateLimit ? new RateLimiter(config.ipRateLimit, config.rateLimitKeys) : undefined;
  const chatLimiter = config.chatRateLimit ? new RateLimiter(config.chatRateLimit, config.rateLimitKeys) : undefined;

  const now = (): number => {
    try {
      return config.now();
    } catch {
      return Date.now();
    }
  };

  const relay = async (request: Request, info: RelayInfo): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw badRequest('Unreadable request URL');
    }
    const publicOrigin = config.publicOrigin ?? url.origin;
    if (publicOrigin === 'null') throw badRequest('Unreadable request URL');
    checkOrigin(request.headers, publicOrigin, config.allowOrigins);

    const visitor = visitorAddress(connectionIp(request, info, config.clientIpHeader), request.headers.get('x-forwarded-for'), config.trustProxy);
    // Without any address there is nothing to tell visitors apart by: one bucket for all would
    // throttle every visitor together, so only the per-chat limit applies.
    if (visitor.ip !== undefined) limit(ipLimiter, `ip ${visitor.ip}`, now(), 'Too many requests from this address');

    const match = matchPath(url.pathname, config.prefix, config.accounts);
    if (match.kind === 'none') throw notFound('Resource not found');
    if (match.kind === 'account') {
      // Named when it is an account id at all (a transfer to an account left out shows which one).
      throw forbidden(`This relay does not serve ${ACCOUNT_ID.test(match.account) ? `account ${match.account}` : 'that account'}`);
    }
    const { route } = match;
    const method = effectiveMethod(request);
    if (!method || !route.methods.includes(method)) {
      throw new RelayError(405, 'Method not allowed', InternalCode.badRequest, { Allow: route.methods.join(', ') });
    }
    if (route.chatId !== undefined) limit(chatLimiter, `chat ${route.account}/${route.chatId}`, now(), 'Too many requests for this chat');

    const agent = request.headers.get('user-agent');
    const userAgent = agent !== null && agent.length <= MAX_USER_AGENT ? agent : undefined;
    let body: Bytes | undefined;
    if (method !== 'GET') {
      body = await readBody(request, config.maxBodyBytes);
      if (route.name === 'chat.request') body = withVisitor(body, { ip: visitor.ip, userAgent });
    }

    const upstreamOrigin = await domains.resolve(route.account, route.service);
    const upstreamUrl = upstreamOrigin + route.upstreamPath + upstreamQuery(url.search, route, config);
    const answer = await fetchWithTimeout(
      config.fetch,
      upstreamUrl,
      {
        method: route.service === 'conversationVep' && method === 'PUT' ? 'POST' : method,
        headers: upstreamHeaders(request.headers, route, method, body, visitor.forwardedFor, config),
        body,
      },
      { timeoutMs: config.upstreamTimeoutMs, maxBytes: config.maxResponseBytes, signal: request.signal },
    );
    const rewriter = createRewriter({
      upstreamOrigin,
      account: route.account,
      accounts: config.accounts,
      relayBase: `${publicOrigin}${config.prefix}/${route.service}`,
    });
    return relayedResponse(answer, upstreamUrl, rewriter);
  };

  return async (request, info) => {
    try {
      return await relay(request, info ?? {});
    } catch (error) {
      const failure = error instanceof RelayError ? error : new RelayError(500, 'The relay failed', InternalCode.failure);
      return errorResponse(failure, now());
    }
  };
}

/** The connection's address: a platform header when configured, else what the server passed. */
function connectionIp(request: Request, info: RelayInfo, header: string | undefined): string | undefined {
  const fromHeader = header ? normalizeIp(request.headers.get(header)) : undefined;
  if (fromHeader) return fromHeader;
  if (info.clientIp) return info.clientIp;
  if (typeof info.remoteAddr?.hostname === 'string') return info.remoteAddr.hostname;
  if (typeof info.requestIP === 'function') {
    try {
      return info.requestIP(request)?.address ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function limit(limiter: RateLimiter | undefined, key: string, time: number, message: string): void {
  const wait = limiter?.take(key, time) ?? 0;
  if (wait > 0) throw new RelayError(429, message, InternalCode.failure, { 'Retry-After': String(wait) });
}

/**
 * Same-origin only, plus the configured origins. Browsers send `Origin` on every cross-origin
 * fetch and every same-origin write; a request without it that the browser marks cross-site
 * (`<img>`, `<script>` from another site) is refused too.
 */
function checkOrigin(headers: Headers, publicOrigin: string, allowed: ReadonlySet<string>): void {
  const origin = headers.get('origin');
  if (origin === null) {
    if (headers.get('sec-fetch-site') === 'cross-site') throw forbidden('Cross-site requests are not allowed');
    return;
  }
  if (origin === publicOrigin || allowed.has(origin)) return;
  throw forbidden('Origin not allowed');
}

/** GET, POST or PUT; a POST with `X-HTTP-Method-Override: PUT` is a PUT. Anything else: undefined. */
function effectiveMethod(request: Request): Method | undefined {
  const method = request.method.toUpperCase();
  const override = request.headers.get('x-http-method-override');
  if (override !== null) return method === 'POST' && override.trim().toUpperCase() === 'PUT' ? 'PUT' : undefined;
  return method === 'GET' || method === 'POST' || method === 'PUT' ? method : undefined;
}

async function readBody(request: Request, maxBytes: number): Promise<Bytes> {
  const tooLarge = (): RelayError => new RelayError(413, `Request body larger than ${maxBytes} bytes`, InternalCode.badRequest);
  const declared = request.headers.get('content-length')?.trim();
  if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge();
  try {
    return await readCapped(request.body, maxBytes, tooLarge);
  } catch (error) {
    if (error instanceof RelayError) throw error;
    throw badRequest('The request body could not be read');
  }
}

/**
 * The client's query string as it came, without any `appKey` of its own; with the relay's appKey
 * when it goes in the query.
 */
function upstreamQuery(search: string, route: RelayRoute, config: ResolvedOptions): string {
  const chat = route.service === 'conversationVep';
  const parts = search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !(chat && isAppKey(part)));
  if (chat && config.appKeyIn === 'query') parts.push(`appKey=${encodeURIComponent(config.appKey)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function isAppKey(part: string): boolean {
  const name = part.split('=', 1)[0]!;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // Malformed escapes: compare as written.
  }
  return decoded.trim().toLowerCase() === 'appkey';
}

/**
 * Built from scratch, never copied: no Cookie, no client Authorization, no Host, Origin or
 * Referer; the appKey (Server Chat API only), the visitor's address and browser.
 */
function upstreamHeaders(
  incoming: Headers,
  route: RelayRoute,
  method: Method,
  body: Bytes | undefined,
  forwardedFor: string | undefined,
  config: ResolvedOptions,
): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  const copy = (name: string, maxLength: number): void => {
    const value = incoming.get(name);
    if (value !== null && value.length <= maxLength) headers.set(name, value);
  };
  copy('user-agent', MAX_USER_AGENT);
  copy('accept-language', 256);
  if (body !== undefined) {
    copy('content-type', 256);
    if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
  }
  if (forwardedFor) headers.set('X-Forwarded-For', forwardedFor);
  if (route.service === 'conversationVep') {
    if (method === 'PUT') headers.set('X-HTTP-Method-Override', 'PUT');
    if (config.appKeyIn === 'header') headers.set('Authorization', `LivePerson appKey=${config.appKey}`);
  }
  return headers;
}

function relayedResponse(answer: UpstreamAnswer, upstreamUrl: string, rewriter: Rewriter): Response {
  if (answer.status < 200 || answer.status > 599) {
    throw new RelayError(502, 'The chat service gave an unusable answer', InternalCode.failure);
  }
  const headers = new Headers(RELAY_HEADERS);
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const location = answer.headers.get('location');
  const relayedLocation = location === null ? undefined : rewriter.location(location, upstreamUrl);
  if (relayedLocation !== undefined) headers.set('Location', relayedLocation);

  if (NULL_BODY_STATUS.has(answer.status)) return new Response(null, { status: answer.status, headers });
  return new Response(rewriteBody(answer.body, headers.get('content-type'), rewriter), { status: answer.status, headers });
}

/** A JSON body (by its type, or untyped) with upstream URLs moved onto the relay; any other body as it came. */
function rewriteBody(body: Bytes, contentType: string | null, rewriter: Rewriter): Bytes {
  if (body.byteLength === 0 || (contentType !== null && !/json/i.test(contentType))) return body;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return body;
  }
  const rewritten = rewriter.json(text);
  return rewritten === text ? body : new TextEncoder().encode(rewritten);
}
