import { LpEvent } from './lp-event.js';

/** The visitor is sending a line. Cancelable: `preventDefault()` sends nothing and keeps the draft. */
export class LpSendEvent extends LpEvent<{ text: string }> {
  constructor(detail: { text: string }) {
    super('lp-send', detail, true);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-send': LpSendEvent;
  }
}
