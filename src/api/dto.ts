import { malformed } from './errors.js';
import type {
  ChatEvent,
  ChatInfo,
  ChatLinks,
  ChatRequest,
  ChatResource,
  Engagement,
  EngagementDetails,
  EngagementRequest,
  ImpressionType,
  LineEvent,
  OfflineSubmission,
  QuestionType,
  SessionUpdate,
  Survey,
  SurveyAnswers,
  SurveyQuestion,
  TransferEvent,
} from './types.js';
import type { EngagementAttribute } from './sde.js';

/*
 * Wire format. Responses are JSON renderings of XML resources, read defensively: attributes may
 * come as `@id` or `id` (also `@type`, `@href`, `@rel`), one-element lists as the element itself,
 * numbers and booleans as strings, and an empty list as no key at all. Request bodies are typed
 * below, exactly as sent.
 */

/** An object read off the wire: any value may be a string, number, boolean, object or array. */
export type Wire = Record<string, unknown>;

/** A survey submission (`question` answers: one string, or several values for a checkbox). */
export interface WireSurveyAnswers {
  id: string | number;
  question: { id: string | number; answer: string | string[] }[];
}

/** The monitoring ids of an App Engagement session, as Start Chat and offline surveys carry them. */
export interface WireVisitorIds {
  LETagVisitorId?: string;
  LETagSessionId?: string;
  LETagContextId?: string;
}

/** `POST {base}/chat/request` body. */
export interface WireChatRequest {
  request: WireVisitorIds & {
    skill?: string;
    interactionTimeout?: number;
    userAgent?: string;
    chatReferrer?: string;
    language?: string;
    visitorName?: string;
    engagementId?: string | number;
    campaignId?: string | number;
    preChatLines?: { line: string[] };
    survey?: WireSurveyAnswers;
    /** From the visitor authentication, on an authenticated engagement. */
    participantId?: string;
    conversationId?: string;
    /** An account-to-account transfer's `chatRequestParameters`, as they came. */
    [parameter: string]: unknown;
  };
}

/** `POST {base}/chat/offlineSurvey` (PUT) body. */
export interface WireOfflineSurvey {
  survey: WireSurveyAnswers & WireVisitorIds & { skill?: string; userAgent?: string };
}

/** App Engagement create session body. */
export interface WireEngagementRequest {
  appType: 'EXTERNAL';
  appDetails: { os?: string; osVersion?: string; deviceFamily?: string; appVersion?: string };
  consumerSections: string[];
  engagementAttributes: EngagementAttribute[];
}

/** An App Engagement impression event (funnel reporting). */
export interface WireImpression {
  type: ImpressionType;
  campaign: string | number;
  engId: string | number;
  revision?: number;
  eContext: { type: 'engagementContext'; id: string }[];
}

/** App Engagement update session body. */
export interface WireSessionUpdate {
  pageId: string;
  impAttributes?: WireImpression[];
  engagementAttributes?: EngagementAttribute[];
}

export const isObject = (value: unknown): value is Wire =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list that the wire may render as a single element, or leave out. */
export const asArray = <T>(value: T | T[] | null | undefined): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** Wire values as the domain types want them (the wire is JSON: no functions, symbols or bigints). */
const text = (value: unknown): string => (value == null || typeof value === 'object' ? '' : String(value));

const optText = (value: unknown): string | undefined => text(value) || undefined;

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? +value : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const bool = (value: unknown): boolean => value === true || value === 'true';

/** A reader of `values`: the value when it is one of them, else undefined. */
const oneOf =
  <T extends string>(...values: T[]) =>
  (value: unknown): T | undefined =>
    values.includes(value as T) ? (value as T) : undefined;

const chatState = oneOf('waiting', 'chatting', 'ended');
const typing = oneOf('typing', 'not-typing', 'unknown');

/** The wire object with attribute keys unprefixed (`@id` → `id`); the `@` form wins over a plain one. */
const plain = (wire: Wire): Wire => {
  const out: Wire = {};
  for (const key in wire) {
    if (key[0] === '@') out[key.slice(1)] = wire[key];
    else out[key] ??= wire[key];
  }
  return out;
};

