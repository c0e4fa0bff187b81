/**
 * Node side, for the dev server: the same-origin door through which the agent console reaches the
 * platform, which sends no CORS headers. It forwards the agent's calls under `/lp-agent` — the
 * Domain API lookup of `agentVep`, the Login Service, the Chat Agent API — and nothing else (no
 * consumer calls, no emulator control routes). A fetch handler, mounted with the relay's Node
 * adapter.
 */
import type { RelayHandler } from '../../relay/handler.js';
import { relayMiddleware, type NodeMiddleware } from '../../relay/node.js';
import { AGENT_PROXY } from './api/platform.js';

const AGENT_PATHS = /^\/(?:csdr\/account\/\w{1,20}\/service\/agentVep\/baseURI\.json|api\/account\/\w{1,20}\/(?:login|refresh|logout|agentSession(?:\.json|\/[^?#]*)?))$/;
/** What the console sends and reads; everything else stays on its side. */
const REQUEST_HEADERS = ['accept', 'authorization', 'content-type', 'cookie', 'x-http-method-override'];
const RESPONSE_HEADERS = ['content-type', 'retry-after', 'allow'];
const NO_BODY = new Set([204, 205, 304]);

const failure = (status: number, message: string, internalCode: number): Response =>
  Response.json({ error: { time: Date.now(), message, internalCode } }, { status });

/** Forwards the agent's calls to `platform` (its origin, e.g. the emulator's URL; a function when it changes). */
export function agentProxy(platform: string | (() => string)): RelayHandler {
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(AGENT_PROXY.length);
    if (!AGENT_PATHS.test(path)) return failure(404, 'Not a path of the agent side of the platform', 12);
    const headers = new Headers();
    for (const name of REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    let upstream: Response;
    try {
      const origin = typeof platform === 'function' ? platform() : platform;
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      upstream = await fetch(`${origin.replace(/\/+$/, '')}${path}${url.search}`, { method: request.method, headers, body, signal: request.signal });
    } catch {
      return failure(502, 'The platform could not be reached', 0);
    }
    const answer = new Headers();
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) answer.set(name, value);
    }
    // The login's Session_id cookie (Path=/): refresh and logout send it back through here.
    for (const cookie of upstream.headers.getSetCookie()) answer.append('set-cookie', cookie);
    const body = NO_BODY.has(upstream.status) ? null : await upstream.arrayBuffer();
    return new Response(body, { status: upstream.status, headers: answer });
  };
}

/** `agentProxy` as connect-style middleware for the Vite dev server (`server.middlewares.use(…)`). */
export function agentProxyMiddleware(platform: string | (() => string)): NodeMiddleware {
  return relayMiddleware(agentProxy(platform), AGENT_PROXY);
}
