/**
 * The emulator's in-memory store: chats with their events, agent and login sessions, App Engagement
 * sessions, and records of everything clients submitted (for tests to assert). Every collection is
 * bounded by `config.limits`. Plain data only, so `snapshot()` is what `GET /_emulator/state` sends.
 */
import type { EmulatorConfig, LinkStyle, SystemMessageIdStyle } from './config.js';
import { unavailable } from './errors.js';
import type { FaultKind } from './faults.js';

export type ChatState = 'waiting' | 'chatting' | 'ended';
export type TypingStatus = 'typing' | 'not-typing';
export type AgentAvailability = 'Online' | 'Away' | 'Occupied';

export interface StateEvent {
  id: number;
  type: 'state';
  time: string;
  state: ChatState;
}

export interface LineEvent {
  id: number;
  type: 'line';
  time: string;
  text: string;
  textType: 'plain' | 'html' | 'rich-content';
  source: 'system' | 'agent' | 'visitor';
  /** "info", the agent's nickname, or the visitor's name; null = visitor without a name (rendered per side). */
  by: string | null;
  systemMessageId?: number;
  /** `ONLY_TO_REP` lines are never shown to the visitor. */
  subType: 'REGULAR' | 'ONLY_TO_REP';
  /** Structured content of `rich-content` lines. */
  json?: unknown;
}

/** The platform's acknowledgement of a visitor line (protocol §1.5, §7.3); shown to the visitor only. */
export interface LineStatusEvent {
  id: number;
  type: 'line-status';
  time: string;
  source: 'visitor';
  lineStatus: 'ACCEPT';
  /** `@id` of the line it is about. */
  refSequenceId: number;
}

/** A page pushed by the agent. */
export interface UrlEvent {
  id: number;
  type: 'url';
  time: string;
  url: string;
  text?: string;
  source: 'agent';
  /** The agent's nickname. */
  by: string;
}

/** Account-to-account transfer: the visitor is to start a new chat on another account (protocol §1.5, §7.14). */
export interface A2aTransferEvent {
  id: number;
  type: 'a2a-transfer';
  time: string;
  /** `host:port` of the target account's Server Chat API. */
  domain: string;
  skill: string;
  remoteSiteId: string;
  a2aEventId: number;
  a2aSourceSessionId: number;
  a2aSourceSiteId: string;
  /** Where to start the new chat (`https://{domain}/api/account/{remoteSiteId}/chat/request`). */
  requestUrl: string;
}

export type ChatEvent = StateEvent | LineEvent | LineStatusEvent | UrlEvent | A2aTransferEvent;

/** The wire variant a chat's consumer side is rendered with (fixed when the chat starts). */
export interface ChatWire {
  links: LinkStyle;
  systemMessageId: SystemMessageIdStyle;
}

/** What the visitor sent in `POST chat/request`, raw and read. */
export interface ChatRequestRecord {
  body: unknown;
  skill?: string;
  maxWaitTime?: number;
  LETagVisitorId?: string;
  LETagSessionId?: string;
  LETagContextId?: string;
  engagementId?: string;
  campaignId?: string;
  language?: string;
  visitorId?: string;
  chatReferrer?: string;
  userAgent?: string;
  visitorIp: string;
  interactionTimeout?: number;
  preChatLines: string[];
  /** Pre-chat survey answers, by question id. */
  survey?: { surveyId: string; answers: Record<string, string[]> };
  /** The account-to-account transfer this chat takes over (its `chatRequestParameters`, as read). */
  a2aEventId?: string;
  a2aSourceSessionId?: string;
  a2aSourceSiteId?: string;
}

export interface AssignedAgent {
  sessionId: string;
  agentId: string;
  nickname: string;
}

/** A chat waiting for an agent to accept it. */
export interface Ringing {
  since: number;
  skillId: string;
  /** Set when transferred to one agent in particular. */
  agentId?: string;
}

export interface Chat {
  id: string;
  /** 1 for the first chat since start (or the last reset), 2 for the next… */
  seq: number;
  /** How the consumer side of this chat is rendered. */
  wire: ChatWire;
  account: string;
  state: ChatState;
  skillId: string;
  skillName: string;
  createdAt: number;
  chattingSince: number | null;
  endedAt: number | null;
  /** `transfer`: the visitor took an account-to-account transfer to another chat. */
  endedBy: 'visitor' | 'agent' | 'timeout' | 'transfer' | null;
  /** Last request from the visitor; the chat times out `interactionTimeout` s after it. */
  lastConsumerActivity: number;
  /** Seconds. */
  interactionTimeout: number;
  visitorId: number;
  rtSessionId: number;
  visitorName: string | null;
  visitorTyping: TypingStatus;
  agentTyping: TypingStatus;
  agent: AssignedAgent | null;
  ringing: Ringing | null;
  /** Agent sessions that held the chat before (they may still read it). */
  formerAgentSessions: string[];
  request: ChatRequestRecord;
  events: ChatEvent[];
}

export interface AgentSession {
  id: string;
  account: string;
  agentId: string;
  availability: AgentAvailability;
  createdAt: number;
  lastSeen: number;
  /** `loginData` of the start request, as sent. */
  loginData: unknown;
}

export interface LoginSession {
  account: string;
  agentId: string;
  bearer: string;
  csrf: string;
  /** `Session_id` cookie value. */
  sessionCookie: string;
  wsuk: string;
  method: 'password' | 'appKey';
  createdAt: number;
  expiresAt: number;
}

