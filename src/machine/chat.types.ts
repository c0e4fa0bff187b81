import type { ChatApiErrorCode } from '../api/errors.js';
import type { EngagementAttribute } from '../api/sde.js';
import type {
  ChatRequest,
  ChatResource,
  ChatState,
  Engagement,
  EngagementRequest,
  ImpressionType,
  LineSource,
  OfflineSubmission,
  SessionUpdate,
  Survey,
  SurveyAnswers,
  TransferEvent,
} from '../api/types.js';

/**
 * Time constants of the conversation, all injectable (tests shrink them; a SimulatedClock drives
 * the machine's own delays). Defaults follow the platform's documented retry and keep-alive policy.
 */
export interface ChatTiming {
  /** A new poll starts this long after the previous one started (ms). */
  pollInterval: number;
  /**
   * Pauses between retries of a failing poll (ms); the last one repeats, with jitter. Every pause is
   * capped at a quarter of `interactionTimeout`, so our own back-off never lets the chat time out.
   */
  pollRetryDelays: number[];
  /**
   * Pauses before each new attempt of a visitor line that failed for a passing reason (5xx, network,
   * timeout, a garbled answer); the line shows "Not sent" once they are spent. A 429 waits its
   * `Retry-After`, at least 1 s. Pauses after the third get up to 20 % jitter.
   */
  sendRetryDelays: number[];
  /** Keep-alive read of the chat while the exit survey is open (ms). */
  keepAliveInterval: number;
  /**
   * Pauses before asking App Engagement again when it answered neither Available nor NotAvailable
   * (the docs advise a few tries); once they are spent, the Server Chat API availability is used.
   */
  engagementRetryDelays: number[];
  /** Changes of the engagement attributes within this long go to the platform in one update (ms). */
  attributesBurst: number;
  /** The chat is reported lost after more than this many consecutive poll failures. */
  pollFailureTolerance: number;
  /** Not-typing is reported this long after the visitor's last keystroke (ms). */
  typingIdle: number;
  /**
   * Seconds without a request from the visitor after which the platform ends the chat (sent with
   * the chat request; the documented default is 40). Polling every `pollInterval` keeps it alive,
   * and no pause of ours is longer than a quarter of it.
   */
  interactionTimeout: number;
}

export const defaultTiming: ChatTiming = {
  pollInterval: 2000,
  pollRetryDelays: [5000, 10000, 15000, 30000],
  sendRetryDelays: [5000, 10000, 15000, 30000, 30000, 30000],
  keepAliveInterval: 15000,
  pollFailureTolerance: 9,
  engagementRetryDelays: [100, 200, 400, 800, 1600],
  attributesBurst: 250,
  typingIdle: 3000,
  interactionTimeout: 40,
};

/** What the element passes when it creates the actor. */
export interface ChatInput {
  skill?: string;
  /** Language of system messages, e.g. `en-US`. */
  language?: string;
  /** Shown to the agent instead of the default "You"/"visitor" (else the pre-chat survey's name answer). */
  visitorName?: string;
  /** Engagement attributes (SDEs), checked, sent with App Engagement create session. */
  engagementAttributes?: EngagementAttribute[];
  /** App Engagement consumer sections (`consumerSections`). */
  sections?: string[];
  /** The App Engagement ids kept from an earlier page: the same visitor, the same session. */
  visitor?: Pick<Engagement, 'visitorId' | 'sessionId'>;
  /**
   * The page's Web Tag hands the engagement over (the monitored flow, `webtag.engage`): the window
   * makes no App Engagement call of its own, and reports no funnel (the Web Tag does).
   */
  monitored?: boolean;
  /**
   * When the visitor of an authenticated engagement cannot be authenticated: an ordinary chat on
   * its skill instead (not on the engagement, which the platform keeps for authenticated visitors).
   * Unset: the failure is the visitor's to read and retry.
   */
  authFallback?: boolean;
  /** Where the chat was started (the page URL), sent with the chat request. */
  chatReferrer?: string;
  /** The visitor's browser, sent with the chat request (the platform would otherwise see a relay's). */
  userAgent?: string;
  timing?: Partial<ChatTiming>;
}

/** A failure shown to the visitor and reported through `lp-error`. */
export interface ErrorInfo {
  code: ChatApiErrorCode | 'unknown';
  message: string;
  retryable: boolean;
  /** How long the server asked to wait before trying again (ms), when it said. */
  retryAfter?: number;
  /** Which step failed. */
  during:
    | 'engagement'
    | 'availability'
    | 'survey'
    | 'authentication'
    | 'request'
    | 'transfer'
    | 'send'
    | 'poll'
    | 'end'
    | 'transcript'
    | 'offline';
}

