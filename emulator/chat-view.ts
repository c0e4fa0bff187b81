/**
 * Wire rendering of a chat for either side: the chat resource (`chat.link` / `events` / `info`),
 * events with bare `next` links, and chat information. The visitor never sees `ONLY_TO_REP` lines
 * (their ids are skipped, so the visitor's ids can have gaps); the agent sees everything.
 */
import type { Chat, ChatEvent } from './state.js';
import { isoTime, link, one, wireNumber } from './wire.js';
import type { Link } from './wire.js';

export type Side = 'consumer' | 'agent';

/** Where one side addresses a chat. */
export interface ChatAddress {
  side: Side;
  /** `{base}/api/account/{acc}/chat/{id}` or `{base}/api/account/{acc}/agentSession/{sid}/chat/{id}`. */
  url: string;
}

export function consumerAddress(base: string, chat: Chat): ChatAddress {
  return { side: 'consumer', url: `${base}/api/account/${chat.account}/chat/${chat.id}` };
}

export function agentAddress(base: string, sessionId: string, chat: Chat): ChatAddress {
  return { side: 'agent', url: `${base}/api/account/${chat.account}/agentSession/${sessionId}/chat/${chat.id}` };
}

function visible(event: ChatEvent, side: Side): boolean {
  return side === 'agent' || event.type !== 'line' || event.subType !== 'ONLY_TO_REP';
}

export function renderEvent(event: ChatEvent, side: Side): Record<string, unknown> {
  if (event.type === 'state') return { '@id': String(event.id), '@type': 'state', time: event.time, state: event.state };
  const out: Record<string, unknown> = {
    '@id': String(event.id),
    '@type': 'line',
    time: event.time,
    textType: event.textType,
    text: event.text,
    by: event.by ?? (side === 'consumer' ? 'You' : 'visitor'),
    source: event.source,
  };
  if (event.systemMessageId !== undefined) out.systemMessageId = String(event.systemMessageId);
  out.subType = event.subType;
  if (event.json !== undefined) out.json = event.json;
  return out;
}

/** The id the next poll starts from: one past the last event (or `from`, when the client is ahead). */
function nextFrom(chat: Chat, from: number): number {
  const last = chat.events[chat.events.length - 1];
  return Math.max(from, last === undefined ? 0 : last.id + 1);
}

export function renderEvents(chat: Chat, address: ChatAddress, from: number): Record<string, unknown> {
  const events = chat.events.filter((e) => e.id >= from && visible(e, address.side)).map((e) => renderEvent(e, address.side));
  return {
    link: [link(`${address.url}/events`, 'self'), link(`${address.url}/events?from=${nextFrom(chat, from)}`, 'next')],
    event: one(events),
  };
}

export function renderInfo(chat: Chat, address: ChatAddress, now: number): Record<string, unknown> {
  const info = `${address.url}/info`;
  const r = chat.request;
  const end = chat.endedAt ?? now;
  return {
    link: [
      link(info, 'self'),
      link(`${info}/visitorName`, 'visitor-name'),
      link(`${info}/visitorTyping`, 'visitor-typing'),
      link(`${info}/agentTyping`, 'agent-typing'),
    ],
    state: chat.state,
    chatSessionKey: chat.id,
    skillName: chat.skillName,
    skillId: wireNumber(chat.skillId),
    agentName: chat.agent?.nickname,
    agentId: chat.agent ? wireNumber(chat.agent.agentId) : undefined,
    startTime: isoTime(chat.createdAt),
    duration: chat.chattingSince === null ? 0 : Math.max(0, Math.floor((end - chat.chattingSince) / 1000)),
    lastUpdate: isoTime(chat.lastConsumerActivity),
    chatTimeout: chat.interactionTimeout,
    visitorId: chat.visitorId,
    agentTyping: chat.agentTyping,
    visitorTyping: chat.visitorTyping,
    visitorName: chat.visitorName ?? (address.side === 'consumer' ? 'You' : 'visitor'),
    rtSessionId: chat.rtSessionId,
    sharkVisitorId: r.LETagVisitorId,
    sharkSessionId: r.LETagSessionId,
    sharkContextId: r.LETagContextId,
    engagementId: r.engagementId,
    campaignId: r.campaignId,
    language: r.language,
  };
}

function chatLinks(chat: Chat, address: ChatAddress, next: number): Link[] {
  const u = address.url;
  const common = [link(u, 'self'), link(`${u}/events`, 'events'), link(`${u}/info`, 'info'), link(`${u}?from=${next}`, 'next')];
  if (address.side === 'consumer') {
    return [
      ...common,
      link(`${u}/transcriptRequest`, 'transcript-request'),
      link(`${u}/transcriptWithSubjectRequest`, 'transcript-with-subject-request'),
      link(`${u}/exitSurvey`, 'exit-survey'),
      link(`${u}/customVariables`, 'custom-variables'),
    ];
  }
  const session = u.slice(0, u.indexOf('/chat/'));
  return [
    ...common,
    link(`${u}/collaborationChannels`, 'collaboration-channels'),
    link(`${session}/visits/visit/${chat.visitorId}`, 'visit-id'),
    link(`${u}/transfer`, 'transfer'),
    link(`${u}/transferAccount`, 'transfer-account'),
    link(`${u}/survey`, 'agent-survey'),
  ];
}

export function renderChat(chat: Chat, address: ChatAddress, from: number, now: number): { chat: Record<string, unknown> } {
  return {
    chat: {
      link: chatLinks(chat, address, nextFrom(chat, from)),
      events: renderEvents(chat, address, from),
      info: renderInfo(chat, address, now),
    },
  };
}
