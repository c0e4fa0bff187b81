/**
 * Everything the relay refuses or fails is answered in the platform's own error shape, so a client
 * parses one shape whether the relay or LivePerson said no:
 * `{"error":{"time":"<ISO>","message":"…","internalCode":N}}` with `Content-Type: application/json`.
 */

/** The platform's internal codes, as its examples use them (protocol §1.7). */
export const InternalCode = {
  /** Relay or upstream failure (the platform uses 0 for 500 and 503). */
  failure: 0,
  /** Bad request: body, JSON, state, validation. */
  badRequest: 5,
  /** Authorisation refused. */
  forbidden: 10,
  /** No such resource. */
  notFound: 12,
} as const;

export type InternalCode = (typeof InternalCode)[keyof typeof InternalCode];

/** A refusal or failure with its status; thrown inside the relay, rendered once by `errorResponse`. */
export class RelayError extends Error {
  override readonly name = 'RelayError';

  constructor(
    readonly status: number,
    message: string,
    readonly internalCode: InternalCode,
    /** Extra response headers (`Retry-After`, `Allow`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Headers on every response the relay makes itself. */
export const RELAY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function errorBody(message: string, internalCode: InternalCode, time: number): string {
  const given = new Date(time);
  const date = Number.isNaN(given.getTime()) ? new Date() : given;
  return JSON.stringify({ error: { time: date.toISOString(), message, internalCode } });
}

export function errorResponse(error: RelayError, time: number): Response {
  return new Response(errorBody(error.message, error.internalCode, time), {
    status: error.status,
    headers: { ...RELAY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...error.headers },
  });
}

export const badRequest = (message: string): RelayError => new RelayError(400, message, InternalCode.badRequest);
export const forbidden = (message: string): RelayError => new RelayError(403, message, InternalCode.forbidden);
export const notFound = (message: string): RelayError => new RelayError(404, message, InternalCode.notFound);
