import ky, { isHTTPError } from 'ky';
import { ChatApiError, retryAfterMs, toChatApiError } from './errors.js';
import type { CallOptions } from './types.js';

/** Where the appKey goes: the documented header, the query (accounts that refuse the header), or nowhere (a relay adds it). */
export type AppKeyPlacement = 'header' | 'query' | 'none';

export interface HttpConfig {
  appKey: string;
  /** Default `header`. */
  appKeyIn?: AppKeyPlacement;
  /** Per attempt, ms. */
  timeout: number;
  /** Pauses before each retry of a failed GET (ms); its length is the number of retries. */
  retryDelays: number[];
  fetch?: typeof fetch;
}

export interface HttpOptions extends CallOptions {
  method?: 'get' | 'post' | 'put';
  /** Sent as a JSON body. */
  json?: unknown;
  /** A PUT, tunnelled as documented: POST + `X-HTTP-Method-Override: PUT`. */
  put?: boolean;
  /** Whether to send the appKey; default true. */
  auth?: boolean;
  /** Whether a failed GET may be retried here; false where the caller owns the retry (polling). */
  retry?: boolean;
  /** A POST or PUT that is safe to repeat (App Engagement sessions): retried like a GET. */
  idempotent?: boolean;
  /**
   * Whether a network failure may be a cross-origin refusal worth diagnosing (default true). Calls
   * on a chat that exists say false: that platform was reached already.
   */
  diagnose?: boolean;
}

export interface HttpResponse {
  status: number;
  /** The `Location` header, resolved against the request URL. */
  location?: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON (never assume a body). */
  body: unknown;
  /** The body was there but was not JSON (an HTML error page, a truncated answer). */
  garbled?: boolean;
}

/** One HTTP call; rejects with `ChatApiError` (or the caller's abort reason, unchanged). */
export type Http = (url: string, options?: HttpOptions) => Promise<HttpResponse>;

let busted = 0;

/**
 * The transport, over ky. Sends `Accept: application/json` and the appKey (header or query),
 * adds a cache-busting `__d` to every GET, times each attempt out, and retries only what is safe
 * to repeat — GETs and idempotent POSTs: 5xx and network failures after the configured pauses
 * (documented 5/10/15 s), 429 after at least 1 s or its `Retry-After` — never a 4xx, a timeout or
 * another POST (a chat request or a line must not be sent twice). Every failure is mapped to
 * `ChatApiError` here. A cross-origin call that the browser blocked (the platform sent no CORS
 * headers) is told apart from an unreachable server by a no-cors probe and reported as a
 * configuration error — only while that origin has never answered: CORS does not change in the
 * middle of a chat, and a reachable platform that drops a connection is a network failure.
 */
export function createHttp({ appKey, appKeyIn = 'header', timeout, retryDelays: delays, fetch }: HttpConfig): Http {
  /** Origins that have answered: a later failure there is the network's, never CORS. */
  const answered = new Set<string>();
  return async (url, { method = 'get', json, put, auth = true, signal, retry = true, idempotent, diagnose = true } = {}) => {
    let pause = 0;
    /** Whether the browser blocked the call for CORS (undefined: not asked yet). */
    let blocked: boolean | undefined;
    const isBlocked = async (error: unknown) =>
      (blocked ??=
        diagnose &&
        (error as Error).name === 'TypeError' &&
        !answered.has(target.origin) &&
        (await blockedCrossOrigin(target, signal)));
    let response: Response;
    let text: string;
    const target = new URL(url);
    const send = put ? 'post' : method;
    if (auth && appKeyIn === 'query' && !target.searchParams.has('appKey')) target.searchParams.set('appKey', appKey);
    if (send === 'get') target.searchParams.set('__d', (Date.now() % 1e8).toString(36) + (busted++ % 1296).toString(36));
    try {
      response = await ky(target, {
        fetch,
        timeout,
        signal,
        json,
        method: send,
        headers: {
          Accept: 'application/json',
          ...(auth && appKeyIn === 'header' && { Authorization: `LivePerson appKey=${appKey}` }),
          ...(put && { 'X-HTTP-Method-Override': 'PUT' }),
        },
        retry: {
          limit: retry ? delays.length : 0,
          methods: idempotent ? ['get', 'post', 'put'] : ['get'],
          // Decided per failure: the pause depends on the failed response. A call the browser
          // blocked for CORS fails the same way every time: no retry.
          shouldRetry: async ({ error, retryCount }) =>
            !(await isBlocked(error)) && (pause = retryPause(error, delays[retryCount - 1]!)) >= 0,
          delay: () => pause,
        },
      });
      answered.add(target.origin);
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      if (isHTTPError(error)) {
        answered.add(target.origin);
        throw toChatApiError(error, await error.response.text().catch(() => ''));
      }
      const failure = toChatApiError(error);
      if (failure.code === 'network' && (await isBlocked(error))) {
        throw new ChatApiError({
          code: 'config',
          message:
            `${target.origin} refused a cross-origin call from this page. Serve the platform through ` +
            'the first-party relay and set the relay attribute (see "Deploying against LivePerson").',
          retryable: false,
          cause: error,
        });
      }
      throw failure;
    }
    let body: unknown;
    let garbled = false;
    try {
      body = JSON.parse(text);
    } catch {
      // Empty or not JSON: no body.
      garbled = text.trim() !== '';
    }
    const location = response.headers.get('Location');
    return {
      status: response.status,
      location: location ? resolve(location, url) : undefined,
      body,
      ...(garbled && { garbled }),
    };
  };
}

/**
 * Whether a call to `url` failed because the browser blocked it for CORS rather than because the
 * server is unreachable: a same-origin call cannot be blocked, and a no-cors GET (no preflight, an
 * opaque answer) reaching the server proves it is there. The probe sends nothing but a bare GET.
 */
async function blockedCrossOrigin(url: URL, signal?: AbortSignal): Promise<boolean> {
  const origin = globalThis.location?.origin;
  if (!origin || origin === 'null' || url.origin === origin || globalThis.navigator?.onLine === false) return false;
  try {
    const probe = await globalThis.fetch(url.href, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal });
    return probe.type === 'opaque' || probe.ok;
  } catch {
    return false;
  }
}

/** Ms to wait before retrying after `error`, or -1 for no retry; `pause` is the configured one. */
function retryPause(error: Error, pause: number): number {
  if (!isHTTPError(error)) return error.name === 'TypeError' ? pause : -1;
  const { status, headers } = error.response;
  if (status !== 429) return status < 500 ? -1 : pause;
  return Math.max(1000, retryAfterMs(headers.get('Retry-After')) || pause);
}

function resolve(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}
