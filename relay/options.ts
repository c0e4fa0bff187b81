/**
 * The relay's configuration: what a brand sets, the defaults, and the checked, normalised form the
 * rest of the relay reads. Bad options throw at `createRelay`, never at the first request.
 */

/** A token bucket: `rate` requests per second on average, bursts of up to `burst`. */
export interface RateLimit {
  rate: number;
  burst: number;
}

export interface RelayOptions {
  /** Account ids this relay serves (`[A-Za-z0-9_]{1,20}`); any other account is refused with 403. */
  accounts: readonly string[];
  /** Path the relay is mounted at on the brand's origin (default `/lp-relay`). */
  prefix?: string;
  /** Domain API (CSDS) base URL (default `https://api.liveperson.net`); a bare host it answers takes this URL's scheme. */
  csds?: string;
  /** Server Chat API application key (default the public global key). */
  appKey?: string;
  /** Where the appKey goes: `Authorization: LivePerson appKey=…` (default) or the `appKey` query parameter. */
  appKeyIn?: 'header' | 'query';
  /**
   * Origins allowed besides the relay's own (e.g. `https://brand.example`). Empty (default): only
   * same-origin requests, i.e. without `Origin` or with the public origin.
   */
  allowOrigins?: readonly string[];
  /**
   * The origin browsers reach the relay at (e.g. `https://www.brand.example`), for deployments behind
   * a proxy that changes host or scheme. Default: the origin of each request's URL.
   */
  publicUrl?: string;
  /**
   * Whether a proxy in front sets `X-Forwarded-For`: the visitor is its last entry and the connection
   * address is appended to the chain. Default false: the chain is replaced by the connection address.
   */
  trustProxy?: boolean;
  /**
   * A header the hosting platform sets to the visitor's address and clients cannot forge, read before
   * the connection's address: `CF-Connecting-IP` on Cloudflare Workers, `Fly-Client-IP` on Fly.io.
   */
  clientIpHeader?: string;
  /** Largest request body in bytes (default 65536); larger is 413. */
  maxBodyBytes?: number;
  /** Largest upstream response body in bytes (default 4 MiB); larger is 502. */
  maxResponseBytes?: number;
  /** Per upstream call, headers and body, in ms (default 15000); slower is 504. */
  upstreamTimeoutMs?: number;
  /** How long a Domain API answer is reused, in ms (default 10 minutes). */
  domainTtlMs?: number;
  /** Per visitor address (default 20/s, burst 60); `false` turns it off. */
  ipRateLimit?: RateLimit | false;
  /** Per chat (default 10/s, burst 30); `false` turns it off. */
  chatRateLimit?: RateLimit | false;
  /** Most buckets kept per limit (default 10000); the least recently used go first. */
  rateLimitKeys?: number;
  /** Fetch used for the Domain API and upstream calls (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Clock in ms (default `Date.now`): rate limits, the Domain API cache, error times. */
  now?: () => number;
}

/** The public global appKey from LivePerson's docs. */
export const GLOBAL_APP_KEY = '721c180b09eb463d9f3191c41762bb68';
export const DEFAULT_PREFIX = '/lp-relay';
export const DEFAULT_CSDS = 'https://api.liveperson.net';

export interface ResolvedOptions {
  accounts: ReadonlySet<string>;
  prefix: string;
  /** Without a trailing slash. */
  csds: string;
  /** `http:` or `https:`: the scheme a bare host from the Domain API gets. */
  csdsProtocol: string;
  appKey: string;
  appKeyIn: 'header' | 'query';
  /** Normalised origins (`new URL(x).origin`). */
  allowOrigins: ReadonlySet<string>;
  publicOrigin?: string;
  trustProxy: boolean;
  clientIpHeader?: string;
  maxBodyBytes: number;
  maxResponseBytes: number;
  upstreamTimeoutMs: number;
  domainTtlMs: number;
  ipRateLimit: RateLimit | false;
  chatRateLimit: RateLimit | false;
  rateLimitKeys: number;
  fetch: typeof fetch;
  now: () => number;
}

