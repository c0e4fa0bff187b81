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
  cause?: unknown;
}

/** The one error type `src/api` throws. */
export class ChatApiError extends Error {
  override readonly name = 'ChatApiError';
  readonly code: ChatApiErrorCode;
  /** HTTP status, 0 when there was no response. */
  readonly status: number;
  readonly internalCode?: number;
  readonly retryable: boolean;

  constructor(init: ChatApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? 0;
    this.internalCode = init.internalCode;
    this.retryable = init.retryable ?? defaultRetryable(init.code);
  }
}

function defaultRetryable(code: ChatApiErrorCode): boolean {
  return code === 'network' || code === 'timeout' || code === 'server' || code === 'too-many-requests';
}

/** Cross-realm safe check (an error thrown in another frame fails `instanceof`). */
export function isChatApiError(value: unknown): value is ChatApiError {
  return value instanceof ChatApiError || (value instanceof Error && value.name === 'ChatApiError' && 'code' in value);
}

/** A 2xx whose body or headers are not what the API documents. */
export function malformed(message: string, retryable = false): ChatApiError {
  return new ChatApiError({ code: 'malformed', message, retryable });
}

/**
 * Maps a failed call to a `ChatApiError`: ky's `HTTPError` by status (with the message and
 * `internalCode` of the error `body` text when it has one), ky's `TimeoutError` to `timeout`, and
 * anything else out of `fetch` (a `TypeError`: offline, DNS, CORS) to `network`. A `ChatApiError`
 * is returned as it is. An abort is not a failure: an `AbortError` is rethrown unchanged.
 */
export function toChatApiError(error: unknown, body = ''): ChatApiError {
  if (isChatApiError(error)) return error;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') throw error;
  if (isHTTPError(error)) {
    const { status, statusText } = error.response;
    const code: ChatApiErrorCode =
      status === 401 || status === 403
        ? 'unauthorized'
        : status === 404
          ? 'not-found'
          : status === 429
            ? 'too-many-requests'
            : status >= 500
              ? 'server'
              : 'bad-request';
    const detail = describeBody(body);
    return new ChatApiError({
      code,
      status,
      message: detail.message || `${status} ${statusText}`.trim(),
      internalCode: detail.internalCode,
      cause: error,
    });
  }
  return isTimeoutError(error)
    ? new ChatApiError({ code: 'timeout', message: 'The server did not answer in time', cause: error })
    : new ChatApiError({ code: 'network', message: 'The server could not be reached', cause: error });
}

/**
 * Reads an error body: JSON `{"error":{message,internalCode}}` (Server Chat API) or
 * `{message,internalCode}` (App Engagement API), form-encoded `lp_problem=…&lp_problem_advice=…` /
 * `oauth_problem=…` text (appKey and OAuth rejections), or short plain text.
 */
function describeBody(body: string): { message?: string; internalCode?: number } {
  try {
    const json: unknown = JSON.parse(body);
    const entity = (json as { error?: unknown } | null)?.error ?? json;
    const { message, internalCode } = (entity ?? {}) as { message?: unknown; internalCode?: unknown };
    if (typeof message === 'string') {
      const internal = Number(internalCode ?? NaN);
      return { message, internalCode: Number.isFinite(internal) ? internal : undefined };
    }
  } catch {
    // Not JSON: form-encoded or plain text.
  }
  const problem = /\b(\w+_problem)=/.exec(body);
  if (problem) {
    const params = new URLSearchParams(body.slice(problem.index));
    const advice = params.get(`${problem[1]}_advice`);
    const what = `${params.get(problem[1])?.replace(/_/g, ' ')}${advice ? `: ${advice}` : ''}`;
    return { message: `${body.slice(0, problem.index).trim()} ${what}`.trim() };
  }
  const text = body.trim();
  return { message: text.length <= 200 && !text.startsWith('<') && !text.startsWith('{') ? text : undefined };
}
