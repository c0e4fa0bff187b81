/**
 * Chat lifecycle: events appended with consecutive ids, the system lines of each transition
 * (waiting → chatting → ended, transfers, re-queues, timeouts), line-status, url and a2a-transfer
 * events, the wire variant each chat gets, and agent session teardown.
 */
import type { AgentConfig, EmulatorConfig, VariantsConfig } from './config.js';
import { badRequest } from './errors.js';
import type {
  A2aTransferEvent,
  AgentSession,
  Chat,
  ChatEvent,
  ChatRequestRecord,
  ChatState,
  ChatWire,
  EmulatorState,
  LineEvent,
  LineStatusEvent,
  StateEvent,
  UrlEvent,
} from './state.js';
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

/** The platform's ACCEPT of a visitor line, right after it. */
export function addLineStatus(chat: Chat, line: LineEvent, now: number): LineStatusEvent {
  const event: LineStatusEvent = {
    id: nextId(chat),
    type: 'line-status',
    time: isoTime(now),
    source: 'visitor',
    lineStatus: 'ACCEPT',
    refSequenceId: line.id,
  };
  chat.events.push(event);
  return event;
}

export function addUrl(chat: Chat, url: Omit<UrlEvent, 'id' | 'time' | 'type' | 'source'>, now: number): UrlEvent {
  const event: UrlEvent = { id: nextId(chat), type: 'url', time: isoTime(now), ...url, source: 'agent' };
  chat.events.push(event);
  return event;
}

export function addA2aTransfer(chat: Chat, transfer: Omit<A2aTransferEvent, 'id' | 'time' | 'type'>, now: number): A2aTransferEvent {
  const event: A2aTransferEvent = { id: nextId(chat), type: 'a2a-transfer', time: isoTime(now), ...transfer };
  chat.events.push(event);
  return event;
}

/**
 * The wire variant of the chat with this sequence number. Alternating, links are `@href` for odd
 * chats and `href` for even ones, and `systemMessageId` is a string for chats 1, 4, 5, 8, 9… and a
 * number for 2, 3, 6, 7…: four chats in a row meet all four combinations, the first one the most
 * documented (`@href`, `"4"`).
 */
export function wireVariant(variants: VariantsConfig, seq: number): ChatWire {
  const links = variants.links === 'alternate' ? (seq % 2 === 0 ? 'href' : '@href') : variants.links;
  const numbered = seq % 4 === 2 || seq % 4 === 3;
  const systemMessageId = variants.systemMessageId === 'alternate' ? (numbered ? 'number' : 'string') : variants.systemMessageId;
  return { links, systemMessageId };
}

export function addSystemLine(chat: Chat, systemMessageId: number, text: string, now: number): LineEvent {
  return addLine(chat, { text, textType: 'plain', source: 'system', by: 'info', systemMessageId, subType: 'REGULAR' }, now);
}

/** Refuses a visitor or agent line (or url) beyond `limits.maxLinesPerChat` (system lines are never refused). */
export function checkLineLimit(chat: Chat, config: EmulatorConfig): void {
  const lines = chat.events.reduce((n, e: ChatEvent) => (e.type === 'line' || e.type === 'url' ? n + 1 : n), 0);
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

export type EndReason = 'visitor' | 'agent' | 'timeout' | 'transfer';

/**
 * Ends a chat: agent → system line 5, timeout → system line 6, then the `ended` state event (alone
 * for the visitor and for a transfer taken).
 */
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

/**
 * A chat request that carries the `chatRequestParameters` of an a2a-transfer (protocol §1.5) takes
 * the transfer: the chat it came from (same source account and session, an a2a-transfer event with
 * that id, to the account now asked) ends for its account, as the agent who transferred it meant.
 */
export function takeTransfer(state: EmulatorState, account: string, request: ChatRequestRecord, now: number): void {
  const { a2aEventId: event, a2aSourceSessionId: session, a2aSourceSiteId: site } = request;
  for (const chat of state.chats.values()) {
    const source =
      chat.account === site &&
      String(chat.rtSessionId) === session &&
      chat.state !== 'ended' &&
      chat.events.some((e) => e.type === 'a2a-transfer' && String(e.a2aEventId) === event && e.remoteSiteId === account);
    if (source) endChat(chat, 'transfer', now);
  }
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
