import type { StateValue } from 'xstate';
import type { ChatContext, ChatStatus } from './chat.types.js';

/** Top-level states whose status needs no more than their name. */
const BY_STATE: Record<string, ChatStatus> = {
  loading: 'loading',
  ended: 'ended',
  offline: 'offline',
  failed: 'error',
};

/** The public status of a chat machine snapshot (what `status` and `lp-status-change` report). */
export function statusOf({ value, context }: { value: StateValue; context: ChatContext }): ChatStatus {
  const [top, sub] = typeof value === 'string' ? [value] : Object.entries(value)[0]!;
  if (top === 'ready') return context.available ? 'available' : 'unavailable';
  if (top === 'live' || top === 'ending' || top === 'transferring') return context.chatState === 'chatting' ? 'chatting' : 'waiting';
  // checking, preChat.loading and requesting are connecting.
  return sub === 'form' && top === 'preChat' ? 'prechat' : (BY_STATE[top] ?? 'connecting');
}
