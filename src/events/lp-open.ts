import { LpEvent } from './lp-event.js';

/** What opened the window: the launcher button, or the host (`open()`, `isOpen`, the `open` attribute). */
export type LpOpenSource = 'launcher' | 'api';

/** The window opened. */
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
