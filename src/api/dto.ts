import { malformed } from './errors.js';
import type {
  ChatEvent,
  ChatInfo,
  ChatLinks,
  ChatRequest,
  ChatResource,
  ChatState,
  Engagement,
  EngagementDetails,
  EngagementRequest,
  OfflineSubmission,
  QuestionType,
  Survey,
  SurveyAnswers,
  SurveyQuestion,
  TypingStatus,
  ValidationType,
} from './types.js';

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
    engagementId?: string | number;
    campaignId?: string | number;
    preChatLines?: { line: string[] };
    survey?: WireSurveyAnswers;
  };
}

/** `POST {base}/chat/offlineSurvey` (PUT) body. */
export interface WireOfflineSurvey {
  survey: WireSurveyAnswers & WireVisitorIds & { skill?: string; userAgent?: string };
}

/** App Engagement create session body. */
export interface WireEngagementRequest {
  appType: 'EXTERNAL';
  appDetails: { os?: string; deviceFamily?: string };
  consumerSections: string[];
  engagementAttributes: unknown[];
}

export const isObject = (value: unknown): value is Wire =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list that the wire may render as a single element, or leave out. */
export const asArray = <T>(value: T | T[] | null | undefined): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** An XML attribute: `@name`, or `name` as some resources render it. */
const attr = (wire: Wire, name: string): unknown => wire[`@${name}`] ?? wire[name];

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

const optText = (value: unknown): string | undefined => text(value) || undefined;

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? +value : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const bool = (value: unknown): boolean => value === true || value === 'true';

/** Drops undefined properties, so mapped objects carry only what the server said. */
const defined = <T extends object>(value: T): T => {
  for (const key in value) if (value[key] === undefined) delete value[key];
  return value;
};

/** `value` when it is one of `values`. */
const oneOf = <T extends string>(value: unknown, values: readonly T[]): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

const STATES: ChatState[] = ['waiting', 'chatting', 'ended'];
const TYPING: TypingStatus[] = ['typing', 'not-typing', 'unknown'];

/** `GET {chat}` (`{"chat":{link,events,info}}`) or `GET {chat}/events` (`{"events":{link,event}}`). */
export function toChatResource(body: unknown): ChatResource {
  const chat = isObject(body) ? body.chat : undefined;
  const events = isObject(chat) ? chat.events : isObject(body) ? body.events : undefined;
  if (!isObject(chat) && !isObject(events)) throw malformed('Not a chat resource');
  const info = isObject(chat) && isObject(chat.info) ? chat.info : {};
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

/** Known event types are typed; others (`url`, `a2a-transfer`, `line-status`, ...) are kept as `other`. */
export function toEvent(wire: Wire): ChatEvent {
  const type = text(attr(wire, 'type'));
  const id = text(attr(wire, 'id'));
  const time = text(wire.time);
  const state = oneOf(wire.state, STATES);
  if (type === 'line') {
    return defined({
      type,
      id,
      time,
      text: text(wire.text),
      // Anything but html is shown as plain text.
      textType: wire.textType === 'html' ? 'html' : 'plain',
      by: text(wire.by),
      source: oneOf(wire.source, ['visitor', 'agent'] as const) ?? 'system',
      systemMessageId: num(wire.systemMessageId),
      subType: optText(wire.subType),
    });
  }
  if (type === 'state' && state) return { type, id, time, state };
  const data: Wire = {};
  for (const [key, value] of Object.entries(wire)) data[key.replace(/^@/, '')] = value;
  return { type: 'other', id, time, rawType: type, data };
}

const INFO_TEXT = [
  'chatSessionKey',
  'skillName',
  'agentName',
  'agentId',
  'visitorName',
  'lastUpdate',
  'startTime',
  'rtSessionId',
] as const;

/** `info` of a chat (embedded in the chat resource, or `GET {chat}/info`). */
export function toInfo(wire: Wire): ChatInfo {
  const info: ChatInfo = defined({
    state: oneOf(wire.state, STATES),
    agentTyping: oneOf(wire.agentTyping, TYPING),
    visitorTyping: oneOf(wire.visitorTyping, TYPING),
    chatTimeout: num(wire.chatTimeout),
  });
  for (const key of INFO_TEXT) {
    const value = optText(wire[key]);
    if (value !== undefined) info[key] = value;
  }
  return info;
}

const LINK_KEYS: (keyof ChatLinks)[] = [
  'self',
  'events',
  'info',
  'next',
  'transcriptRequest',
  'exitSurvey',
  'visitorName',
  'visitorTyping',
  'agentTyping',
];

/** Links by rel (`transcript-request` → `transcriptRequest`); the first link of a rel wins. */
export function toLinks(lists: unknown[]): ChatLinks {
  const links: ChatLinks = {};
  for (const link of lists.flatMap((list) => asArray(list))) {
    if (!isObject(link)) continue;
    const rel = text(attr(link, 'rel'));
    const key = rel.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()) as keyof ChatLinks;
    const href = text(attr(link, 'href'));
    if (href && LINK_KEYS.includes(key)) links[key] ??= href;
  }
  return links;
}

