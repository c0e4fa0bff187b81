/**
 * Periodic expiry: chats the visitor stopped polling (`interactionTimeout`), ended chats past their
 * retention, idle agent sessions, expired logins.
 */
import { dropAgentSession, endChat } from './chats.js';
import type { EmulatorConfig } from './config.js';
import type { EmulatorState } from './state.js';

export function sweep(state: EmulatorState, config: EmulatorConfig, now: number): void {
  for (const chat of [...state.chats.values()]) {
    if (chat.state !== 'ended') {
      if (now - chat.lastConsumerActivity >= chat.interactionTimeout * 1000) endChat(chat, 'timeout', now);
    } else if (chat.endedAt !== null && now - chat.endedAt >= config.limits.endedChatRetentionMs) {
      state.chats.delete(chat.id);
    }
  }
  for (const session of [...state.agentSessions.values()]) {
    if (now - session.lastSeen >= config.limits.agentSessionIdleMs) dropAgentSession(state, session.id, now);
  }
  for (const [bearer, login] of [...state.logins]) {
    if (login.expiresAt <= now) state.logins.delete(bearer);
  }
}
