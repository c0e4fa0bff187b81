import type { EngagementAttribute } from './sde.js';

/**
 * Domain types of the chat API layer: what the rest of the window sees. The wire format
 * (XML-shaped JSON: `@id`/`@type` keys, singletons as objects, numbers and booleans as strings,
 * a missing `event` key on an empty poll) never leaves `src/api`; `dto.ts` maps it into these.
 */

/** Server-side state of a chat (Server Chat API `state` events and `info.state`). */
export type ChatState = 'waiting' | 'chatting' | 'ended';

/** Who wrote a line. */
export type LineSource = 'visitor' | 'agent' | 'system';

/** A `line` event. */
export interface LineEvent {
  type: 'line';
  /** The event's `@id` (consecutive per chat, from 0). */
  id: string;
  /** ISO-8601 time as the server sent it ('' when absent). */
  time: string;
  text: string;
  textType: 'plain' | 'html';
  /** Display name: "info" for system lines, the agent's nickname, the visitor's name. */
  by: string;
  source: LineSource;
  /** System lines only (3 chatting with, 4 routing, 5 agent ended, 0 pre-chat line echo, ...). */
  systemMessageId?: number;
  /** `REGULAR` normally. */
  subType?: string;
}

/** A `state` event. */
export interface StateEvent {
  type: 'state';
  id: string;
  time: string;
  state: ChatState;
}

/**
 * An `a2a-transfer` event: an agent moved the chat to another account, where the visitor's window
 * starts a new chat (protocol §1.5). What is there to say where is kept; the window decides.
 */
export interface TransferEvent {
  type: 'a2a-transfer';
  id: string;
  time: string;
  /** Server Chat API domain of the target account (`host[:port]`), as sent. */
  domain?: string;
  /** The target account. */
  remoteSiteId?: string;
  /** Sent as they are, in the chat request to the target account (`a2aEventId`, `a2aSourceSessionId`, `a2aSourceSiteId`, `skill`). */
  chatRequestParameters: Record<string, unknown>;
  /** Where to start the new chat: the link rel `a2a-transfer` (absolute). */
  link?: string;
}

/** Any other event type (`url`, `line-status`, future ones): kept, never dropped. */
export interface OtherEvent {
  type: 'other';
  id: string;
  time: string;
  /** The wire `@type`. */
  rawType: string;
  /** The normalised wire object, for consumers that know the type. */
  data: Record<string, unknown>;
}

export type ChatEvent = LineEvent | StateEvent | TransferEvent | OtherEvent;

export type TypingStatus = 'typing' | 'not-typing' | 'unknown';

/** Chat information (`info`), every field optional because servers omit what they do not know. */
export interface ChatInfo {
  state?: ChatState;
  chatSessionKey?: string;
  skillName?: string;
  agentName?: string;
  agentId?: string;
  agentTyping?: TypingStatus;
  visitorTyping?: TypingStatus;
  visitorName?: string;
  /** Seconds after `lastUpdate` after which the server ends an unattended chat. */
  chatTimeout?: number;
  lastUpdate?: string;
  startTime?: string;
  rtSessionId?: string;
}

/** Resource links of a chat, by rel. Absolute URLs as the server sent them (no `.json`, no `v=1`). */
export interface ChatLinks {
  self?: string;
  events?: string;
  info?: string;
  /** Where the next poll goes (`{chat}?from=N`). */
  next?: string;
  transcriptRequest?: string;
  exitSurvey?: string;
  visitorName?: string;
  visitorTyping?: string;
  agentTyping?: string;
}

/** One read of `GET {chat}` (or of a `next` link): new events since the last read, info and links. */
export interface ChatResource {
  events: ChatEvent[];
  info: ChatInfo;
  links: ChatLinks;
}

/** Survey question types as documented (pre-chat, exit and offline surveys). */
export type QuestionType = 'dropdown' | 'radio' | 'radio-side-by-side' | 'checkbox' | 'text' | 'textarea';