const VALIDATIONS: ValidationType[] = ['alpha_numeric', 'numeric', 'email'];

const QUESTION_TYPES: Record<string, QuestionType> = {
  'dropdown box': 'dropdown',
  'radio button': 'radio',
  'radio button (side by side)': 'radio-side-by-side',
  checkbox: 'checkbox',
  'text field': 'text',
  'text area': 'textarea',
};

/**
 * A pre-chat, offline or exit survey; null when none is configured (no body, `{}`, no `survey`, or
 * a survey without questions). Questions are sorted by `order`. A question of a type this window
 * does not know is left out rather than shown as something it is not (a free text field cannot
 * stand in for a control whose values the server checks); the six documented types cover every
 * documented survey.
 */
export function toSurvey(body: unknown): Survey | null {
  const survey = isObject(body) ? body.survey : undefined;
  if (!isObject(survey)) return null;
  const list = isObject(survey.questions) ? survey.questions.question : survey.questions;
  const questions = asArray(list)
    .filter(isObject)
    .map(toQuestion)
    .filter((question): question is SurveyQuestion => question !== undefined)
    .sort((a, b) => a.order - b.order);
  return questions.length
    ? { id: text(survey.id), title: text(survey.title), header: text(survey.header), questions }
    : null;
}

function toQuestion(wire: Wire): SurveyQuestion | undefined {
  const name = text(wire.type).trim().toLowerCase();
  if (!Object.hasOwn(QUESTION_TYPES, name)) return undefined;
  return defined<SurveyQuestion>({
    id: text(attr(wire, 'id')),
    order: num(wire.order) ?? 0,
    mandatory: bool(wire.mandatory),
    validation: oneOf(wire.validationType, VALIDATIONS) ?? 'alpha_numeric',
    logicId: optText(wire.logicId),
    label: text(wire.label),
    type: QUESTION_TYPES[name]!,
    lastKnownValue: text(wire.lastKnownValue),
    entries: asArray(wire.entry)
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
}

const DETAIL_TEXT = ['windowId', 'language', 'skillId', 'skillName', 'connectorId'] as const;

/** App Engagement create session. Another status than the documented two is not an answer yet. */
export function toEngagement(body: unknown): Engagement {
  const status = isObject(body) ? body.status : undefined;
  if (!isObject(body) || (status !== 'Available' && status !== 'NotAvailable')) {
    throw malformed(`Unknown engagement status ${text(status)}`, true);
  }
  const wire = body.engagementDetails;
  const engagement: Engagement = {
    status,
    visitorId: text(body.visitorId),
    sessionId: text(body.sessionId),
    pageId: text(body.pageId),
  };
  if (isObject(wire)) {
    const details: EngagementDetails = defined({
      campaignId: text(wire.campaignId),
      engagementId: text(wire.engagementId),
      contextId: text(wire.contextId),
      engagementRevision: num(wire.engagementRevision),
      validForSeconds: num(wire.validForSeconds),
    });
    for (const key of DETAIL_TEXT) {
      const value = optText(wire[key]);
      if (value !== undefined) details[key] = value;
    }
    engagement.details = details;
  }
  return engagement;
}

/** A required field of a small response (`availability`, `estimatedWaitTime`). */
export function field(body: unknown, name: string): unknown {
  const value = isObject(body) ? body[name] : undefined;
  if (value === undefined || value === null) throw malformed(`No ${name}`);
  return value;
}

export const toAvailability = (body: unknown): boolean => bool(field(body, 'availability'));

export function toWaitTime(body: unknown): number {
  const seconds = num(field(body, 'estimatedWaitTime'));
  if (seconds === undefined) throw malformed('No wait time');
  return seconds;
}

/** Ids go out as numbers when they are numeric strings, as the documented examples send them. */
const wireId = (id: string): string | number => (/^-?\d+$/.test(id) && Number.isSafeInteger(+id) ? +id : id);

export function toSurveyAnswers(id: string, answers: SurveyAnswers): WireSurveyAnswers {
  return {
    id: wireId(id),
    question: Object.entries(answers).map(([question, answer]) => ({ id: wireId(question), answer })),
  };
}

function visitorIds(engagement: Engagement | undefined): WireVisitorIds {
  return {
    LETagVisitorId: engagement?.visitorId || undefined,
    LETagSessionId: engagement?.sessionId || undefined,
    LETagContextId: engagement?.details?.contextId || undefined,
  };
}

const userAgent = (): string | undefined =>
  typeof navigator === 'undefined' ? undefined : navigator.userAgent || undefined;

export function toChatRequestBody(request: ChatRequest): WireChatRequest {
  const details = request.engagement?.details;
  return {
    request: defined({
      skill: request.skill ?? details?.skillName,
      interactionTimeout: request.interactionTimeout,
      userAgent: request.userAgent,
      chatReferrer: request.chatReferrer,
      language: request.language ?? details?.language,
      ...visitorIds(request.engagement),
      engagementId: details?.engagementId ? wireId(details.engagementId) : undefined,
      campaignId: details?.campaignId ? wireId(details.campaignId) : undefined,
      preChatLines: request.preChatLines?.length ? { line: request.preChatLines } : undefined,
      survey: request.survey && toSurveyAnswers(request.survey.id, request.survey.answers),
    }),
  };
}

export function toOfflineBody(submission: OfflineSubmission): WireOfflineSurvey {
  const { engagement } = submission;
  return {
    survey: defined({
      ...toSurveyAnswers(submission.surveyId, submission.answers),
      ...visitorIds(engagement),
      skill: submission.skill ?? engagement?.details?.skillName,
      userAgent: userAgent(),
    }),
  };
}

/** Create-session body; `os` and `deviceFamily` come from the user agent when there is one. */
export function toEngagementBody(request: EngagementRequest, agent = userAgent() ?? ''): WireEngagementRequest {
  const has = (pattern: RegExp) => pattern.test(agent);
  const os = has(/android/i)
    ? 'ANDROID'
    : has(/iphone|ipad|ipod/i)
      ? 'IOS'
      : has(/windows/i)
        ? 'WINDOWS'
        : has(/mac os x|macintosh/i)
          ? 'MAC_OSX'
          : has(/linux|cros/i)
            ? 'LINUX'
            : undefined;
  // Android tablets say "Android" without "Mobile"; phones (iOS and Android) say "Mobile".
  const deviceFamily = !agent
    ? undefined
    : has(/ipad|tablet/i) || (os === 'ANDROID' && !has(/mobi/i))
      ? 'TABLET'
      : has(/mobi/i)
        ? 'MOBILE'
        : 'DESKTOP';
  return {
    appType: 'EXTERNAL',
    appDetails: defined({ os, deviceFamily }),
    consumerSections: request.consumerSections ?? [],
    engagementAttributes: request.engagementAttributes ?? [],
  };
}
