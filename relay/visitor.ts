/**
 * Who the visitor is, as far as the relay can tell: the address (from the adapter, or from a trusted
 * proxy's `X-Forwarded-For`) and the browser's User-Agent. LivePerson sees them as if the visitor had
 * called it directly: in `X-Forwarded-For`, `User-Agent`, and the chat request's `visitorIp` and
 * `userAgent` (which default to the caller's, i.e. the relay's, otherwise).
 */
import type { Bytes } from './upstream.js';

/** Longest chain passed on; a longer incoming chain keeps its last entries. */
const MAX_CHAIN = 10;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$/;

/** A bare IP address (`::ffff:1.2.3.4` → `1.2.3.4`, brackets and zone dropped), or undefined when it is not one. */
export function normalizeIp(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let ip = value.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  if (/^::ffff:\d/i.test(ip) && IPV4.test(ip.slice(7))) ip = ip.slice(7);
  if (ip.length < 2 || ip.length > 45) return undefined;
  return IPV4.test(ip) || IPV6.test(ip) ? ip : undefined;
}

export interface VisitorAddress {
  /** The visitor's address: for rate limits and the chat request's `visitorIp`. */
  ip?: string;
  /** `X-Forwarded-For` to send upstream, if any. */
  forwardedFor?: string;
}

/**
 * Without a trusted proxy the chain is just the connection address (whatever the client claimed);
 * behind one, the proxy's last entry is the visitor and the connection address (the proxy) is appended.
 */
export function visitorAddress(connectionIp: string | undefined, incoming: string | null, trustProxy: boolean): VisitorAddress {
  const connection = normalizeIp(connectionIp);
  if (!trustProxy) return { ip: connection, forwardedFor: connection };
  const chain = (incoming ?? '')
    .split(',')
    .map((entry) => normalizeIp(entry))
    .filter((entry): entry is string => entry !== undefined)
    .slice(-(MAX_CHAIN - 1));
  const ip = chain.at(-1) ?? connection;
  if (connection) chain.push(connection);
  return { ip, forwardedFor: chain.length > 0 ? chain.join(', ') : undefined };
}

/**
 * The chat request body (`{"request":{…}}`) with `visitorIp` and `userAgent` added where absent.
 * Anything that cannot be read as such a body is sent on unchanged (the platform answers it), and so
 * is a body with integers too large for a double, which re-encoding would alter.
 */
export function withVisitor(body: Bytes, visitor: { ip?: string; userAgent?: string }): Bytes {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return body;
  }
  if (!isObject(parsed) || !isObject(parsed.request)) return body;
  const request = parsed.request;
  const additions: Record<string, string> = {};
  if (request.visitorIp === undefined && visitor.ip) additions.visitorIp = visitor.ip;
  if (request.userAgent === undefined && visitor.userAgent) additions.userAgent = visitor.userAgent;
  if (Object.keys(additions).length === 0 || hasUnsafeNumber(parsed)) return body;
  Object.assign(request, additions);
  return new TextEncoder().encode(JSON.stringify(parsed));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when a number in the tree did not survive parsing exactly (an integer beyond 2^53). */
function hasUnsafeNumber(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'number') {
      if (Number.isInteger(node) && !Number.isSafeInteger(node)) return true;
    } else if (node !== null && typeof node === 'object') {
      for (const value of Object.values(node)) stack.push(value);
    }
  }
  return false;
}
