/**
 * Server Chat API (`conversationVep`, consumer side, appKey): availability, surveys, chat request,
 * chat resource / events / info polling with bare `next` links, lines, end, visitor name and typing,
 * exit survey, transcripts, custom variables. Any request on a chat counts as visitor activity for
 * its `interactionTimeout`.
 */
import { addLine, addLineStatus, addState, addSystemLine, checkLineLimit, endChat, SYSTEM_MESSAGES, takeTransfer, wireVariant } from '../chats.js';
import { consumerAddress, isVisible, renderChat, renderEvent, renderEvents, renderInfo } from '../chat-view.js';
import { chatKey, numericVisitorId } from '../ids.js';
import { badRequest, notFound, unauthorized } from '../errors.js';
import { empty, fromParam, json, readJsonObject, requireAppKey } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';
import { availableSlots, estimatedWaitTime, findSkill, isAvailable, onlineSessions, freeSlots } from '../agent-assignment.js';
import { selection } from './selection.js';
import type { Chat, ChatAuthentication, ChatRequestRecord } from '../state.js';
import { checkedAnswers, isEmail, labelAnswers, parseSurveyAnswers, renderSurvey } from '../surveys.js';
import type { SurveyDefinition, SurveyRendering } from '../surveys.js';
import { isObject, shown } from '../wire.js';

const MAX_TEXT = 10_000;

// ---------------------------------------------------------------------------------------------------
// Account-level resources

function availability(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  const { state, config } = ctx.runtime;
  const { filters, skills, maxWaitTime } = selection(ctx, true);
  if (skills.length > 1) {
    const skillAvailability = skills.map((skill, i) => ({
      skill,
      isAvailable: isAvailable(state, config, filters[i], maxWaitTime),
    }));
    return json(200, { availability: { AvailabilityForSkills: { skillAvailability } } });
  }
  return json(200, { availability: isAvailable(state, config, filters[0], maxWaitTime) });
}

function slots(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  const { filters } = selection(ctx, true);
  return json(200, { availableSlots: availableSlots(ctx.runtime.state, ctx.runtime.config, filters[0]) });
}

function waitTime(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  const { filters } = selection(ctx, false);
  return json(200, { estimatedWaitTime: estimatedWaitTime(ctx.runtime.state, ctx.runtime.config, filters[0]) });
}

/** A configured survey, or 204 No Content when that survey is switched off. */
function survey(definition: SurveyDefinition | null, mode: SurveyRendering): Reply {
  return definition === null ? empty(204) : json(200, renderSurvey(definition, mode));
}

function preChatSurvey(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  return survey(ctx.runtime.config.surveys.preChat, 'strings');
}

function offlineSurvey(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  const { config, state } = ctx.runtime;
  if (ctx.method === 'GET') return survey(config.surveys.offline, 'strings');
  const definition = config.surveys.offline;
  if (definition === null) return badRequest('No offline survey is configured');
  const body = readJsonObject(ctx);
  const answers = checkedAnswers(definition, body.survey);
  state.record('offlineSurveys', { time: ctx.now, account: ctx.params.account, ...answers, body });
  return empty(200);
}

// ---------------------------------------------------------------------------------------------------
// Chat request

function optionalString(request: Record<string, unknown>, key: string): string | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return badRequest(`${key} must be a string`);
}

function optionalSeconds(request: Record<string, unknown>, key: string, min: number): number | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > 86_400) {
    return badRequest(`${key} must be a number of seconds (${min}..86400)`);
  }
  return n;
}

/** `preChatLines`: `{"line":[..]}`, `{"lines":[..]}`, a string or an array of strings. */
function preChatLines(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  const inner = isObject(raw) ? (raw.line ?? raw.lines ?? []) : raw;
  const list = Array.isArray(inner) ? inner : [inner];
  if (!list.every((x) => typeof x === 'string')) return badRequest('preChatLines must be strings');
  return (list as string[]).filter((x) => x.trim() !== '');
}

/**
 * The visitor authentication a chat request names with `participantId` and `conversationId` (both,
 * from one accepted authentication of this account), or 401. A request on the authenticated
 * engagement (`engagement.connectorId` set, its `engagementId`) without them is 401 too: only
 * authenticated visitors chat there.
 */
