/**
 * The emulator's in-memory store: chats with their events, agent and login sessions, App Engagement
 * sessions, and records of everything clients submitted (for tests to assert). Every collection is
 * bounded by `config.limits`. Plain data only, so `snapshot()` is what `GET /_emulator/state` sends.
 */
import type { EmulatorConfig, LinkStyle, SystemMessageIdStyle } from './config.js';
import type { ImpressionType } from './engagement-attributes.js';
import { unavailable } from './errors.js';
import type { FaultKind } from './faults.js';
import type { LabelledQuestion } from './surveys.js';
import type { VisitorIdentity } from './visitor-auth.js';

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
  /**
   * Pre-chat survey answers, by question id, and as the agent is shown them (`questions`: labelled
   * from the pre-chat survey served when the chat was asked for).
   */
  survey?: { surveyId: string; answers: Record<string, string[]>; questions: LabelledQuestion[] };
  /** The account-to-account transfer this chat takes over (its `chatRequestParameters`, as read). */
  a2aEventId?: string;
  a2aSourceSessionId?: string;
  a2aSourceSiteId?: string;
  /** The visitor authentication the chat was started with (`participantId` and `conversationId` of the request). */
  authentication?: ChatAuthentication;
}

/** What an authenticated chat knows of its visitor. */
export interface ChatAuthentication {
  participantId: string;
  conversationId: string;
  flow: 'implicit' | 'code';
  /** The claims shown to the agent (`sub`, `iss`, names, e-mail…). */
  identity: VisitorIdentity;
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

/** An engagement create session gave a session (status Available). */
export interface IssuedEngagement {
  /** The engagement context: `engagementDetails.contextId`, `eContext[].id` of its impressions. */
  contextId: string;
  campaignId: string;
  engagementId: string;
  engagementRevision: number;
  windowId: string;
  connectorId?: string;
  /** The page id of the create session that gave it. */
  pageId: string;
  issuedAt: number;
  /** `issuedAt` + `validForSeconds`. */
  expiresAt: number;
}

/** One funnel impression event, as received and read. */
export interface ImpressionRecord {
  /** When it arrived (ms). */
  time: number;
  /** `pageId` of the update session that carried it. */
  pageId: string;
  type: ImpressionType;
  campaign: number;
  engId: number;
  revision: number;
  /** `eContext[0].id`, when sent. */
  contextId?: string;
  /** Whether the engagement it is about was past its `validForSeconds` when it arrived. */
  expired: boolean;
  /** The event exactly as sent. */
  event: unknown;
}

export interface EngagementSession {
  account: string;
  visitorId: string;
  sessionId: string;
  createdAt: number;
  lastSeen: number;
  pageIds: string[];
  /** The last engagement context id given ("0" before the first). */
  contextId: string;
  /** Every engagement given to this session, in order. */
  engagements: IssuedEngagement[];
  requests: EngagementRequestRecord[];
  /** Every SDE received (create and update bodies), in order, as sent. */
  engagementAttributes: unknown[];
  /** Every impression event (`impAttributes`) received, in order. */
  impressions: ImpressionRecord[];
}

/** One impression with the session it belongs to: what `GET /_emulator/impressions` lists. */
export interface ImpressionLogEntry extends ImpressionRecord {
  account: string;
  visitorId: string;
  sessionId: string;
}

/** A visitor authentication that was accepted: what a chat request's `participantId`/`conversationId` refer to. */
export interface VisitorAuthentication {
  account: string;
  conversationId: string;
  participantId: string;
  time: number;
  flow: 'implicit' | 'code';
  /** Every claim of the id_token (or of the code's configured claims). */
  claims: Record<string, unknown>;
  identity: VisitorIdentity;
  connectorId: string;
  engagementId: string;
  LETagVisitorId: string;
  LETagSessionId: string;
  LETagContextId: string;
  redirectUri?: string;
}

/** Each visitor authentication request, accepted or refused. */
export interface AuthenticationAttempt {
  time: number;
  account: string;
  outcome: 'accepted' | 'refused';
  /** Why it was refused (the error message). */
  reason?: string;
  flow?: 'implicit' | 'code';
  sub?: string;
  conversationId?: string;
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
  visitorAuthentications: AuthenticationAttempt[];
  requests: RequestLogEntry[];
}

const emptyRecords = (): Records => ({
  offlineSurveys: [],
  exitSurveys: [],
  transcripts: [],
  customVariables: [],
  visitorAuthentications: [],
  requests: [],
});

/** Most statuses `engagementStatuses` holds. */
export const MAX_QUEUED_STATUSES = 100;

export class EmulatorState {
  readonly chats = new Map<string, Chat>();
  readonly agentSessions = new Map<string, AgentSession>();
  /** By bearer token. */
  readonly logins = new Map<string, LoginSession>();
  /** By `${account}/${sessionId}`, least recently used first. */
  readonly engagementSessions = new Map<string, EngagementSession>();
  /**
   * Statuses the next create sessions answer, one each, before `engagement.status` applies again
   * (`PUT /_emulator/engagement/statuses`).
   */
  readonly engagementStatuses: string[] = [];
  /** Accepted visitor authentications by `${account}/${conversationId}`, oldest first. */
  readonly authentications = new Map<string, VisitorAuthentication>();
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
    for (const list of [session.requests, session.pageIds, session.engagements, session.engagementAttributes, session.impressions] as unknown[][]) {
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

  /** Stores an accepted visitor authentication, forgetting the oldest beyond `limits.maxEngagementSessions`. */
  addAuthentication(authentication: VisitorAuthentication): void {
    while (this.authentications.size >= this.config().limits.maxEngagementSessions) {
      const first = this.authentications.keys().next().value;
      if (first === undefined) break;
      this.authentications.delete(first);
    }
    this.authentications.set(`${authentication.account}/${authentication.conversationId}`, authentication);
  }

  /** Every impression kept, in the order they arrived, with their session; optionally of one account, visitor or session. */
  impressionLog(filter: { account?: string; visitorId?: string; sessionId?: string } = {}): ImpressionLogEntry[] {
    const entries: ImpressionLogEntry[] = [];
    for (const session of this.engagementSessions.values()) {
      if (filter.account !== undefined && session.account !== filter.account) continue;
      if (filter.visitorId !== undefined && session.visitorId !== filter.visitorId) continue;
      if (filter.sessionId !== undefined && session.sessionId !== filter.sessionId) continue;
      for (const impression of session.impressions) {
        entries.push({ account: session.account, visitorId: session.visitorId, sessionId: session.sessionId, ...impression });
      }
    }
    // The sort is stable: impressions of one session that arrived in the same millisecond keep their order.
    return entries.sort((a, b) => a.time - b.time);
  }

  /**
   * Forgets chats, engagement sessions, queued engagement statuses, visitor authentications and
   * records; keeps logins and agent sessions (and their availability).
   */
  reset(): void {
    this.chats.clear();
    this.chatCount = 0;
    this.engagementSessions.clear();
    this.engagementStatuses.length = 0;
    this.authentications.clear();
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
      engagementStatuses: this.engagementStatuses,
      authentications: [...this.authentications.values()],
      ...this.records,
    };
  }
}
