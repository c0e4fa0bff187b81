/**
 * Domain errors: what went wrong, in the emulator's own terms (a bad request, an unknown chat, a
 * rejected appKey…). Handlers and the modules below them throw these; `errorReply` in `http.ts` is the
 * one place that turns them into HTTP answers (status, body shape, headers). This module imports
 * nothing, so any module may use it.
 */

export type ErrorKind =
  /** 400, internal code 5 unless told otherwise. */
  | 'bad-request'
  /** 401 with the JSON error body (internal code 10; the Login Service adds `responseStatus`). */
  | 'unauthorized'
  /** 401 `lp_problem=consumer_key_rejected&…` text: missing or unknown consumer appKey. */
  | 'appkey-rejected'
  /** 401 `oauth_problem=token_rejected&…` text: missing or unknown agent bearer token. */
  | 'token-rejected'
  /** 404, internal code 12. */
  | 'not-found'
  /** 405 with `Allow`. */
  | 'method-not-allowed'
  /** 406: XML asked for, JSON is all there is. */
  | 'not-acceptable'
  /** 413: body over `limits.maxBodyBytes`. */
  | 'too-large'
  /** 429 with `Retry-After`. */
  | 'rate-limited'
  /** 500, internal code 0. */
  | 'internal'
  /** 503, internal code 0. */
  | 'unavailable';

/**
 * Which API's error shape to answer with: `platform` is `{"error":{time,message,internalCode}}`
 * (Server Chat, Chat Agent, Domain), `login` adds `responseStatus` and the Login Service's time format,
 * `engagement` is App Engagement's flat `{time:<ms>,message,internalCode}`.
 */
export type ErrorDialect = 'platform' | 'login' | 'engagement';

export interface ErrorDetails {
  /** Overrides the kind's usual internal code. */
  internalCode?: number;
  /** Default `platform`. */
  dialect?: ErrorDialect;
  /** Methods the resource answers (`method-not-allowed`). */
  allow?: readonly string[];
  /** Seconds (`rate-limited`, `unavailable`). */
  retryAfter?: number;
}

export class EmulatorError extends Error {
  override readonly name: string = 'EmulatorError';

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export function badRequest(message: string, details?: ErrorDetails): never {
  throw new EmulatorError('bad-request', message, details);
}

export function notFound(message: string, details?: ErrorDetails): never {
  throw new EmulatorError('not-found', message, details);
}

/** 401 with the JSON error body (internal code 10): a visitor the platform does not let in. */
export function unauthorized(message: string): never {
  throw new EmulatorError('unauthorized', message);
}

export function unavailable(message: string): never {
  throw new EmulatorError('unavailable', message);
}

export function appKeyRejected(): never {
  throw new EmulatorError('appkey-rejected', 'appKey rejected');
}

export function tokenRejected(): never {
  throw new EmulatorError('token-rejected', 'bearer token rejected');
}
