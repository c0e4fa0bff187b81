import type { Availability } from '../../../emulator/bot/agent-client.js';
import type { EngagementAttribute } from '../../../src/api/sde.js';
import type { ChatEvent, ChatInfo, LineEvent } from '../../../src/api/types.js';

/**
 * What the agent console knows of the platform: the domain types its API module returns. The wire
 * format stays in `agent-api.ts` (and in the modules it reuses: the bot's Chat Agent API client and
 * the window's reader of chat resources, whose JSON is the same on both sides of a chat).
 */

export type { Availability, ChatEvent, ChatInfo, EngagementAttribute, LineEvent };

/** Cancels a call. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The signed-in agent (`GET {session}/info`). */
export interface AgentProfile {
  /** The name visitors see (`agentName`). */
  name: string;
  loginName: string;
  /** Concurrent chats the agent may hold; undefined when unlimited or not said. */
  maxChats?: number;
}

/** `GET {session}/incomingRequests`. */
export interface Ringing {
  /** Chats offered to this agent now. */
  count: number;
  /** Where accepting the oldest of them goes; absent when nothing rings. */
  link?: string;
}

/**
 * What the Chat Agent API tells an agent about the visitor of a chat (`info`): the name the visitor
 * gave (the window sets it from the pre-chat survey's name question), the skill, and the engagement
 * the chat came from, echoed from the chat request. Pre-chat lines come as system lines (id 0) among
 * the events. Pre-chat survey answers and engagement attributes (SDEs) are the chat's `Visit`.
 */
export interface VisitorDetails {
  name?: string;
  skill?: string;
  engagementId?: string;
  campaignId?: string;
  language?: string;
  /** The monitoring ids of the visitor's engagement session (`sharkVisitorId`, …; `LETag*` in the request). */
  monitoring: { visitor?: string; session?: string; context?: string };
}

/** One read of a chat (`GET {chat}` or its `next` link). */
export interface ChatRead {
  /** Events since the previous read, by id. */
  events: ChatEvent[];
  info: ChatInfo;
  visitor: VisitorDetails;
  /** Where the next read goes. */
  next?: string;
  /** Where the chat's visit is (its `visit-id` link). */
  visit?: string;
}

/** One answered question of the pre-chat survey. */
export interface PreChatAnswer {
  /** The question's label (its id when the platform gave none). */
  question: string;
  /** The labels of the answers (several for a checkbox question). */
  answers: string[];
}

/** An engagement attribute the console does not know the shape of: its type and its fields as they came. */
export interface UnknownAttribute {
  type: 'unknown';
  rawType: string;
  data: Record<string, unknown>;
}

/**
 * What the visitor told before and around the chat (`GET` the chat's `visit-id` link): the name, the
 * pre-chat survey answers, the engagement attributes of the visitor's engagement session and, for an
 * authenticated visitor, who they proved to be.
 */
export interface Visit {
  name?: string;
  preChat: PreChatAnswer[];
  /** The documented types as the window types them; anything else as it came. */
  attributes: Array<EngagementAttribute | UnknownAttribute>;
  /** The identity's claims (`sub`, `given_name`, `email`…), when the visitor is authenticated. */
  identity?: Record<string, string>;
}

/** A skill a chat can be transferred to (`GET {chat}/transfer`: skills with an agent Online). */
export interface TransferSkill {
  id: string;
  name: string;
  onlineAgents: number;
}

/** An agent's line: plain text, or HTML the visitor's window sanitises. */
export interface OutgoingLine {
  text: string;
  textType: 'plain' | 'html';
}

/**
 * The calls of one signed-in agent. Every call rejects with `AgentApiError` (the bot client's
 * error: HTTP status, 0 when there was no answer) or, when its signal aborts, the abort reason.
 */
export interface AgentApi {
  /** Domain API lookup, login, a new agent session (Away) and its agent's profile. */
  signIn(credentials: { username: string; password: string }, options?: CallOptions): Promise<AgentProfile>;
  /** Keeps the login alive (every few minutes). */
  keepAlive(options?: CallOptions): Promise<void>;
  /** Away, then logout. */
  signOut(options?: CallOptions): Promise<void>;
  setAvailability(availability: Availability, options?: CallOptions): Promise<void>;
  incomingRequests(options?: CallOptions): Promise<Ringing>;
  /** Takes the oldest ringing chat; resolves to the chat's URL. */
  accept(link: string, options?: CallOptions): Promise<string>;
  /** Reads a chat from its URL or a `next` link. */
  readChat(href: string, options?: CallOptions): Promise<ChatRead>;
  /** Reads the visit of a chat from its `visit-id` link. */
  readVisit(href: string, options?: CallOptions): Promise<Visit>;
  addLine(chatUrl: string, line: OutgoingLine, options?: CallOptions): Promise<void>;
  setTyping(chatUrl: string, typing: boolean, options?: CallOptions): Promise<void>;
  transferSkills(chatUrl: string, options?: CallOptions): Promise<TransferSkill[]>;
  /** Hands the chat to a skill; `note` is shown to the next agent only. */
  transfer(chatUrl: string, skillId: string, note: string, options?: CallOptions): Promise<void>;
  endChat(chatUrl: string, options?: CallOptions): Promise<void>;
}
