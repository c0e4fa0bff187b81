import ky, { isHTTPError } from 'ky';
import { toChatApiError } from './errors.js';
import type { CallOptions } from './types.js';

export interface HttpConfig {
  appKey: string;
  /** Per attempt, ms. */
  timeout: number;
  /** Pauses before each retry of a failed GET (ms); its length is the number of retries. */
  retryDelays: number[];
  fetch?: typeof fetch;
}

export interface HttpOptions extends CallOptions {
  method?: 'get' | 'post';
  /** Sent as a JSON body. */
  json?: unknown;
  /** A PUT, tunnelled as documented: POST + `X-HTTP-Method-Override: PUT`. */
  put?: boolean;
  /** Whether to send the appKey (`Authorization: LivePerson appKey=…`); default true. */
  auth?: boolean;
  /** Whether a failed GET may be retried here; false where the caller owns the retry (polling). */
  retry?: boolean;
}

export interface HttpResponse {
  status: number;
  /** The `Location` header, resolved against the request URL. */
  location?: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON (never assume a body). */
  body: unknown;
}

/** One HTTP call; rejects with `ChatApiError` (or the caller's abort reason, unchanged). */
export type Http = (url: string, options?: HttpOptions) => Promise<HttpResponse>;

/**
 * The transport, over ky. Sends `Accept: application/json` and the appKey header, times each
 * attempt out, and retries only idempotent GETs — 5xx and network failures after the configured
 * pauses (documented 5/10/15 s), 429 after at least 1 s or its `Retry-After` — never a 4xx, a
 * timeout or a POST (a chat request or a line must not be sent twice). Every failure is mapped to
 * `ChatApiError` here.
 */
export function createHttp({ appKey, timeout, retryDelays: delays, fetch }: HttpConfig): Http {
  return async (url, { method = 'get', json, put, auth = true, signal, retry = true } = {}) => {
    let pause = 0;
    let response: Response;
    let text: string;
    try {
      response = await ky(url, {
        fetch,
        timeout,
        signal,
        json,
        method: put ? 'post' : method,
        headers: {
          Accept: 'application/json',
          ...(auth && { Authorization: `LivePerson appKey=${appKey}` }),
          ...(put && { 'X-HTTP-Method-Override': 'PUT' }),
        },
        retry: {
          limit: retry ? delays.length : 0,
          methods: ['get'],
          // Decided per failure: the pause depends on the failed response.
          shouldRetry: ({ error, retryCount }) => (pause = retryPause(error, delays[retryCount - 1]!)) >= 0,
          delay: () => pause,
        },
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw toChatApiError(error, isHTTPError(error) ? await error.response.text().catch(() => '') : '');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Empty or not JSON: no body.
    }
    const location = response.headers.get('Location');
    return { status: response.status, location: location ? resolve(location, url) : undefined, body };
  };
}

/** Ms to wait before retrying after `error`, or -1 for no retry; `pause` is the configured one. */
function retryPause(error: Error, pause: number): number {
  if (!isHTTPError(error)) return error.name === 'TypeError' ? pause : -1;
  const { status, headers } = error.response;
  if (status !== 429) return status < 500 ? -1 : pause;
  // Retry-After is seconds or an HTTP date.
  const after = headers.get('Retry-After');
  return Math.max(1000, (after && (+after * 1000 || Date.parse(after) - Date.now())) || pause);
}

function resolve(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}