function chatAuthentication(ctx: RequestContext, request: Record<string, unknown>, record: ChatRequestRecord): ChatAuthentication | undefined {
  const participantId = optionalString(request, 'participantId');
  const conversationId = optionalString(request, 'conversationId');
  const engagement = ctx.runtime.config.engagement;
  if (participantId === undefined && conversationId === undefined) {
    if (engagement.connectorId !== null && record.engagementId === engagement.engagementId) {
      unauthorized('This engagement is for authenticated visitors: the request needs the participantId and conversationId of a visitor authentication');
    }
    return undefined;
  }
  const found = ctx.runtime.state.authentications.get(`${ctx.params.account}/${conversationId}`);
  if (!found || found.participantId !== participantId) {
    unauthorized('Unknown visitor authentication: participantId and conversationId must come from one accepted visitor authentication');
  }
  return { participantId: found.participantId, conversationId: found.conversationId, flow: found.flow, identity: found.identity };
}

function requestChat(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  const { state, config, base } = ctx.runtime;
  const request = readJsonObject(ctx, 'request');
  const account = ctx.params.account;

  const skillName = optionalString(request, 'skill');
  const skill = skillName === undefined || skillName === '' ? config.skills[0] : findSkill(config, skillName);
  if (skill === undefined) return badRequest(`Unknown skill ${skillName}`);
  const interactionTimeout = optionalSeconds(request, 'interactionTimeout', Number.MIN_VALUE);
  const record: ChatRequestRecord = {
    body: { request },
    skill: skillName,
    maxWaitTime: optionalSeconds(request, 'maxWaitTime', 0),
    LETagVisitorId: optionalString(request, 'LETagVisitorId'),
    LETagSessionId: optionalString(request, 'LETagSessionId'),
    LETagContextId: optionalString(request, 'LETagContextId'),
    engagementId: optionalString(request, 'engagementId'),
    campaignId: optionalString(request, 'campaignId'),
    language: optionalString(request, 'language'),
    visitorId: optionalString(request, 'visitorId'),
    chatReferrer: optionalString(request, 'chatReferrer'),
    userAgent: optionalString(request, 'userAgent') ?? ctx.headers['user-agent'],
    visitorIp: optionalString(request, 'visitorIp') ?? ctx.remoteAddress,
    interactionTimeout,
    preChatLines: preChatLines(request.preChatLines),
    a2aEventId: optionalString(request, 'a2aEventId'),
    a2aSourceSessionId: optionalString(request, 'a2aSourceSessionId'),
    a2aSourceSiteId: optionalString(request, 'a2aSourceSiteId'),
  };
  if (request.survey !== undefined) {
    const definition = config.surveys.preChat;
    const answers = definition === null ? parseSurveyAnswers(request.survey) : checkedAnswers(definition, request.survey);
    // Labelled now: the survey may be configured otherwise by the time an agent reads the visit.
    record.survey = { ...answers, questions: labelAnswers(definition, answers) };
  }
  const authentication = chatAuthentication(ctx, request, record);
  if (authentication) record.authentication = authentication;

  state.reserveChat();
  const now = ctx.now;
  const previousVisitor = Number(record.visitorId);
  const seq = state.nextChatSeq();
  const chat: Chat = {
    id: chatKey(),
    seq,
    wire: wireVariant(config.variants, seq),
    account,
    state: 'waiting',
    skillId: skill.id,
    skillName: skill.name,
    createdAt: now,
    chattingSince: null,
    endedAt: null,
    endedBy: null,
    lastConsumerActivity: now,
    interactionTimeout: interactionTimeout ?? config.defaultInteractionTimeout,
    visitorId: Number.isSafeInteger(previousVisitor) && previousVisitor > 0 ? previousVisitor : numericVisitorId(),
    rtSessionId: state.rtSessionId(),
    visitorName: null,
    visitorTyping: 'not-typing',
    agentTyping: 'not-typing',
    agent: null,
    ringing: { since: now, skillId: skill.id },
    formerAgentSessions: [],
    request: record,
    events: [],
  };
  addState(chat, 'waiting', now);
  addSystemLine(chat, 4, SYSTEM_MESSAGES.routing, now);
  for (const line of record.preChatLines) addSystemLine(chat, 0, line, now);
  const free = onlineSessions(state, config, { account, skill: skill.name }).some((s) => freeSlots(state, config, s) > 0);
  if (!free) addSystemLine(chat, 2, SYSTEM_MESSAGES.busy, now);
  state.chats.set(chat.id, chat);
  if (record.a2aEventId !== undefined) takeTransfer(state, account, record, now);
  return empty(201, { Location: consumerAddress(base, chat).url });
}

