import { malformed } from './errors.js';
import type { Http } from './http.js';
import type { CallOptions } from './types.js';
import { toBase } from './urls.js';

/** Domain API service names used by the window (case sensitive). */
export type DomainService = 'conversationVep' | 'msdkgw';

/** Resolves a service to its base URL (`https://va.convep.liveperson.net`, no trailing slash). */
export type DomainLookup = (service: DomainService, options?: CallOptions) => Promise<string>;

/**
 * Domain API (CSDS) lookups, `GET {csds}/api/account/{account}/service/{service}/baseURI.json?version=1.0`
 * → `{"baseURI":"host[:port]"}`, sent without the appKey (none is documented). Results are kept for
 * the life of the API; concurrent lookups of a service share one request, and a failed lookup is
 * forgotten so the next call asks again. A bare `baseURI` takes the scheme of `csds`.
 */
export function createDomainLookup(http: Http, csds: string, account: string): DomainLookup {
  const cache: { [S in DomainService]?: Promise<string> } = {};
  return (service, { signal } = {}) => {
    let base = cache[service];
    if (!base) {
      // Not tied to one caller's signal: others may be waiting for the same answer.
      base = cache[service] = http(`${csds}/api/account/${account}/service/${service}/baseURI.json?version=1.0`, {
        auth: false,
      }).then(({ body }) => {
        const uri = (body as { baseURI?: unknown } | undefined)?.baseURI;
        const resolved = typeof uri === 'string' && toBase(uri, new URL(csds).protocol);
        if (!resolved) throw malformed(`No usable baseURI for ${service}`);
        return resolved;
      });
      base.catch(() => delete cache[service]);
    }
    return signal ? untilAborted(base, signal) : base;
  };
}

/**
 * `promise`, or a rejection with the abort reason as soon as `signal` aborts. (The listener stays
 * on the signal, which belongs to one call, until it aborts or is dropped.)
 */
const untilAborted = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      const abort = () => reject(signal.reason);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    }),
  ]);
