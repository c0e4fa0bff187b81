import { LpEvent } from './lp-event.js';

/** What asked the window to close. */
export type LpCloseSource = 'close-button' | 'escape' | 'api';

/**
 * The window is about to close: cancelable when the visitor or `close()` asked (`preventDefault()`
 * keeps it open); not cancelable when `isOpen` (the `open` attribute) or the conversation closed it.
 */
export class LpCloseEvent extends LpEvent<{ source: LpCloseSource }> {
  constructor(detail: { source: LpCloseSource }, cancelable = true) {
    super('lp-close', detail, cancelable);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-close': LpCloseEvent;
  }
}
