/**
 * Where each service of each account lives, from the Domain API (CSDS):
 * `GET {csds}/api/account/{account}/service/{service}/baseURI.json?version=1.0` → `{"baseURI":"host[:port]"}`.
 * Answers are cached for a TTL; lookups running at the same time share one request; failures are
 * never cached. These are the only hosts the relay ever calls.
 */
import { InternalCode, RelayError } from './errors.js';
import type { Service } from './paths.js';
import { fetchWithTimeout } from './upstream.js';

export interface DomainResolverOptions {
  /** Domain API base URL, without a trailing slash. */
  csds: string;
  /** `http:` or `https:`: the scheme given to a bare host. */
  csdsProtocol: string;
  ttlMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => number;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`: what the Domain API answers. */
const BARE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The origin (`https://host[:port]`) a `baseURI` stands for, or undefined when it is not one. */
export function baseOrigin(baseURI: unknown, protocol: string): string | undefined {
  if (typeof baseURI !== 'string') return undefined;
  const value = baseURI.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    if (BARE_HOST.test(value)) url = new URL(`${protocol}//${value}`);
    else if (/^https?:\/\//i.test(value)) url = new URL(value);
    else return undefined;
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
  if (url.pathname !== '/' || url.search || url.hash) return undefined;
  return url.origin;
}

interface Entry {
  origin: string;
  expires: number;
}

export class DomainResolver {
  readonly #options: DomainResolverOptions;
  readonly #cache = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<string>>();

  constructor(options: DomainResolverOptions) {
    this.#options = options;
  }

  /** The origin serving `service` for `account`; rejects with a `RelayError` (502, 504). */
  resolve(account: string, service: Service): Promise<string> {
    const key = `${service}/${account}`;
    const cached = this.#cache.get(key);
    if (cached && cached.expires > this.#options.now()) return Promise.resolve(cached.origin);
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const lookup = this.#lookup(account, service)
      .then((origin) => {
        this.#cache.set(key, { origin, expires: this.#options.now() + this.#options.ttlMs });
        return origin;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, lookup);
    return lookup;
  }

  async #lookup(account: string, service: Service): Promise<string> {
    const { csds, csdsProtocol, timeoutMs, fetch } = this.#options;
    const url = `${csds}/api/account/${encodeURIComponent(account)}/service/${service}/baseURI.json?version=1.0`;
    // Not tied to any one visitor's request: others may be waiting on the same lookup.
    const answer = await fetchWithTimeout(fetch, url, { headers: { Accept: 'application/json' } }, { timeoutMs, maxBytes: 64 * 1024 });
    if (answer.status !== 200) {
      throw new RelayError(502, `Domain API answered ${answer.status} for ${service} of account ${account}`, InternalCode.failure);
    }
    let baseURI: unknown;
    try {
      baseURI = (JSON.parse(new TextDecoder().decode(answer.body)) as { baseURI?: unknown } | null)?.baseURI;
    } catch {
      // Not JSON: no baseURI.
    }
    const origin = baseOrigin(baseURI, csdsProtocol);
    if (!origin) throw new RelayError(502, `Domain API gave no usable baseURI for ${service} of account ${account}`, InternalCode.failure);
    return origin;
  }
}
