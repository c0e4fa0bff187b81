/**
 * Chat lifecycle: events appended with consecutive ids, the system lines of each transition
 * (waiting → chatting → ended, transfers, re-queues, timeouts), and agent session teardown.
 */
import type { AgentConfig, EmulatorConfig } from './config.js';
import { badRequest } from './errors.js';
import type { AgentSession, Chat, ChatEvent, ChatState, EmulatorState, LineEvent, StateEvent } from './state.js';
import { isoTime } from './wire.js';

/** System line texts, by `systemMessageId`. */
export const SYSTEM_MESSAGES = {
  busy: 'All our agents are currently busy. Please stay online and an agent will be with you shortly.',
  routing: 'Thank you for choosing to chat with us. An agent will be with you shortly.',
  accepted: (nickname: string) => `You are now chatting with ${nickname}.`,
  agentEnded: (nickname: string) => `${nickname} has ended the chat.`,
  disconnected: 'The chat was disconnected.',
  transferredToAgent: 'Your chat is being transferred to another agent. Please wait.',
  transferredToSkill: 'Your chat is being transferred to another agent group. Please wait.',
  requeued: 'Your agent is no longer available. The next available agent will be with you shortly.',
} as const;

type NewLine = Omit<LineEvent, 'id' | 'time' | 'type'>;

function nextId(chat: Chat): number {
  return chat.events.length === 0 ? 0 : chat.events[chat.events.length - 1].id + 1;
}

export function addState(chat: Chat, state: ChatState, now: number): StateEvent {
  const event: StateEvent = { id: nextId(chat), type: 'state', time: isoTime(now), state };
  chat.events.push(event);
  chat.state = state;
  return event;
}

export function addLine(chat: Chat, line: NewLine, now: number): LineEvent {
  const event: LineEvent = { id: nextId(chat), type: 'line', time: isoTime(now), ...line };
  chat.events.push(event);
  return event;
}

export function addSystemLine(chat: Chat, systemMessageId: number, text: string, now: number): LineEvent {
  return addLine(chat, { text, textType: 'plain', source: 'system', by: 'info', systemMessageId, subType: 'REGULAR' }, now);
}

/** Refuses a visitor or agent line beyond `limits.maxLinesPerChat` (system lines are never refused). */
export function checkLineLimit(chat: Chat, config: EmulatorConfig): void {
  const lines = chat.events.reduce((n, e: ChatEvent) => (e.type === 'line' ? n + 1 : n), 0);
  if (lines >= config.limits.maxLinesPerChat) badRequest('Too many lines in this chat');
}

/** Gives a ringing chat to an agent session: `chatting` (first time) and system line 3. */
export function assignChat(chat: Chat, session: AgentSession, agent: AgentConfig, now: number): void {
  chat.agent = { sessionId: session.id, agentId: agent.id, nickname: agent.nickname };
  chat.ringing = null;
  chat.agentTyping = 'not-typing';
  if (chat.state === 'waiting') {
    chat.chattingSince = now;
    addState(chat, 'chatting', now);
  }
  addSystemLine(chat, 3, SYSTEM_MESSAGES.accepted(agent.nickname), now);
}

/** Takes the chat away from its agent and rings it again (for a skill, or for one agent). */
export function ringAgain(chat: Chat, skillId: string, now: number, agentId?: string): void {
  if (chat.agent !== null) {
    if (!chat.formerAgentSessions.includes(chat.agent.sessionId)) chat.formerAgentSessions.push(chat.agent.sessionId);
    chat.agent = null;
  }
  chat.agentTyping = 'not-typing';
  chat.skillId = skillId;
  chat.ringing = { since: now, skillId, ...(agentId === undefined ? {} : { agentId }) };
}

export type EndReason = 'visitor' | 'agent' | 'timeout';

/** Ends a chat: agent → system line 5, timeout → system line 6, then the `ended` state event. */
export function endChat(chat: Chat, reason: EndReason, now: number): StateEvent {
  if (reason === 'agent') addSystemLine(chat, 5, SYSTEM_MESSAGES.agentEnded(chat.agent?.nickname ?? 'The agent'), now);
  if (reason === 'timeout') addSystemLine(chat, 6, SYSTEM_MESSAGES.disconnected, now);
  chat.ringing = null;
  chat.endedAt = now;
  chat.endedBy = reason;
  chat.agentTyping = 'not-typing';
  chat.visitorTyping = 'not-typing';
  return addState(chat, 'ended', now);
}

/** Drops an agent session (logout, idle, eviction): its open chats ring again with system line 23. */
export function dropAgentSession(state: EmulatorState, sessionId: string, now: number): void {
  for (const chat of state.chats.values()) {
    if (chat.agent?.sessionId === sessionId && chat.state !== 'ended') {
      ringAgain(chat, chat.skillId, now);
      addSystemLine(chat, 23, SYSTEM_MESSAGES.requeued, now);
    }
  }
  state.agentSessions.delete(sessionId);
}
