import { LpEvent } from './lp-event.js';

/** What opened the window: the launcher button, the host calling `open()`, or the page's Web Tag (`js-method-name`). */
export type LpOpenSource = 'launcher' | 'api' | 'web-tag';

/** The visitor or `open()` opened the window. (The host setting `isOpen` or the `open` attribute fires nothing.) */
export class LpOpenEvent extends LpEvent<{ source: LpOpenSource }> {
  constructor(detail: { source: LpOpenSource }) {
    super('lp-open', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-open': LpOpenEvent;
  }
}