/** One line in the transcript, as the window shows it. */
export interface Message {
  /** Stable client key: `v<n>` for visitor lines created here, `e<eventId>` for server lines. */
  key: string;
  /** The server event `@id`, once known. */
  eventId?: string;
  source: LineSource;
  text: string;
  textType: 'plain' | 'html';
  /** Display name (agent nickname, "info" for system lines, visitor name). */
  by: string;
  /** ISO time (server time for server lines, client time for unsent visitor lines). */
  time: string;
  /** A link the agent pushed (`url` event): offered to the visitor, never followed by itself. */
  link?: string;
  /** A line the window writes itself, shown in the window's language (`text` is its English). */
  notice?: 'transfer';
  /**
   * Visitor lines: queued (waiting for its turn, an agent or the connection) → sending (the request
   * is out) → sent, or failed once the retry policy gave up (then the visitor may retry). Server
   * lines are always sent.
   */
  status: 'queued' | 'sending' | 'sent' | 'failed';
  /**
   * An attempt to send this line ended without an answer that tells whether it arrived (a timeout, a
   * dropped connection, a garbled answer, a reload mid-request): before it is sent again, the
   * events since the last one seen are read, and its echo there means it arrived.
   */
  uncertain?: boolean;
  systemMessageId?: number;
}

export interface ChatContext {
  input: ChatInput;
  timing: ChatTiming;
  /** Whether the window is open (the launcher shows when it is not). */
  open: boolean;
  /** Agent/system lines received while the window was closed. */
  unread: number;
  /** Last known availability (engagement status or a recheck); null until known. */
  available: boolean | null;
  engagement: Engagement | null;
  /** The survey on screen (pre-chat, exit or offline: the state says which). */
  survey: Survey | null;
  chatUrl: string | null;
  /** Where the next poll goes; kept so a restored snapshot resumes polling where it stopped. */
  nextUrl: string | null;
  chatState: ChatState | null;
  messages: Message[];
  /** Highest server event id applied; events at or below it are ignored (shown exactly once). */
  lastEventId: number;
  agentName: string | null;
  agentTyping: boolean;
  /** Seconds, while waiting in the queue (0 immediate, -1 no agents, -2 unknown). */
  estimatedWaitTime: number | null;
  /** 'reconnecting' while polls fail. */
  connection: 'online' | 'reconnecting';
  endedBy: 'visitor' | 'agent' | 'system' | null;
  transcript: 'idle' | 'sending' | 'sent' | 'failed';
  error: ErrorInfo | null;
  /** Counter for visitor line keys. */
  seq: number;
  /**
   * Answers last submitted to the survey in `survey`: pre-chat answers travel with the chat request
   * (and its retry); after a failed offline submission they let the form show what was typed.
   */
  answers: SurveyAnswers | null;
  /** Key of the visitor line being sent right now (lines are sent one at a time, in order). */
  sendingKey: string | null;
  /** Failed attempts of the line `sendingKey` so far. */
  sendAttempt: number;
  /** The pause before its next attempt (ms). */
  sendRetryIn: number;
  /** The chat was gone when read (404): it ended while nobody watched, and nothing more can be asked of it. */
  vanished: boolean;
  /** The account-to-account transfer being carried out (`transferring`, and a failure of it to retry). */
  transfer: TransferEvent | null;
  /** Transfers carried out in this conversation (the lines of the chats left behind are marked with it). */
  transfers: number;
  /** The skill the last transfer asked for on its account (undefined: none, or it named none). */
  transferSkill?: string;
  /** The pre-chat answers the chat was requested with: a transfer's chat request carries them too. */
  prechat: { id: string; answers: SurveyAnswers } | null;
  /** The visitor's name: the host's, else the pre-chat survey's answer to a name question. */
  visitorName: string | null;
  /** The engagement attributes (SDEs) now: every create session sends them. */
  attributes: EngagementAttribute[];
  /** The attributes the engagement's session was last told (what differs goes in one update per burst). */
  told: EngagementAttribute[];
  /**
   * Where the engagement stands in its funnel: `none` yet, `shown` (impDisplay sent), `accepted`
   * (impAccept sent: opening and closing the window report impExpanded and impClose), `over` (a chat
   * was requested with it, or it timed out): each impression is reported once.
   */
  funnel: 'none' | 'shown' | 'accepted' | 'over';
  /**
   * The engagement outlived its `validForSeconds`, or the platform forgot its session: it is created
   * again before the next chat request.
   */
  stale: boolean;
  /** Failed tries to get an answer from App Engagement so far (see `engagementRetryDelays`). */
  tries: number;
}