export type ValidationType = 'alpha_numeric' | 'numeric' | 'email';

export interface SurveyEntry {
  value: string;
  /** `displayValue` when present, else `value`. */
  label: string;
  checked: boolean;
  /** `logicId`s of the questions shown while this entry is selected. */
  showLogicIds: string[];
}

export interface SurveyQuestion {
  id: string;
  order: number;
  mandatory: boolean;
  validation: ValidationType;
  /**
   * The question's id in survey logic. Every question carries one, and that alone does not make it
   * conditional: a question is conditional only when an entry of another question lists this id in
   * its `showLogicIds`, and is then shown only while such an entry is selected. (Optional because a
   * server may leave it out.)
   */
  logicId?: string;
  label: string;
  type: QuestionType;
  lastKnownValue: string;
  entries: SurveyEntry[];
}

export interface Survey {
  id: string;
  title: string;
  header: string;
  /** Sorted by `order`. */
  questions: SurveyQuestion[];
}

/** Answers by question id: a string, or several values for a checkbox question. */
export type SurveyAnswers = Record<string, string | string[]>;

/**
 * App Engagement API create-session result. `Pending` stands for any other status: not an answer
 * yet (the docs advise asking again, with the same visitor and session).
 */
export interface Engagement {
  status: 'Available' | 'NotAvailable' | 'Pending';
  visitorId: string;
  sessionId: string;
  pageId: string;
  details?: EngagementDetails;
}

export interface EngagementDetails {
  campaignId: string;
  engagementId: string;
  contextId: string;
  windowId?: string;
  language?: string;
  engagementRevision?: number;
  validForSeconds?: number;
  skillId?: string;
  skillName?: string;
  /**
   * The authentication connector of an authenticated engagement: only visitors who prove who they
   * are (visitor authentication) chat on it.
   */
  connectorId?: string;
}

/** Input of App Engagement create session. Ids are passed back on later calls. */
export interface EngagementRequest {
  visitorId?: string;
  sessionId?: string;
  consumerSections?: string[];
  /** Engagement attributes (SDEs), checked already (`checkAttributes`). */
  engagementAttributes?: EngagementAttribute[];
}

/** The funnel steps of an engagement, as App Engagement impression events name them. */
export type ImpressionType = 'impDisplay' | 'impAccept' | 'impExpanded' | 'impClose' | 'impTimeout';

/** What an App Engagement update session reports on an engagement's session. */
export interface SessionUpdate {
  impressions?: ImpressionType[];
  engagementAttributes?: EngagementAttribute[];
}

/** What a chat request carries (Server Chat API Start Chat); the API layer builds the wire body. */
export interface ChatRequest {
  skill?: string;
  engagement?: Engagement;
  survey?: { id: string; answers: SurveyAnswers };
  preChatLines?: string[];
  /** Seconds; the server ends the chat when nobody polls it for this long. */
  interactionTimeout?: number;
  language?: string;
  chatReferrer?: string;
  userAgent?: string;
  /** The visitor's name (also set on the chat once it exists). */
  visitorName?: string;
  /**
   * The chat an account-to-account transfer asks for: the request goes to the transfer's link (or
   * the target domain's chat request URL), its `chatRequestParameters` merged in as they are.
   */
  transfer?: Pick<TransferEvent, 'domain' | 'remoteSiteId' | 'chatRequestParameters' | 'link'>;
  /** The visitor authentication of an authenticated engagement's chat (its ids go in the request). */
  authentication?: VisitorAuthentication;
}

/**
 * What the host's `getAuthCode` gives for an authenticated engagement: the visitor's `ssoKey`, an
 * OAuth 2.0 authorization code (code flow, with the `redirectUri` it was issued for) or an OpenID
 * Connect id_token, a JWT (implicit flow). A credential: used once, never logged or kept.
 */
