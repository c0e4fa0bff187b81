import type { StateValue } from 'xstate';
import type { ChatContext, ChatStatus } from './chat.types.js';

/** The public status of a chat machine snapshot (what `status` and `lp-status-change` report). */
export function statusOf({ value, context }: { value: StateValue; context: ChatContext }): ChatStatus {
  const [top, sub] = typeof value === 'string' ? [value] : Object.entries(value)[0];
  switch (top) {
    case 'loading':
      return 'loading';
    case 'ready':
      return context.available ? 'available' : 'unavailable';
    case 'preChat':
      return sub === 'form' ? 'prechat' : 'connecting';
    case 'live':
    case 'ending':
      return context.chatState === 'chatting' ? 'chatting' : 'waiting';
    case 'ended':
      return 'ended';
    case 'offline':
      return 'offline';
    case 'failed':
      return 'error';
    default: // checking, requesting
      return 'connecting';
  }
}