/**
 * Reads the fields of `T` from `wire`, each by its own reader (given the value of the same key and
 * the whole object), leaving out fields read as undefined: mapped objects carry only what the
 * server said.
 */
const read = <T>(wire: Wire, readers: { [K in keyof T]-?: (value: unknown, wire: Wire) => T[K] }): T => {
  const out: Partial<T> = {};
  for (const key in readers) {
    const value = readers[key](wire[key], wire);
    if (value !== undefined) out[key] = value;
  }
  return out as T;
};

/** `value` without its undefined properties (as JSON would have it), for plain data only. */
const defined = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value));

/** `GET {chat}` (`{"chat":{link,events,info}}`) or `GET {chat}/events` (`{"events":{link,event}}`). */
export function toChatResource(body: unknown): ChatResource {
  const chat = isObject(body) && body.chat;
  const events = isObject(chat) ? chat.events : isObject(body) && body.events;
  if (!isObject(chat) && !isObject(events)) throw malformed('Not a chat resource', true);
  const info = (isObject(chat) && isObject(chat.info) && chat.info) || {};
  return {
    events: asArray(isObject(events) ? events.event : undefined)
      .filter(isObject)
      .map(toEvent)
      .sort((a, b) => (num(a.id) ?? 0) - (num(b.id) ?? 0)),
    info: toInfo(info),
    // The chat's own links win (its `self` and `next`), then the info links (typing, name).
    links: toLinks(isObject(chat) ? [chat.link, info.link] : [(events as Wire).link]),
  };
}

/** Known event types are typed; others (`url`, `line-status`, ...) are kept as `other`. */
export function toEvent(raw: Wire): ChatEvent {
  const wire = plain(raw);
  const id = text(wire.id);
  const time = text(wire.time);
  const state = chatState(wire.state);
  if (wire.type === 'line') {
    return defined<LineEvent>({
      type: 'line',
      id,
      time,
      text: text(wire.text),
      // Anything but html is shown as plain text.
      textType: wire.textType === 'html' ? 'html' : 'plain',
      by: text(wire.by),
      source: oneOf('visitor', 'agent')(wire.source) ?? 'system',
      systemMessageId: num(wire.systemMessageId),
      subType: optText(wire.subType),
    });
  }
  if (wire.type === 'state' && state) return { type: 'state', id, time, state };
  if (wire.type === 'a2a-transfer') {
    const link = asArray(wire.link).filter(isObject).map(plain).find((l) => l.rel === 'a2a-transfer');
    return defined<TransferEvent>({
      type: 'a2a-transfer',
      id,
      time,
      domain: optText(wire.domain),
      remoteSiteId: optText(wire.remoteSiteId),
      // Sent on as they came (numbers stay numbers).
      chatRequestParameters: isObject(wire.chatRequestParameters) ? wire.chatRequestParameters : {},
      link: optText(link?.href),
    });
  }
  return { type: 'other', id, time, rawType: text(wire.type), data: wire };
}

/** `info` of a chat (embedded in the chat resource, or `GET {chat}/info`). */
export const toInfo = (wire: Wire): ChatInfo =>
  read<ChatInfo>(wire, {
    state: chatState,
    chatSessionKey: optText,
    skillName: optText,
    agentName: optText,
    agentId: optText,
    agentTyping: typing,
    visitorTyping: typing,
    visitorName: optText,
    chatTimeout: num,
    lastUpdate: optText,
    startTime: optText,
    rtSessionId: optText,
  });

/** The `info` of a `GET {chat}/info` body. */
export function toChatInfo(body: unknown): ChatInfo {
  const info = isObject(body) && body.info;
  if (!isObject(info)) throw malformed('No info');
  return toInfo(info);
}

/** The rels of `ChatLinks`, as the wire names them. */
const RELS = /^(self|events|info|next|transcript-request|exit-survey|visitor-name|(visitor|agent)-typing)$/;

/** Links by rel (`transcript-request` → `transcriptRequest`); the first link of a rel wins. */
export function toLinks(lists: unknown[]): ChatLinks {
  const links: Record<string, string> = {};
  for (const link of lists.flatMap(asArray).filter(isObject).map(plain)) {
    const rel = text(link.rel);
    const href = text(link.href);
    if (href && RELS.test(rel)) links[rel.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())] ??= href;
  }
  return links;
}