/** Events the element (user intents) and the invoked actors send to the machine. */
export type ChatEvent =
  | { type: 'user.open' }
  | { type: 'user.close' }
  | { type: 'user.send'; text: string }
  | { type: 'user.retryLine'; key: string }
  | { type: 'user.typing' }
  | { type: 'user.end' }
  | { type: 'user.submitSurvey'; answers: SurveyAnswers }
  | { type: 'user.skipSurvey' }
  | { type: 'user.requestTranscript'; email: string }
  | { type: 'user.retry' }
  | { type: 'user.newChat' }
  | { type: 'server.chat'; resource: ChatResource; nextUrl: string | null }
  | { type: 'poll.failed'; error: ErrorInfo; attempt: number }
  | { type: 'poll.gone'; error: ErrorInfo }
  /** The browser lost its network connection (`offline`). */
  | { type: 'net.offline' }
  /** The browser has a network connection again (`online`): waiting calls go at once. */
  | { type: 'net.online' }
  /** The host changed the engagement attributes (checked already). */
  | { type: 'host.attributes'; attributes: EngagementAttribute[] }
  /** The page's Web Tag handed an engagement over (monitored flow). */
  | { type: 'webtag.engage'; engagement: Engagement }
  /** The engagement's `validForSeconds` are over (raised by the machine itself). */
  | { type: 'engagement.expired' }
  /** A burst of attribute changes is over (raised by the machine itself). */
  | { type: 'attributes.flush' }
  /** The platform no longer knows the engagement's session (an update answered 404). */
  | { type: 'session.lost' };

/** Input of each actor the machine invokes (`createChatActors` implements them over a `ChatApi`). */
export interface ChatActorInputs {
  getEngagement: EngagementRequest;
  checkAvailability: { skill?: string };
  /** On this window's account; on the account of `chatUrl` after an account-to-account transfer. */
  getEstimatedWaitTime: { skill?: string; chatUrl?: string };
  loadPreChatSurvey: { skill?: string };
  /**
   * Asks the host for the visitor's key (`getAuthCode`) on an authenticated engagement. The key
   * stays with the actors for `authenticate`, out of the machine: its snapshots are kept and shared
   * with other tabs, and a credential belongs in neither.
   */
  getAuthCode: undefined;
  /** Visitor authentication with that key; resolves with the ids the chat request carries. */
  authenticate: { engagement: Engagement };
  /** The chat request; a visitor name is also set on the chat once it exists. */
  requestChat: ChatRequest;
  /** The chat request on the target account of a transfer (`transfer` set). */
  transferChat: ChatRequest;
  /**
   * Where polling starts. The poller advances `url` along the `next` links as it goes: the input is
   * part of its persisted snapshot, so a restored chat resumes where polling stopped.
   */
  pollChat: { url: string; timing: ChatTiming };
  /** One read of the chat from `url` (reconciling a line whose outcome is unknown). */
  readChat: { url: string };
  /** Reads `{chat}/info` every `interval` ms, so a chat with an open exit survey is not timed out. */
  keepAlive: { chatUrl: string; interval: number };
  sendLine: { chatUrl: string; text: string };
  endChat: { chatUrl: string };
  setTyping: { chatUrl: string; typing: boolean };
  loadExitSurvey: { chatUrl: string };
  submitExitSurvey: { chatUrl: string; surveyId: string; answers: SurveyAnswers };
  requestTranscript: { chatUrl: string; email: string };
  loadOfflineSurvey: { skill?: string };
  submitOfflineSurvey: OfflineSubmission;
}

/** Public status, mirrored to the element's `status` property and `lp-status-change`. */
export type ChatStatus =
  | 'loading' // retrieving the engagement
  | 'available' // launcher shows "chat"
  | 'unavailable' // launcher shows "leave a message"
  | 'connecting' // availability recheck, pre-chat survey load, chat request
  | 'prechat' // pre-chat survey on screen
  | 'waiting' // in the queue
  | 'chatting'
  | 'ended' // chat over: exit survey, transcript
  | 'offline' // leave-a-message flow
  | 'error';

/**
 * Outbound notifications the element turns into `lp-*` DOM events. (Status changes and the window
 * opening or closing are not emitted: the element reads them from each snapshot.)
 */
export type ChatEmitted =
  | { type: 'message.received'; message: Message }
  | { type: 'error.raised'; error: ErrorInfo }
  /** A funnel step of the engagement, reported to App Engagement too (the element's `lp-funnel`). */
  | { type: 'funnel'; step: FunnelStep }
  /** App Engagement gave these ids: the element keeps them for later pages. */
  | { type: 'engagement.session'; visitorId: string; sessionId: string };

/** A funnel step as the host sees it (`lp-funnel`). */
export interface FunnelStep {
  type: ImpressionType;
  campaignId: string;
  engagementId: string;
}

/** What the machine sends the App Engagement session actor: one update of the engagement's session. */
export interface SessionUpdateEvent {
  type: 'session.update';
  engagement: Engagement;
  update: SessionUpdate;
}
