import { isHTTPError, isTimeoutError } from 'ky';

/** What went wrong, in terms a caller can act on. */
export type ChatApiErrorCode =
  | 'network' // no response at all (offline, DNS, CORS, connection reset)
  | 'timeout' // no response in time
  | 'bad-request' // 400 and other 4xx not listed below
  | 'unauthorized' // 401 / 403 (appKey rejected, captcha)
  | 'not-found' // 404 (unknown account, chat gone)
  | 'too-many-requests' // 429
  | 'server' // 5xx
  | 'malformed' // a 2xx whose body or headers are not what the API documents
  | 'config'; // the window was set up wrongly (missing/invalid account, unusable URL)

export interface ChatApiErrorInit {
  code: ChatApiErrorCode;
  message: string;
  status?: number;
  /** LivePerson's `internalCode` from an `{"error":{...}}` body, when there was one. */
  internalCode?: number;
  /** Whether trying the same call again later may succeed. */
  retryable?: boolean;
  /** How long the server asked to wait before trying again (ms, from `Retry-After`). */
  retryAfter?: number;
  cause?: unknown;
}

/** Codes that are retryable unless told otherwise. */
const TRANSIENT: ChatApiErrorCode[] = ['network', 'timeout', 'server', 'too-many-requests'];

/** The one error type `src/api` throws. */
export class ChatApiError extends Error {
  override readonly name = 'ChatApiError';
  declare readonly code: ChatApiErrorCode;
  /** HTTP status, 0 when there was no response. */
  declare readonly status: number;
  declare readonly internalCode?: number;
  declare readonly retryable: boolean;
  declare readonly retryAfter?: number;

  constructor(init: ChatApiErrorInit) {
    const { message, cause, code, status = 0, internalCode, retryable = TRANSIENT.includes(code), retryAfter } = init;
    super(message, { cause });
    Object.assign(this, { code, status, internalCode, retryable, retryAfter });
  }
}

/** Cross-realm safe check (an error thrown in another frame fails `instanceof`). */
export const isChatApiError = (value: unknown): value is ChatApiError =>
  (value as Error | null)?.name === 'ChatApiError' && 'code' in (value as Error);

/** A 2xx whose body or headers are not what the API documents. */
export const malformed = (message: string, retryable = false): ChatApiError =>
  new ChatApiError({ code: 'malformed', message, retryable });

/** HTTP statuses with their own code; other 4xx are `bad-request`, 5xx `server`. */
const BY_STATUS: Record<number, ChatApiErrorCode> = {
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'not-found',
  429: 'too-many-requests',
};

/**
 * Maps a failed call to a `ChatApiError`: ky's `HTTPError` by status (with the message and
 * `internalCode` of the error `body` text when it has one), ky's `TimeoutError` to `timeout`, and
 * anything else out of `fetch` (a `TypeError`: offline, DNS, CORS) to `network`. A `ChatApiError`
 * is returned as it is. An abort is not a failure: an `AbortError` is rethrown unchanged.
 */
export function toChatApiError(error: unknown, body = ''): ChatApiError {
  if (isChatApiError(error)) return error;
  if ((error as Error | null)?.name === 'AbortError') throw error;
  if (!isHTTPError(error)) {
    const timeout = isTimeoutError(error);
    return new ChatApiError({
      code: timeout ? 'timeout' : 'network',
      message: timeout ? 'No answer in time' : 'Server unreachable',
      cause: error,
    });
  }
  const { status, statusText, headers } = error.response;
  const { message, internalCode } = describeBody(body);
  return new ChatApiError({
    code: BY_STATUS[status] ?? (status < 500 ? 'bad-request' : 'server'),
    status,
    message: message || `${status} ${statusText}`.trim(),
    internalCode,
    retryAfter: retryAfterMs(headers.get('Retry-After')),
    cause: error,
  });
}

/** `Retry-After` (seconds or an HTTP date) in ms; undefined when absent or unusable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? +value * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/**
 * Reads an error body: JSON `{"error":{message,internalCode}}` (Server Chat API) or
 * `{message,internalCode}` (App Engagement API), form-encoded `lp_problem=…&lp_problem_advice=…` /
 * `oauth_problem=…` text (appKey and OAuth rejections), or short plain text.
 */
function describeBody(body: string): { message?: string; internalCode?: number } {
  try {
    const json = JSON.parse(body);
    const { message, internalCode: code } = json?.error ?? json ?? {};
    if (typeof message === 'string') {
      return { message, internalCode: code == null || !isFinite(code) ? undefined : +code };
    }
  } catch {
    // Not JSON: form-encoded or plain text.
  }
  const problem = /\b(\w+_problem)=/.exec(body);
  if (problem) {
    const params = new URLSearchParams(body.slice(problem.index));
    const advice = params.get(`${problem[1]}_advice`);
    const what = params.get(problem[1]!)!.replace(/_/g, ' ') + (advice ? `: ${advice}` : '');
    return { message: `${body.slice(0, problem.index).trim()} ${what}`.trim() };
  }
  const text = body.trim();
  return { message: text.length > 200 || /^[<{]/.test(text) ? undefined : text };
}
