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
 * The transport: one ky instance per API. Adds `Accept: application/json` and the appKey header,
 * times each attempt out, and retries only idempotent GETs — 5xx and network failures after the
 * configured pauses (documented 5/10/15 s), 429 after at least 1 s or its `Retry-After` — never a
 * 4xx, a timeout or a POST (a chat request or a line must not be sent twice). Every failure is
 * mapped to `ChatApiError` here.
 */
export function createHttp(config: HttpConfig): Http {
  const delays = config.retryDelays;
  const api = ky.create({
    fetch: config.fetch,
    timeout: config.timeout,
    throwHttpErrors: true,
    hooks: {
      beforeRequest: [
        (request, options) => {
          request.headers.set('Accept', 'application/json');
          if (options.context.auth !== false) {
            request.headers.set('Authorization', `LivePerson appKey=${config.appKey}`);
          }
        },
      ],
    },
  });

  return async (url, { method = 'get', json, put, auth, signal, retry = true } = {}) => {
    let wait = 0;
    let response: Response;
    let text: string;
    try {
      response = await api(url, {
        method: put ? 'post' : method,
        json,
        signal,
        context: { auth },
        headers: put ? { 'X-HTTP-Method-Override': 'PUT' } : undefined,
        retry: {
          limit: retry ? delays.length : 0,
          methods: ['get'],
          // Decided per call: the pause depends on the failed response.
          shouldRetry: ({ error, retryCount }) => (wait = retryPause(error, delays[retryCount - 1] ?? 0)) >= 0,
          delay: () => wait,
        },
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw toChatApiError(error, isHTTPError(error) ? await error.response.text().catch(() => '') : '');
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const location = response.headers.get('Location');
    return { status: response.status, location: location ? resolve(location, url) : undefined, body };
  };
}

/** Ms to wait before retrying after `error`, or -1 for no retry. */
function retryPause(error: Error, pause: number): number {
  if (!isHTTPError(error)) return error.name === 'TypeError' ? pause : -1;
  const { status, headers } = error.response;
  if (status !== 429) return status >= 500 ? pause : -1;
  const after = headers.get('Retry-After') ?? '';
  const ms = after.trim() && !Number.isNaN(Number(after)) ? Number(after) * 1000 : Date.parse(after) - Date.now();
  return Math.max(1000, Number.isNaN(ms) ? pause : ms);
}

function resolve(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}
