import type { ChatApiError } from '../api/errors.js';
import type { ErrorInfo } from './chat.types.js';

/**
 * The serialisable form of a failure, as the context stores it (a snapshot must survive JSON).
 * A `ChatApiError` is recognised by its shape, so this module needs no runtime import from `src/api`.
 */
export function toErrorInfo(error: unknown, during: ErrorInfo['during']): ErrorInfo {
  const e = error as Partial<ChatApiError> | null | undefined;
  if (e?.name === 'ChatApiError' && typeof e.code === 'string') {
    return { code: e.code, message: e.message ?? '', retryable: e.retryable === true, during };
  }
  return { code: 'unknown', message: error instanceof Error ? error.message : String(error), retryable: false, during };
}
