/**
 * Upstream answers point at the upstream host: the `Location` of a new chat or line, and the
 * `@href`/`href` of every `link` (self, next, events, info…). Those URLs are moved onto the relay
 * (`{public origin}{prefix}/{service}/api/account/…`) so the window keeps calling its own origin.
 * Only URLs of the upstream origin and of the same account (or of another account the relay serves,
 * such as the target of an account-to-account transfer) are touched; everything else is left exactly
 * as it came.
 */

export interface RewriteTarget {
  /** The upstream origin, e.g. `https://va.convep.liveperson.net` or `http://127.0.0.1:8787`. */
  upstreamOrigin: string;
  account: string;
  /** Every account the relay serves: their URLs on the upstream origin move onto the relay too. */
  accounts?: ReadonlySet<string>;
  /** `{public origin}{prefix}/{service}`, e.g. `https://brand.example/lp-relay/conversationVep`. */
  relayBase: string;
}

export interface Rewriter {
  /**
   * The relay URL for an upstream URL, or undefined when `value` does not point at the upstream
   * account. `lenient` (for `href` values) also takes a path from the root, and the forms the docs'
   * examples show by mistake: no scheme, or `https:/host`.
   */
  url(value: string, lenient?: boolean): string | undefined;
  /** A `Location` header, resolved against the upstream URL it answered; unchanged when it points elsewhere. */
  location(value: string, upstreamUrl: string): string | undefined;
  /** A JSON body with its upstream URLs rewritten; the text unchanged when nothing (or it is not JSON). */
  json(text: string): string;
}

const escape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const LINK_KEYS = new Set(['href', '@href']);

export function createRewriter({ upstreamOrigin, account, accounts, relayBase }: RewriteTarget): Rewriter {
  const origin = new URL(upstreamOrigin);
  // An explicit default port (`:443`, `:80`) is the same origin.
  const port = origin.port ? `:${origin.port}` : `(?::${origin.protocol === 'https:' ? 443 : 80})?`;
  const host = `${escape(origin.hostname)}${port}`;
  const strict = new RegExp(`^https?://${host}(?=[/?#]|$)`, 'i');
  const lenient = new RegExp(`^(?:https?:/{1,2})?${host}(?=/)`, 'i');

  const url = (value: string, isLink = false): string | undefined => {
    let rest: string;
    if (isLink && value.startsWith('/api/account/')) {
      rest = value;
    } else {
      const match = (isLink ? lenient : strict).exec(value);
      if (!match) return undefined;
      rest = value.slice(match[0].length);
    }
    const owner = /^\/api\/account\/([^/?#]*)(?:[/?#]|$)/.exec(rest)?.[1];
    if (owner === undefined || (owner !== account && !accounts?.has(owner))) return undefined;
    return relayBase + rest;
  };

  return {
    url,
    location(value, upstreamUrl) {
      let absolute: string;
      try {
        absolute = new URL(value, upstreamUrl).href;
      } catch {
        return undefined;
      }
      return url(absolute) ?? value;
    },
    json(text) {
      let root: unknown;
      try {
        root = JSON.parse(text);
      } catch {
        return text;
      }
      const holder = [root];
      return rewriteTree(holder, url) ? JSON.stringify(holder[0]) : text;
    },
  };
}

/** Rewrites string values in place, iteratively (no recursion limit); true when any changed. */
function rewriteTree(root: unknown[], url: (value: string, isLink: boolean) => string | undefined): boolean {
  let changed = false;
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
    for (const key of keys) {
      const value = (node as Record<string | number, unknown>)[key];
      if (typeof value === 'string') {
        const rewritten = url(value, typeof key === 'string' && LINK_KEYS.has(key));
        if (rewritten !== undefined) {
          (node as Record<string | number, unknown>)[key] = rewritten;
          changed = true;
        }
      } else if (value !== null && typeof value === 'object') {
        stack.push(value);
      }
    }
  }
  return changed;
}