const QUESTION_TYPES: Record<string, QuestionType> = {
  'dropdown box': 'dropdown',
  'radio button': 'radio',
  'radio button (side by side)': 'radio-side-by-side',
  checkbox: 'checkbox',
  'text field': 'text',
  'text area': 'textarea',
};

/** The type of a wire question, undefined for a type this window does not know. */
const questionType = (wire: Wire): QuestionType | undefined => {
  const name = text(wire.type).trim().toLowerCase();
  return Object.hasOwn(QUESTION_TYPES, name) ? QUESTION_TYPES[name] : undefined;
};

/**
 * A pre-chat, offline or exit survey; null when none is configured (no body, `{}`, no `survey`, or
 * a survey without questions). Questions are sorted by `order`. A question of a type this window
 * does not know is left out rather than shown as something it is not (a free text field cannot
 * stand in for a control whose values the server checks); the six documented types cover every
 * documented survey.
 */
export function toSurvey(body: unknown): Survey | null {
  const survey = isObject(body) && body.survey;
  if (!isObject(survey)) return null;
  const { questions: list } = survey;
  const questions = asArray(isObject(list) ? list.question : list)
    .filter(isObject)
    .map(plain)
    .filter(questionType)
    .map(toQuestion)
    .sort((a, b) => a.order - b.order);
  return questions.length
    ? { id: text(survey.id), title: text(survey.title), header: text(survey.header), questions }
    : null;
}

const toQuestion = (wire: Wire): SurveyQuestion =>
  read<SurveyQuestion>(wire, {
    id: text,
    order: (value) => num(value) ?? 0,
    mandatory: bool,
    validation: (_, w) => oneOf('alpha_numeric', 'numeric', 'email')(w.validationType) ?? 'alpha_numeric',
    logicId: optText,
    label: text,
    type: (_, w) => questionType(w)!,
    lastKnownValue: text,
    entries: (_, w) =>
      asArray(w.entry)
        .filter(isObject)
        .map((entry) => ({
          value: text(entry.value),
          label: text(entry.displayValue) || text(entry.value),
          checked: bool(entry.checked),
          showLogicIds: asArray(isObject(entry.logic) ? entry.logic.showLogicId : undefined)
            .map(text)
            .filter(Boolean),
        })),
  });

/**
 * App Engagement create session. Another status than the documented two is not an answer yet
 * (`Pending`, with the ids given); a body without a status is no answer at all.
 */
export function toEngagement(body: unknown): Engagement {
  const status = isObject(body) && body.status;
  if (typeof status !== 'string' || !status) throw malformed('No engagement status', true);
  return read<Engagement>(body as Wire, {
    status: () => (status === 'Available' || status === 'NotAvailable' ? status : 'Pending'),
    visitorId: text,
    sessionId: text,
    pageId: text,
    details: (_, wire) =>
      isObject(wire.engagementDetails)
        ? read<EngagementDetails>(wire.engagementDetails, {
            campaignId: text,
            engagementId: text,
            contextId: text,
            windowId: optText,
            language: optText,
            engagementRevision: num,
            validForSeconds: num,
            skillId: optText,
            skillName: optText,
            connectorId: optText,
          })
        : undefined,
  });
}

/** A required field of a small response (`availability`, `estimatedWaitTime`). */
function field(body: unknown, name: string): unknown {
  const value = isObject(body) ? body[name] : undefined;
  if (value == null) throw malformed(`No ${name}`);
  return value;
}

export const toAvailability = (body: unknown): boolean => bool(field(body, 'availability'));

export function toWaitTime(body: unknown): number {
  const seconds = num(field(body, 'estimatedWaitTime'));
  if (seconds === undefined) throw malformed('No estimatedWaitTime');
  return seconds;
}

/** Ids go out as numbers when they are numeric strings, as the documented examples send them. */
const wireId = (id: string): string | number => (/^-?\d+$/.test(id) && Number.isSafeInteger(+id) ? +id : id);