// ---------------------------------------------------------------------------------------------------
// One chat

/** The addressed chat (404 internal code 12 when unknown, expired or another account's); marks visitor activity. */
function visitorChat(ctx: RequestContext): Chat {
  requireAppKey(ctx);
  const chat = ctx.runtime.state.chats.get(ctx.params.chatId);
  if (!chat || chat.account !== ctx.params.account) return notFound('Chat session not found');
  chat.lastConsumerActivity = ctx.now;
  return chat;
}

function chatResource(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  return json(200, renderChat(chat, consumerAddress(ctx.runtime.base, chat), fromParam(ctx), ctx.now));
}

function events(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  const address = consumerAddress(ctx.runtime.base, chat);
  if (ctx.method === 'GET') return json(200, { events: renderEvents(chat, address, fromParam(ctx)) });

  const event = readJsonObject(ctx, 'event');
  let id: number;
  if (event['@type'] === 'line') {
    if (typeof event.text !== 'string' || event.text.trim() === '') return badRequest('A line needs a non-empty "text"');
    if (event.text.length > MAX_TEXT) return badRequest('Line too long');
    if (chat.state !== 'chatting') return badRequest('Cannot add line while not in chat');
    checkLineLimit(chat, ctx.runtime.config);
    // The API takes no HTML from visitors: whatever textType was sent, the line is plain text.
    const line = addLine(chat, { text: event.text, textType: 'plain', source: 'visitor', by: chat.visitorName, subType: 'REGULAR' }, ctx.now);
    if (ctx.runtime.config.variants.lineStatus) addLineStatus(chat, line, ctx.now);
    id = line.id;
  } else if (event['@type'] === 'state') {
    if (event.state !== 'ended') return badRequest(`Cannot set chat state to ${shown(event.state)}`);
    if (chat.state === 'ended') return badRequest('Cannot end chat. Chat was ended');
    id = endChat(chat, 'visitor', ctx.now).id;
  } else {
    return badRequest(`Unsupported event type ${shown(event['@type'])}`);
  }
  return empty(201, { Location: `${address.url}/events/${id}` });
}

function oneEvent(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  const event = chat.events.find((e) => String(e.id) === ctx.params.eventId);
  if (!event || !isVisible(event, 'consumer')) return notFound('Event not found');
  return json(200, { event: renderEvent(event, consumerAddress(ctx.runtime.base, chat)) });
}

function info(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  return json(200, { info: renderInfo(chat, consumerAddress(ctx.runtime.base, chat), ctx.now) });
}

function visitorName(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  if (ctx.method === 'GET') return json(200, { visitorName: chat.visitorName ?? 'You' });
  const { visitorName: name } = readJsonObject(ctx);
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    return badRequest('visitorName must be a non-empty string of at most 100 characters');
  }
  if (chat.state === 'ended') return badRequest("Cannot set visitor's name. Chat was ended");
  chat.visitorName = name.trim();
  return empty(200);
}

function visitorTyping(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  if (ctx.method === 'GET') return json(200, { visitorTyping: chat.visitorTyping });
  const { visitorTyping: typing } = readJsonObject(ctx);
  if (typing !== 'typing' && typing !== 'not-typing') return badRequest('visitorTyping must be "typing" or "not-typing"');
  if (chat.state === 'ended') return badRequest("Cannot set visitor's typing status. Chat was ended");
  chat.visitorTyping = typing;
  return empty(200);
}

function agentTyping(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  return json(200, { agentTyping: chat.agent === null && chat.state === 'waiting' ? 'unknown' : chat.agentTyping });
}

function exitSurvey(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  const { config, state } = ctx.runtime;
  if (ctx.method === 'GET') return survey(config.surveys.exit, 'native');
  const definition = config.surveys.exit;
  if (definition === null) return badRequest('No exit survey is configured');
  const body = readJsonObject(ctx);
  const answers = checkedAnswers(definition, body.survey);
  state.record('exitSurveys', { time: ctx.now, account: chat.account, chatId: chat.id, ...answers, body });
  return empty(200);
}

