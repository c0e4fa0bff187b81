import type { Message } from '../machine/chat.types.js';
import { LpEvent } from './lp-event.js';

/** An agent or system line arrived (each line once). */
export class LpMessageEvent extends LpEvent<{ message: Message }> {
  constructor(detail: { message: Message }) {
    super('lp-message', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lp-message': LpMessageEvent;
  }
}
