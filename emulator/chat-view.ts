/**
 * Wire rendering of a chat for either side: the chat resource (`chat.link` / `events` / `info`),
 * events with bare `next` links, and chat information. The visitor never sees `ONLY_TO_REP` lines,
 * the agent never sees `line-status` events (their ids are skipped, so either side's ids can have
 * gaps). The consumer side is rendered in the chat's wire variant (`@href` or `href` links,
 * `systemMessageId` as a string or a number); the agent side always with `@href` and strings.
 */
import type { LinkStyle, SystemMessageIdStyle } from './config.js';
import type { Chat, ChatEvent } from './state.js';
import { isoTime, link, one, wireNumber } from './wire.js';
import type { Link, PlainLink } from './wire.js';

export type Side = 'consumer' | 'agent';

/** Where one side addresses a chat, and in which wire variant it is rendered there. */
export interface ChatAddress {
  side: Side;
  /** `{base}/api/account/{acc}/chat/{id}` or `{base}/api/account/{acc}/agentSession/{sid}/chat/{id}`. */
  url: string;
  links: LinkStyle;
  systemMessageId: SystemMessageIdStyle;
}

export function consumerAddress(base: string, chat: Chat): ChatAddress {
  return { side: 'consumer', url: `${base}/api/account/${chat.account}/chat/${chat.id}`, ...chat.wire };
}

export function agentAddress(base: string, sessionId: string, chat: Chat): ChatAddress {
  return {
    side: 'agent',
    url: `${base}/api/account/${chat.account}/agentSession/${sessionId}/chat/${chat.id}`,
    links: '@href',
    systemMessageId: 'string',
  };
}

/** Whether this side is shown the event at all. */
export function isVisible(event: ChatEvent, side: Side): boolean {
  if (event.type === 'line-status') return side === 'consumer';
  return side === 'agent' || event.type !== 'line' || event.subType !== 'ONLY_TO_REP';
}

export function renderEvent(event: ChatEvent, address: ChatAddress): Record<string, unknown> {
  const head = { '@id': String(event.id), '@type': event.type, time: event.time };
  switch (event.type) {
    case 'state':
      return { ...head, state: event.state };
    case 'line-status':
      return { ...head, source: event.source, lineStatus: event.lineStatus, refSequenceId: String(event.refSequenceId), metadata: [] };
    case 'url':
      return { ...head, url: event.url, ...(event.text === undefined ? {} : { text: event.text }), source: event.source, by: event.by };
    case 'a2a-transfer':
      return {
        ...head,
        domain: event.domain,
        chatRequestParameters: {
          a2aEventId: event.a2aEventId,
          a2aSourceSessionId: event.a2aSourceSessionId,
          a2aSourceSiteId: wireNumber(event.a2aSourceSiteId),
          skill: event.skill,
        },
        remoteSiteId: wireNumber(event.remoteSiteId),
        link: link(event.requestUrl, 'a2a-transfer', address.links),
      };
    case 'line': {
      const out: Record<string, unknown> = {
        ...head,
        textType: event.textType,
        text: event.text,
        by: event.by ?? (address.side === 'consumer' ? 'You' : 'visitor'),
        source: event.source,
      };
      if (event.systemMessageId !== undefined) {
        out.systemMessageId = address.systemMessageId === 'number' ? event.systemMessageId : String(event.systemMessageId);
      }
      out.subType = event.subType;
      if (event.json !== undefined) out.json = event.json;
      return out;
    }
  }
}

/** The id the next poll starts from: one past the last event (or `from`, when the client is ahead). */
function nextFrom(chat: Chat, from: number): number {
  const last = chat.events[chat.events.length - 1];
  return Math.max(from, last === undefined ? 0 : last.id + 1);
}

export function renderEvents(chat: Chat, address: ChatAddress, from: number): Record<string, unknown> {
  const events = chat.events.filter((e) => e.id >= from && isVisible(e, address.side)).map((e) => renderEvent(e, address));
  const style = address.links;
  return {
    link: [link(`${address.url}/events`, 'self', style), link(`${address.url}/events?from=${nextFrom(chat, from)}`, 'next', style)],
    event: one(events),
  };
}

export function renderInfo(chat: Chat, address: ChatAddress, now: number): Record<string, unknown> {
  const info = `${address.url}/info`;
  const r = chat.request;
  const end = chat.endedAt ?? now;
  const style = address.links;
  return {
    link: [
      link(info, 'self', style),
      link(`${info}/visitorName`, 'visitor-name', style),
      link(`${info}/visitorTyping`, 'visitor-typing', style),
      link(`${info}/agentTyping`, 'agent-typing', style),
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
    // Agent side of an authenticated chat: the participant (documented) and who the visitor proved to be.
    participantId: address.side === 'agent' ? r.authentication?.participantId : undefined,
    authenticatedVisitor: address.side === 'agent' && r.authentication ? { ...r.authentication.identity } : undefined,
  };
}

function chatLinks(chat: Chat, address: ChatAddress, next: number): Array<Link | PlainLink> {
  const u = address.url;
  const style = address.links;
  const common = [
    link(u, 'self', style),
    link(`${u}/events`, 'events', style),
    link(`${u}/info`, 'info', style),
    link(`${u}?from=${next}`, 'next', style),
  ];
  if (address.side === 'consumer') {
    return [
      ...common,
      link(`${u}/transcriptRequest`, 'transcript-request', style),
      link(`${u}/transcriptWithSubjectRequest`, 'transcript-with-subject-request', style),
      link(`${u}/exitSurvey`, 'exit-survey', style),
      link(`${u}/customVariables`, 'custom-variables', style),
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