export const ACCOUNT_ID = /^[A-Za-z0-9_]{1,20}$/;
const PREFIX = /^(?:\/[A-Za-z0-9._~-]+)+$/;
const APP_KEY = /^[A-Za-z0-9._~-]{1,200}$/;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`relay: ${name} must be a positive integer`);
  return value;
}

function rateLimit(name: string, value: RateLimit | false | undefined, fallback: RateLimit): RateLimit | false {
  if (value === false) return false;
  if (value === undefined) return fallback;
  const { rate, burst } = value;
  if (!(Number.isFinite(rate) && rate > 0) || !(Number.isFinite(burst) && burst >= 1)) {
    throw new TypeError(`relay: ${name} needs rate > 0 and burst >= 1`);
  }
  return { rate, burst };
}

function httpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`relay: ${name} is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`relay: ${name} must be http(s): ${value}`);
  if (url.username || url.password || url.search || url.hash) throw new TypeError(`relay: ${name} must be a plain URL: ${value}`);
  return url;
}

function origin(name: string, value: string): string {
  const url = httpUrl(name, value);
  if (url.pathname !== '/') throw new TypeError(`relay: ${name} must be an origin without a path: ${value}`);
  return url.origin;
}

function headerName(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(value)) throw new TypeError(`relay: ${name} must be a header name: ${value}`);
  return value.toLowerCase();
}

export function resolveOptions(options: RelayOptions): ResolvedOptions {
  const accounts = options.accounts ?? [];
  if (accounts.length === 0) throw new TypeError('relay: accounts must name at least one account');
  for (const account of accounts) {
    if (typeof account !== 'string' || !ACCOUNT_ID.test(account)) throw new TypeError(`relay: invalid account id ${String(account)}`);
  }
  const prefix = (options.prefix ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  if (!PREFIX.test(prefix) || prefix.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new TypeError(`relay: prefix must be a path like /lp-relay: ${options.prefix}`);
  }
  const csds = httpUrl('csds', options.csds ?? DEFAULT_CSDS);
  const appKey = options.appKey ?? GLOBAL_APP_KEY;
  if (!APP_KEY.test(appKey)) throw new TypeError('relay: appKey must be 1-200 characters of [A-Za-z0-9._~-]');
  const appKeyIn = options.appKeyIn ?? 'header';
  if (appKeyIn !== 'header' && appKeyIn !== 'query') throw new TypeError("relay: appKeyIn must be 'header' or 'query'");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('relay: no fetch available; pass options.fetch');
  return {
    accounts: new Set(accounts),
    prefix,
    csds: csds.href.replace(/\/+$/, ''),
    csdsProtocol: csds.protocol,
    appKey,
    appKeyIn,
    allowOrigins: new Set((options.allowOrigins ?? []).map((value) => origin('allowOrigins', value))),
    publicOrigin: options.publicUrl === undefined ? undefined : origin('publicUrl', options.publicUrl),
    trustProxy: options.trustProxy ?? false,
    clientIpHeader: headerName('clientIpHeader', options.clientIpHeader),
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, 64 * 1024),
    maxResponseBytes: positiveInteger('maxResponseBytes', options.maxResponseBytes, 4 * 1024 * 1024),
    upstreamTimeoutMs: positiveInteger('upstreamTimeoutMs', options.upstreamTimeoutMs, 15_000),
    domainTtlMs: positiveInteger('domainTtlMs', options.domainTtlMs, 10 * 60_000),
    ipRateLimit: rateLimit('ipRateLimit', options.ipRateLimit, { rate: 20, burst: 60 }),
    chatRateLimit: rateLimit('chatRateLimit', options.chatRateLimit, { rate: 10, burst: 30 }),
    rateLimitKeys: positiveInteger('rateLimitKeys', options.rateLimitKeys, 10_000),
    // Called unbound: some runtimes' fetch throws when called with another `this`.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? Date.now,
  };
}