export const toSurveyAnswers = (id: string, answers: SurveyAnswers): WireSurveyAnswers => ({
  id: wireId(id),
  question: Object.entries(answers).map(([question, answer]) => ({ id: wireId(question), answer })),
});

/** The monitoring ids of an engagement. */
const visitorIds = ({ visitorId, sessionId, details }: Partial<Engagement> = {}) => ({
  LETagVisitorId: visitorId || undefined,
  LETagSessionId: sessionId || undefined,
  LETagContextId: details?.contextId || undefined,
});

/** The Start Chat body; a transfer's `chatRequestParameters` go in as they are, over the rest. */
export function toChatRequestBody(request: ChatRequest): WireChatRequest {
  const { engagement, skill, language, preChatLines, survey, transfer, authentication, ...rest } = request;
  const details = engagement?.details;
  return {
    request: defined({
      ...rest,
      skill: skill ?? details?.skillName,
      language: language ?? details?.language,
      ...visitorIds(engagement),
      engagementId: details?.engagementId ? wireId(details.engagementId) : undefined,
      campaignId: details?.campaignId ? wireId(details.campaignId) : undefined,
      preChatLines: preChatLines?.length ? { line: preChatLines } : undefined,
      survey: survey && toSurveyAnswers(survey.id, survey.answers),
      ...authentication,
      ...transfer?.chatRequestParameters,
    }),
  };
}

export const toOfflineBody = ({ surveyId, answers, skill, engagement }: OfflineSubmission): WireOfflineSurvey => ({
  survey: defined({
    ...toSurveyAnswers(surveyId, answers),
    ...visitorIds(engagement),
    skill: skill ?? engagement?.details?.skillName,
    userAgent: globalThis.navigator?.userAgent,
  }),
});

/** `os` of the create-session body, by the first pattern the user agent matches. */
const SYSTEMS: [RegExp, string][] = [
  [/android/i, 'ANDROID'],
  [/iphone|ipad|ipod/i, 'IOS'],
  [/windows/i, 'WINDOWS'],
  [/mac os x|macintosh/i, 'MAC_OSX'],
  [/linux|cros/i, 'LINUX'],
];

/**
 * Create-session body; `appDetails` come from the user agent when there is one: the OS and its
 * version, the device family, and the browser with its version as the app's version.
 */
export function toEngagementBody(
  { consumerSections = [], engagementAttributes = [] }: EngagementRequest,
  agent = globalThis.navigator?.userAgent ?? '',
): WireEngagementRequest {
  const os = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  const mobile = /mobi/i.test(agent);
  return {
    appType: 'EXTERNAL',
    appDetails: defined({
      os,
      // "Windows NT 10.0", "Mac OS X 10_15_7", "iPhone OS 17_4", "Android 14".
      osVersion: /(?:Windows NT|Mac OS X|OS|Android) ([\d._]+)/.exec(agent)?.[1]!.replace(/_/g, '.'),
      appVersion: /(?:Edg|Firefox|Chrome|Version)\/[\d.]+/.exec(agent)?.[0],
      // Android tablets say "Android" without "Mobile"; phones (iOS and Android) say "Mobile".
      deviceFamily: !agent
        ? undefined
        : /ipad|tablet/i.test(agent) || (os === 'ANDROID' && !mobile)
          ? 'TABLET'
          : mobile
            ? 'MOBILE'
            : 'DESKTOP',
    }),
    consumerSections,
    engagementAttributes,
  };
}

/**
 * Update-session body: each impression carries the engagement's campaign, id, revision and context
 * (`eContext`); SDEs go as they are.
 */
export function toSessionUpdateBody({ pageId, details: d }: Engagement, { impressions, engagementAttributes }: SessionUpdate): WireSessionUpdate {
  return defined({
    pageId,
    impAttributes:
      d &&
      impressions?.map((type) => ({
        type,
        campaign: wireId(d.campaignId),
        engId: wireId(d.engagementId),
        revision: d.engagementRevision,
        eContext: [{ type: 'engagementContext' as const, id: d.contextId }],
      })),
    engagementAttributes,
  });
}
