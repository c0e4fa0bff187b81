import { LpEvent } from './lp-event.js';

/** What asked the window to close. */
export type LpCloseSource = 'close-button' | 'escape' | 'api';

/**
 * The visitor or `close()` is closing the window; `preventDefault()` keeps it open. (The host
 * setting `isOpen` or the `open` attribute fires nothing.)
 */
export class LpCloseEvent extends LpEvent<{ source: LpCloseSource }> {
  constructor(detail: { source: LpCloseSource }) {
    super('lp-close', detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-close': LpCloseEvent;
  }
}
