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
