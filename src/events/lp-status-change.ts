import type { ChatStatus } from '../machine/chat.types.js';
import { LpEvent } from './lp-event.js';

/** The conversation status (`el.status`) changed. */
export class LpStatusChangeEvent extends LpEvent<{ status: ChatStatus; previous: ChatStatus }> {
  constructor(detail: { status: ChatStatus; previous: ChatStatus }) {
    super('lp-status-change', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-status-change': LpStatusChangeEvent;
  }
}
