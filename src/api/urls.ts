import { ChatApiError } from './errors.js';

/**
 * A Server Chat API URL as the server wants it: `.json` before the query (unless the path already
 * ends with it) and `v=1&NC=true` plus `params` in the query, none of them repeated when the URL
 * carries them already. Bare `next`/`Location` hrefs come back without all of these.
 */
export function apiUrl(url: string, params: Record<string, string | undefined> = {}): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ChatApiError({ code: 'config', message: `Unusable URL: ${url}`, cause });
  }
  if (!parsed.pathname.endsWith('.json')) parsed.pathname += '.json';
  const query = parsed.searchParams;
  for (const [name, value] of Object.entries({ v: '1', NC: 'true', ...params })) {
    if (value !== undefined && !query.has(name)) query.set(name, value);
  }
  return parsed.href;
}

/** `{chat}/{path}` from a chat URL that may carry `.json`, a query or a trailing slash. */
export const subUrl = (chatUrl: string, path: string): string =>
  `${chatUrl.replace(/(\.json)?\/?([?#].*)?$/, '')}/${path}`;

/**
 * The base URL (no trailing slash) of a host given as a bare `host[:port]` (then `scheme` is used,
 * `https:` unless told) or as a full http(s) URL (kept, scheme included); undefined when unusable.
 * Domain API `baseURI`s are bare hosts; a configured chat domain may be either.
 */
export function toBase(value: string, scheme = 'https:'): string | undefined {
  try {
    const url = new URL(value.includes('://') ? value : `${scheme}//${value}`);
    // http(s) URLs always have a host (the URL parser refuses them without one).
    if (/^https?:$/.test(url.protocol)) return (url.origin + url.pathname).replace(/\/+$/, '');
  } catch {
    // Not a URL: unusable.
  }
}

/**
 * `url` as a call through the relay at `relay` (an absolute prefix without a trailing slash): kept
 * when it is on the relay already, else its path and query under `{relay}/conversationVep` (the
 * platform's chat links all belong to the Server Chat API).
 */
export function onRelay(relay: string, url: string): string {
  if (url === relay || url.startsWith(`${relay}/`)) return url;
  try {
    const { pathname, search } = new URL(url, relay);
    return `${relay}/conversationVep${pathname}${search}`;
  } catch {
    return url;
  }
}

/**
 * `{path}` beside chat `chatUrl` (`…/api/account/{site}/chat/{id}`): a call on the account the chat
 * is on (`estimatedWaitTime`); undefined for a URL of another form.
 */
export function besideChat(chatUrl: string, path: string): string | undefined {
  const url = new URL(chatUrl);
  const beside = url.pathname.replace(/(\/chat\/)[^/]+\/?$/, `$1${path}`);
  if (beside === url.pathname) return undefined;
  url.pathname = beside;
  url.search = url.hash = '';
  return url.href;
}

/** The chat resource read from event `from` on (`{chat}?from=N`), the form a `next` link has. */
export function chatFrom(chatUrl: string, from: number): string {
  const url = new URL(chatUrl);
  url.searchParams.set('from', String(from));
  return url.href;
}
