import { isChatApiError } from '../api/errors.js';
import type { ErrorInfo } from './chat.types.js';

/** The serialisable form of a failure, as the context stores it (a snapshot must survive JSON). */
export function toErrorInfo(error: unknown, during: ErrorInfo['during']): ErrorInfo {
  const known = isChatApiError(error);
  return {
    code: known ? error.code : 'unknown',
    message: (error as Error | null)?.message ?? String(error),
    retryable: known && error.retryable === true,
    ...(known && error.retryAfter !== undefined && { retryAfter: error.retryAfter }),
    during,
  };
}