export interface AuthCode {
  ssoKey: string;
  redirectUri?: string;
}

/** Visitor authentication (Server Chat API) of the visitor of an authenticated `engagement`. */
export interface VisitorAuthRequest extends AuthCode {
  /** An engagement whose details name its authentication connector (`connectorId`). */
  engagement: Engagement;
}

/** What a visitor authentication answers: the ids the chat request then carries. */
export interface VisitorAuthentication {
  participantId: string;
  conversationId: string;
}

/** Offline survey submission ("leave a message"). */
export interface OfflineSubmission {
  surveyId: string;
  answers: SurveyAnswers;
  skill?: string;
  engagement?: Engagement;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Every Server Chat API / App Engagement API call the window makes. Built by `createChatApi`
 * (one ky instance per element); tests and the machine's fake actors implement it directly.
 * Every method throws `ChatApiError` on failure.
 */
export interface ChatApi {
  /** App Engagement API create session (`appType: EXTERNAL`) on `msdkgw`. */
  getEngagement(request: EngagementRequest, options?: CallOptions): Promise<Engagement>;
  /** App Engagement API update session: impressions and SDEs on the session of `engagement`. */
  updateSession(engagement: Engagement, update: SessionUpdate, options?: CallOptions): Promise<void>;
  /** Whether an agent can take a chat now (for `skill` when given). */
  getAvailability(skill: string | undefined, options?: CallOptions): Promise<boolean>;
  /**
   * Seconds; 0 immediate, -1 no agents, -2 not enough data. On this window's account, or on the
   * account of the chat at `chatUrl` (where an account-to-account transfer took the chat).
   */
  getEstimatedWaitTime(skill: string | undefined, options?: CallOptions, chatUrl?: string): Promise<number>;
  /** The pre-chat survey, or null when none is configured. */
  getPreChatSurvey(skill: string | undefined, options?: CallOptions): Promise<Survey | null>;
  /** The offline survey, or null when none is configured. */
  getOfflineSurvey(skill: string | undefined, options?: CallOptions): Promise<Survey | null>;
  submitOfflineSurvey(submission: OfflineSubmission, options?: CallOptions): Promise<void>;
  /**
   * Starts a chat (on the target account of `request.transfer`, when given); resolves with the
   * chat URL from the 201's `Location` header.
   */
  requestChat(request: ChatRequest, options?: CallOptions): Promise<string>;
  /**
   * Visitor authentication, the step before the chat request on an authenticated engagement;
   * rejects with `unauthorized` when the platform refuses the key. Optional in a `ChatApi` of the
   * host's own: without it, an authenticated engagement is a configuration error.
   */
  authenticateVisitor?(request: VisitorAuthRequest, options?: CallOptions): Promise<VisitorAuthentication>;
  /** Reads the chat resource at `url`: the chat URL itself, or a `next` link. */
  getChat(url: string, options?: CallOptions): Promise<ChatResource>;
  /** Chat info only (keep-alive). */
  getInfo(chatUrl: string, options?: CallOptions): Promise<ChatInfo>;
  /** Adds a visitor line; resolves with the new event's id when the server tells it (Location). */
  addLine(chatUrl: string, text: string, options?: CallOptions): Promise<string | undefined>;
  endChat(chatUrl: string, options?: CallOptions): Promise<void>;
  setVisitorTyping(chatUrl: string, typing: boolean, options?: CallOptions): Promise<void>;
  setVisitorName(chatUrl: string, name: string, options?: CallOptions): Promise<void>;
  /** The exit survey, or null when none is configured. */
  getExitSurvey(chatUrl: string, options?: CallOptions): Promise<Survey | null>;
  submitExitSurvey(chatUrl: string, surveyId: string, answers: SurveyAnswers, options?: CallOptions): Promise<void>;
  requestTranscript(chatUrl: string, email: string, options?: CallOptions): Promise<void>;
}
