/**
 * The platform sends no CORS headers (as LivePerson must be assumed not to), so the console reaches
 * it through a same-origin path that the dev server proxies to it (`dev-proxy.ts`): every platform
 * URL — the Domain API's answers and every link the platform returns — is mapped onto that path.
 */

/** Where `npm start` serves the proxy to the Chat Agent API. */
export const AGENT_PROXY = '/lp-agent';

/** Maps platform URLs onto the proxy; `base` is the proxy's absolute URL (no trailing slash). */
export interface PlatformUrls {
  (href: string): string;
  readonly base: string;
}

/** URLs through the proxy at `prefix` (absolute, or a path on the page's origin). */
export function platformUrls(prefix: string, page: string = location.href): PlatformUrls {
  const proxy = new URL(prefix, page);
  const base = `${proxy.origin}${proxy.pathname.replace(/\/+$/, '')}`;
  const map = (href: string): string => {
    const url = new URL(href, base);
    // On the proxy already (the Domain API lookup is built on it), or a platform URL: path and query onto it.
    return url.href.startsWith(`${base}/`) ? url.href : `${base}${url.pathname}${url.search}`;
  };
  return Object.assign(map, { base });
}
