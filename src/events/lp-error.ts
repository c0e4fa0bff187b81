import type { ErrorInfo } from '../machine/chat.types.js';
import { LpEvent } from './lp-event.js';

/** A failure the host may want to log or show: `{ code, message, retryable, during }`. */
export class LpErrorEvent extends LpEvent<ErrorInfo> {
  constructor(detail: ErrorInfo) {
    super('lp-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-error': LpErrorEvent;
  }
}