export interface EngagementRequestRecord {
  time: number;
  kind: 'create' | 'update';
  query: Record<string, string>;
  body: unknown;
}

export interface EngagementSession {
  account: string;
  visitorId: string;
  sessionId: string;
  createdAt: number;
  lastSeen: number;
  pageIds: string[];
  contextId: string;
  requests: EngagementRequestRecord[];
  /** Every SDE received (create and update bodies), in order. */
  engagementAttributes: unknown[];
  /** Every impression event (`impAttributes`) received, in order. */
  impressions: unknown[];
}

export interface SurveyRecord {
  time: number;
  account: string;
  chatId?: string;
  surveyId: string;
  answers: Record<string, string[]>;
  body: unknown;
}

export interface TranscriptRecord {
  time: number;
  account: string;
  chatId: string;
  email: string;
  subject?: string;
}

export interface CustomVariablesRecord {
  time: number;
  account: string;
  chatId: string;
  variables: Array<{ name: string; value: string }>;
}

export interface RequestLogEntry {
  time: number;
  method: string;
  /** Method after `X-HTTP-Method-Override`. */
  effectiveMethod: string;
  url: string;
  route: string;
  /** Status of the answer; for `drop` the one never sent, 0 for `reset` (nothing was answered). */
  status: number;
  /** The fault injected into this request. */
  fault?: FaultKind;
  /** Injected latency, ms. */
  delayMs?: number;
}

export interface Records {
  offlineSurveys: SurveyRecord[];
  exitSurveys: SurveyRecord[];
  transcripts: TranscriptRecord[];
  customVariables: CustomVariablesRecord[];
  requests: RequestLogEntry[];
}

const emptyRecords = (): Records => ({
  offlineSurveys: [],
  exitSurveys: [],
  transcripts: [],
  customVariables: [],
  requests: [],
});

export class EmulatorState {
  readonly chats = new Map<string, Chat>();
  readonly agentSessions = new Map<string, AgentSession>();
  /** By bearer token. */
  readonly logins = new Map<string, LoginSession>();
  /** By `${account}/${sessionId}`, least recently used first. */
  readonly engagementSessions = new Map<string, EngagementSession>();
  readonly records: Records = emptyRecords();
  private nextRtSessionId = 4_294_967_520;
  private chatCount = 0;
  private a2aEventCount = 0;

  constructor(private readonly config: () => EmulatorConfig) {}

  rtSessionId(): number {
    return this.nextRtSessionId++;
  }

  /** Sequence number of a new chat: 1, 2, 3… (again from 1 after `reset()`). */
  nextChatSeq(): number {
    return ++this.chatCount;
  }

  a2aEventId(): number {
    return ++this.a2aEventCount;
  }

  /** Appends to a record list, dropping the oldest entries beyond `limits.maxRecords`. */
  record<K extends keyof Records>(list: K, entry: Records[K][number]): void {
    const target = this.records[list] as Array<Records[K][number]>;
    target.push(entry);
    const excess = target.length - this.config().limits.maxRecords;
    if (excess > 0) target.splice(0, excess);
  }

  /** Makes room for one more chat (evicting the oldest ended chat) or answers 503. */
  reserveChat(): void {
    if (this.chats.size < this.config().limits.maxChats) return;
    let oldest: Chat | undefined;
    for (const chat of this.chats.values()) {
      if (chat.endedAt !== null && (oldest === undefined || chat.endedAt < (oldest.endedAt ?? 0))) oldest = chat;
    }
    if (oldest === undefined) unavailable('Too many active chats, try again later');
    this.chats.delete(oldest.id);
  }

  addLogin(login: LoginSession): void {
    while (this.logins.size >= this.config().limits.maxLoginSessions) {
      const first = this.logins.keys().next().value;
      if (first === undefined) break;
      this.logins.delete(first);
    }
    this.logins.set(login.bearer, login);
  }

  /**
   * Stores an engagement session as the most recently used, evicting the least recently used. Its own
   * lists (requests, page ids, SDEs, impressions) keep their last `limits.maxRecords` entries.
   */
  touchEngagementSession(session: EngagementSession): void {
    const max = this.config().limits.maxRecords;
    for (const list of [session.requests, session.pageIds, session.engagementAttributes, session.impressions] as unknown[][]) {
      if (list.length > max) list.splice(0, list.length - max);
    }
    const key = `${session.account}/${session.sessionId}`;
    this.engagementSessions.delete(key);
    while (this.engagementSessions.size >= this.config().limits.maxEngagementSessions) {
      const first = this.engagementSessions.keys().next().value;
      if (first === undefined) break;
      this.engagementSessions.delete(first);
    }
    this.engagementSessions.set(key, session);
  }

  /** Forgets chats, engagement sessions and records; keeps logins and agent sessions (and their availability). */
  reset(): void {
    this.chats.clear();
    this.chatCount = 0;
    this.engagementSessions.clear();
    Object.assign(this.records, emptyRecords());
  }

  /** Everything as plain JSON data (bearer tokens and passwords included: this is a test server). */
  snapshot(): Record<string, unknown> {
    const config = this.config();
    return {
      agents: config.agents.map((agent) => ({
        id: agent.id,
        loginName: agent.loginName,
        nickname: agent.nickname,
        skills: agent.skills,
        maxChats: agent.maxChats,
        sessions: [...this.agentSessions.values()].filter((s) => s.agentId === agent.id),
      })),
      logins: [...this.logins.values()],
      chats: [...this.chats.values()],
      engagementSessions: [...this.engagementSessions.values()],
      ...this.records,
    };
  }
}