function transcript(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  const body = readJsonObject(ctx);
  if (typeof body.email !== 'string' || !isEmail(body.email.trim())) return badRequest('Invalid email address');
  const withSubject = ctx.params.kind === 'transcriptWithSubjectRequest';
  if (withSubject && body.subject !== undefined && typeof body.subject !== 'string') return badRequest('subject must be a string');
  ctx.runtime.state.record('transcripts', {
    time: ctx.now,
    account: chat.account,
    chatId: chat.id,
    email: body.email.trim(),
    ...(withSubject && typeof body.subject === 'string' ? { subject: body.subject } : {}),
  });
  return empty(200);
}

function customVariables(ctx: RequestContext): Reply {
  const chat = visitorChat(ctx);
  const wrapper = readJsonObject(ctx, 'customVariables');
  const raw = wrapper.customVariable;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const variables = list.map((v) => {
    const ok = isObject(v) && typeof v.name === 'string' && v.name !== '' && ['string', 'number', 'boolean'].includes(typeof v.value);
    if (!ok) return badRequest('every customVariable must be {"name": string, "value": string}');
    return { name: v.name as string, value: String(v.value) };
  });
  ctx.runtime.state.record('customVariables', { time: ctx.now, account: chat.account, chatId: chat.id, variables });
  return empty(200);
}

// ---------------------------------------------------------------------------------------------------

const CHAT = `/api/account/${ACCOUNT}/chat`;
/** A chat key: anything but the account-level resource names. */
const CHAT_ID = '(?<chatId>(?!(?:availability|availableSlots|estimatedWaitTime|preSurvey|offlineSurvey|request)$)[^/]+)';
const at = (suffix: string): RegExp => new RegExp(`^${CHAT}${suffix}$`);

export const consumerRoutes: Route[] = [
  { name: 'consumer.availability', methods: ['GET'], pattern: at('/availability'), handle: availability },
  { name: 'consumer.availableSlots', methods: ['GET'], pattern: at('/availableSlots'), handle: slots },
  { name: 'consumer.estimatedWaitTime', methods: ['GET'], pattern: at('/estimatedWaitTime'), handle: waitTime },
  // The documented URL has a double slash (`chat//preSurvey`); the single-slash form works too.
  { name: 'consumer.preChatSurvey', methods: ['GET'], pattern: at('/{1,2}preSurvey'), handle: preChatSurvey },
  { name: 'consumer.offlineSurvey', methods: ['GET', 'POST', 'PUT'], pattern: at('/offlineSurvey'), handle: offlineSurvey },
  { name: 'consumer.request', methods: ['POST'], pattern: at('/request'), handle: requestChat },
  { name: 'consumer.chat', methods: ['GET'], pattern: at(`/${CHAT_ID}`), handle: chatResource },
  { name: 'consumer.events', methods: ['GET', 'POST'], pattern: at(`/${CHAT_ID}/events`), handle: events },
  { name: 'consumer.event', methods: ['GET'], pattern: at(`/${CHAT_ID}/events/(?<eventId>\\d+)`), handle: oneEvent },
  { name: 'consumer.info', methods: ['GET'], pattern: at(`/${CHAT_ID}/info`), handle: info },
  { name: 'consumer.visitorName', methods: ['GET', 'PUT'], pattern: at(`/${CHAT_ID}/info/visitorName`), handle: visitorName },
  { name: 'consumer.visitorTyping', methods: ['GET', 'PUT'], pattern: at(`/${CHAT_ID}/info/visitorTyping`), handle: visitorTyping },
  { name: 'consumer.agentTyping', methods: ['GET'], pattern: at(`/${CHAT_ID}/info/agentTyping`), handle: agentTyping },
  { name: 'consumer.exitSurvey', methods: ['GET', 'PUT'], pattern: at(`/${CHAT_ID}/exitSurvey`), handle: exitSurvey },
  {
    name: 'consumer.transcript',
    methods: ['PUT'],
    pattern: at(`/${CHAT_ID}/(?<kind>transcriptRequest|transcriptWithSubjectRequest)`),
    handle: transcript,
  },
  { name: 'consumer.customVariables', methods: ['PUT'], pattern: at(`/${CHAT_ID}/customVariables`), handle: customVariables },
];
