/**
 * Chat Agent API (`agentVep`, `Authorization: Bearer …`): agent sessions, availability, agent info,
 * incoming requests and accepting them, chat polling with `next` links, lines (plain, html,
 * rich-content; `ONLY_TO_REP` private lines), url events, agent typing, ending, transfers, chat sessions,
 * and the visit of a chat's visitor (its `visit-id` link).
 */
import { addLine, addSystemLine, addUrl, assignChat, checkLineLimit, dropAgentSession, endChat, ringAgain, SYSTEM_MESSAGES } from '../chats.js';
import { agentAddress, isVisible, renderChat, renderEvent, renderEvents, renderInfo } from '../chat-view.js';
import type { AgentConfig } from '../config.js';
import { digits } from '../ids.js';
import { badRequest, notFound, tokenRejected } from '../errors.js';
import { bearerToken, empty, fromParam, INVALID_JSON, json, readJsonObject } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';
import { agentOf, availableSlots, findSkill, onlineSessions, ringingFor } from '../agent-assignment.js';
import type { AgentAvailability, AgentSession, Chat, LoginSession } from '../state.js';
import { renderVisit } from '../visit-view.js';
import { isObject, isWebUrl, link, one, shown } from '../wire.js';
import { selection } from './selection.js';

const AVAILABILITIES: readonly AgentAvailability[] = ['Online', 'Away', 'Occupied'];
const TEXT_TYPES = ['plain', 'html', 'rich-content'] as const;
const MAX_TEXT = 30_000;

function login(ctx: RequestContext): LoginSession {
  const found = ctx.runtime.state.logins.get(bearerToken(ctx));
  if (!found || found.expiresAt <= ctx.now || found.account !== ctx.params.account) return tokenRejected();
  return found;
}

function sessionUrl(ctx: RequestContext, session: AgentSession): string {
  return `${ctx.runtime.base}/api/account/${session.account}/agentSession/${session.id}`;
}

/** The addressed agent session of the bearer's agent (404 internal code 12 otherwise); marks it active. */
function agentSession(ctx: RequestContext): { session: AgentSession; agent: AgentConfig } {
  const user = login(ctx);
  const session = ctx.runtime.state.agentSessions.get(ctx.params.sessionId);
  const agent = session && agentOf(ctx.runtime.config, session);
  if (!session || !agent || session.agentId !== user.agentId || session.account !== user.account) {
    return notFound('Agent session not found');
  }
  session.lastSeen = ctx.now;
  return { session, agent };
}

function start(ctx: RequestContext): Reply {
  const user = login(ctx);
  const body = readJsonObject(ctx);
  if (!('loginData' in body)) return badRequest(INVALID_JSON);
  const { state, config } = ctx.runtime;
  while (state.agentSessions.size >= config.limits.maxAgentSessions) {
    const idlest = [...state.agentSessions.values()].sort((a, b) => a.lastSeen - b.lastSeen)[0];
    dropAgentSession(state, idlest.id, ctx.now);
  }
  const session: AgentSession = {
    id: digits(19),
    account: user.account,
    agentId: user.agentId,
    availability: 'Away',
    createdAt: ctx.now,
    lastSeen: ctx.now,
    loginData: body.loginData,
  };
  state.agentSessions.set(session.id, session);
  const href = sessionUrl(ctx, session);
  return json(201, { agentSessionLocation: { link: link(href, 'location') } }, { Location: href });
}

function availability(ctx: RequestContext): Reply {
  const { session } = agentSession(ctx);
  if (ctx.method === 'GET') return json(200, { availability: { chat: session.availability, voice: 'Offline' } });
  const body = readJsonObject(ctx, 'availability');
  if (!AVAILABILITIES.includes(body.chat as AgentAvailability)) return badRequest('availability.chat must be Online, Away or Occupied');
  session.availability = body.chat as AgentAvailability;
  return empty(200);
}

function agentInfo(ctx: RequestContext): Reply {
  const { session, agent } = agentSession(ctx);
  const skills = ctx.runtime.config.skills.filter((s) => agent.skills.includes(s.name)).map((s) => ({ id: s.id, name: s.name }));
  return json(200, {
    info: {
      link: link(`${sessionUrl(ctx, session)}/info`, 'self'),
      agentName: agent.nickname,
      displayName: agent.nickname,
      loginName: agent.loginName,
      id: agent.id,
      maxChats: String(agent.maxChats),
      availability: { chat: session.availability, voice: 'Offline' },
      skillsInfo: skills.length === 0 ? {} : { skillInfo: one(skills) },
    },
  });
}

function incomingRequests(ctx: RequestContext): Reply {
  const { session, agent } = agentSession(ctx);
  const { state, config, base } = ctx.runtime;
  const ringing = ringingFor(state, config, session);
  const href = `${sessionUrl(ctx, session)}/incomingRequests`;
  if (ctx.method === 'GET') {
    const answer: Record<string, unknown> = { ringingCount: String(ringing.length) };
    if (ringing.length > 0) answer.link = link(href, 'accept');
    return json(200, { incomingRequests: answer });
  }
  let body: unknown;
  try {
    body = JSON.parse(ctx.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (!isObject(body) || body.chat !== 'start') return badRequest(INVALID_JSON);
  const chat = ringing[0];
  if (chat === undefined) return badRequest('There is no incoming chat request to accept');
  assignChat(chat, session, agent, ctx.now);
  const chatHref = agentAddress(base, session.id, chat).url;
  return json(201, { chatLocation: { link: link(chatHref, 'location') } }, { Location: chatHref });
}

function chatSessions(ctx: RequestContext): Reply {
  const { session } = agentSession(ctx);
  const held = [...ctx.runtime.state.chats.values()]
    .filter((c) => c.agent?.sessionId === session.id && c.state !== 'ended')
    .map((c) => ({
      link: { href: agentAddress(ctx.runtime.base, session.id, c).url, rel: 'chat-session' },
      chatSessionKey: c.id,
      startTime: c.chattingSince ?? c.createdAt,
    }));
  return json(200, { chatSessions: held.length === 0 ? {} : { chatSession: one(held) } });
}

function slots(ctx: RequestContext): Reply {
  agentSession(ctx);
  const { filters } = selection(ctx, true);
  return json(200, { availableSlots: availableSlots(ctx.runtime.state, ctx.runtime.config, filters[0]) });
}

// ---------------------------------------------------------------------------------------------------
// One chat

interface AgentChat {
  session: AgentSession;
  agent: AgentConfig;
  chat: Chat;
  /** Whether this session holds the chat now (former holders may only read it). */
  holds: boolean;
}

function agentChat(ctx: RequestContext): AgentChat {
  const { session, agent } = agentSession(ctx);
  const chat = ctx.runtime.state.chats.get(ctx.params.chatId);
  const holds = chat?.agent?.sessionId === session.id;
  if (!chat || chat.account !== session.account || !(holds || chat.formerAgentSessions.includes(session.id))) {
    return notFound('Chat session not found');
  }
  return { session, agent, chat, holds };
}

function chatResource(ctx: RequestContext): Reply {
  const { session, chat } = agentChat(ctx);
  return json(200, renderChat(chat, agentAddress(ctx.runtime.base, session.id, chat), fromParam(ctx), ctx.now));
}

function events(ctx: RequestContext): Reply {
  const { session, agent, chat, holds } = agentChat(ctx);
  const address = agentAddress(ctx.runtime.base, session.id, chat);
  if (ctx.method === 'GET') return json(200, { events: renderEvents(chat, address, fromParam(ctx)) });

  const event = readJsonObject(ctx, 'event');
  if (event['@type'] === 'line') {
    if (typeof event.text !== 'string' || event.text.trim() === '') return badRequest('A line needs a non-empty "text"');
    if (event.text.length > MAX_TEXT) return badRequest('Line too long');
    const textType = event.textType ?? 'plain';
    if (!TEXT_TYPES.includes(textType as (typeof TEXT_TYPES)[number])) return badRequest('textType must be plain, html or rich-content');
    if (textType === 'rich-content' && event.json === undefined) return badRequest('rich-content lines need a "json" payload');
    const subType = event.subType ?? 'REGULAR';
    if (subType !== 'REGULAR' && subType !== 'ONLY_TO_REP') return badRequest('subType must be REGULAR or ONLY_TO_REP');
    if (!holds || chat.state !== 'chatting') return badRequest('Cannot add line while not in chat');
    checkLineLimit(chat, ctx.runtime.config);
    const line = addLine(
      chat,
      {
        text: event.text,
        textType: textType as (typeof TEXT_TYPES)[number],
        source: 'agent',
        by: agent.nickname,
        subType,
        ...(event.json === undefined ? {} : { json: event.json }),
      },
      ctx.now,
    );
    const href = `${address.url}/events/${line.id}`;
    return json(201, { chatEventLocation: { link: link(href, 'location') } }, { Location: href });
  }
  if (event['@type'] === 'url') {
    if (typeof event.url !== 'string' || !isWebUrl(event.url)) return badRequest('A url event needs an absolute http(s) "url"');
    if (event.text !== undefined && (typeof event.text !== 'string' || event.text.length > MAX_TEXT)) {
      return badRequest('text of a url event must be a string');
    }
    if (!holds || chat.state !== 'chatting') return badRequest('Cannot add url while not in chat');
    checkLineLimit(chat, ctx.runtime.config);
    const pushed = addUrl(chat, { url: event.url, ...(typeof event.text === 'string' ? { text: event.text } : {}), by: agent.nickname }, ctx.now);
    const href = `${address.url}/events/${pushed.id}`;
    return json(201, { chatEventLocation: { link: link(href, 'location') } }, { Location: href });
  }
  if (event['@type'] === 'state') {
    if (event.state !== 'ended') return badRequest(`Cannot set chat state to ${shown(event.state)}`);
    if (chat.state === 'ended') return badRequest('Cannot end chat. Chat was ended');
    if (!holds) return badRequest('Cannot end a chat this agent session does not hold');
    const ended = endChat(chat, 'agent', ctx.now);
    const href = `${address.url}/events/${ended.id}`;
    return json(201, { chatLocation: { link: link(href, 'location') } }, { Location: href });
  }
  return badRequest(`Unsupported event type ${shown(event['@type'])}`);
}

function oneEvent(ctx: RequestContext): Reply {
  const { session, chat } = agentChat(ctx);
  const event = chat.events.find((e) => String(e.id) === ctx.params.eventId);
  if (!event || !isVisible(event, 'agent')) return notFound('Event not found');
  return json(200, { event: renderEvent(event, agentAddress(ctx.runtime.base, session.id, chat)) });
}

function chatInfo(ctx: RequestContext): Reply {
  const { session, chat } = agentChat(ctx);
  return json(200, { info: renderInfo(chat, agentAddress(ctx.runtime.base, session.id, chat), ctx.now) });
}

function visitorName(ctx: RequestContext): Reply {
  return json(200, { visitorName: agentChat(ctx).chat.visitorName ?? 'visitor' });
}

function visitorTyping(ctx: RequestContext): Reply {
  return json(200, { visitorTyping: agentChat(ctx).chat.visitorTyping });
}

function agentTyping(ctx: RequestContext): Reply {
  const { chat, holds } = agentChat(ctx);
  if (ctx.method === 'GET') return json(200, { agentTyping: chat.agentTyping });
  const { agentTyping: typing } = readJsonObject(ctx);
  if (typing !== 'typing' && typing !== 'not-typing') return badRequest('agentTyping must be "typing" or "not-typing"');
  if (chat.state === 'ended') return badRequest("Cannot set agent's typing status. Chat was ended");
  if (!holds) return badRequest("Cannot set agent's typing status of a chat this agent session does not hold");
  chat.agentTyping = typing;
  return json(201, { agentTyping: typing });
}

function transfer(ctx: RequestContext): Reply {
  const { agent, chat, holds } = agentChat(ctx);
  const { state, config } = ctx.runtime;
  if (ctx.method === 'GET') {
    const skills = config.skills
      .map((s) => ({ id: s.id, name: s.name, onlineAgents: String(onlineSessions(state, config, { account: chat.account, skill: s.name }).length) }))
      .filter((s) => s.onlineAgents !== '0');
    return json(200, { transfer: skills.length === 0 ? {} : { skill: one(skills) } });
  }
  const body = readJsonObject(ctx, 'transfer');
  if (!holds || chat.state !== 'chatting') return badRequest('Cannot transfer a chat that is not in progress with this agent');
  if (body.text !== undefined && typeof body.text !== 'string') return badRequest('transfer.text must be a string');
  const targetId = (key: 'agent' | 'skill'): string | undefined => {
    const target = body[key];
    if (target === undefined) return undefined;
    if (!isObject(target) || !['string', 'number'].includes(typeof target.id)) return badRequest(`transfer.${key}.id is required`);
    return String(target.id);
  };
  const agentId = targetId('agent');
  const skillId = targetId('skill');
  if (agentId !== undefined) {
    const target = config.agents.find((a) => a.id === agentId);
    if (!target) return badRequest(`Agent ${agentId} not found`);
    if (target.id === agent.id) return badRequest('Cannot transfer a chat to the agent who holds it');
    if (onlineSessions(state, config, { account: chat.account, agentLogin: target.loginName }).length === 0) {
      return badRequest(`Agent ${agentId} is not available`);
    }
    ringAgain(chat, chat.skillId, ctx.now, target.id);
    addSystemLine(chat, 13, SYSTEM_MESSAGES.transferredToAgent, ctx.now);
  } else if (skillId !== undefined) {
    const skill = findSkill(config, skillId);
    if (!skill) return badRequest(`Skill ${skillId} not found`);
    if (onlineSessions(state, config, { account: chat.account, skill: skill.name }).length === 0) {
      return badRequest(`Skill ${skill.name} has no available agents`);
    }
    ringAgain(chat, skill.id, ctx.now);
    chat.skillName = skill.name;
    addSystemLine(chat, 15, SYSTEM_MESSAGES.transferredToSkill, ctx.now);
  } else {
    return badRequest('transfer needs a skill or an agent');
  }
  if (typeof body.text === 'string' && body.text.trim() !== '') {
    addLine(chat, { text: body.text, textType: 'plain', source: 'agent', by: agent.nickname, subType: 'ONLY_TO_REP' }, ctx.now);
  }
  return empty(200);
}

/**
 * The visit behind a chat's `visit-id` link: only the agent session that holds a chat of that visitor
 * may read it (404 otherwise, as for a chat that is not the session's), about the latest such chat.
 */
function visit(ctx: RequestContext): Reply {
  const { session } = agentSession(ctx);
  const { state } = ctx.runtime;
  const chat = [...state.chats.values()]
    .filter((c) => c.account === session.account && String(c.visitorId) === ctx.params.visitId && c.agent?.sessionId === session.id)
    .at(-1);
  if (!chat) return notFound('Visit not found');
  return json(200, renderVisit(state, chat, `${sessionUrl(ctx, session)}/visits/visit/${chat.visitorId}`));
}

// ---------------------------------------------------------------------------------------------------

const SESSION = `/api/account/${ACCOUNT}/agentSession/(?<sessionId>[^/]+)`;
const CHAT = `${SESSION}/chat/(?<chatId>(?!availableSlots$)[^/]+)`;
const at = (path: string): RegExp => new RegExp(`^${path}$`);

export const agentRoutes: Route[] = [
  { name: 'agent.start', methods: ['POST'], pattern: at(`/api/account/${ACCOUNT}/agentSession`), handle: start },
  { name: 'agent.availability', methods: ['GET', 'PUT'], pattern: at(`${SESSION}/availability`), handle: availability },
  { name: 'agent.info', methods: ['GET'], pattern: at(`${SESSION}/info`), handle: agentInfo },
  { name: 'agent.incomingRequests', methods: ['GET', 'POST'], pattern: at(`${SESSION}/incomingRequests`), handle: incomingRequests },
  { name: 'agent.chatSessions', methods: ['GET'], pattern: at(`${SESSION}/chatSessions`), handle: chatSessions },
  { name: 'agent.availableSlots', methods: ['GET'], pattern: at(`${SESSION}/chat/availableSlots`), handle: slots },
  { name: 'agent.chat', methods: ['GET'], pattern: at(CHAT), handle: chatResource },
  { name: 'agent.events', methods: ['GET', 'POST'], pattern: at(`${CHAT}/events`), handle: events },
  { name: 'agent.event', methods: ['GET'], pattern: at(`${CHAT}/events/(?<eventId>\\d+)`), handle: oneEvent },
  { name: 'agent.chatInfo', methods: ['GET'], pattern: at(`${CHAT}/info`), handle: chatInfo },
  { name: 'agent.visitorName', methods: ['GET'], pattern: at(`${CHAT}/info/visitorName`), handle: visitorName },
  { name: 'agent.visitorTyping', methods: ['GET'], pattern: at(`${CHAT}/info/visitorTyping`), handle: visitorTyping },
  { name: 'agent.agentTyping', methods: ['GET', 'PUT'], pattern: at(`${CHAT}/info/agentTyping`), handle: agentTyping },
  { name: 'agent.transfer', methods: ['GET', 'POST'], pattern: at(`${CHAT}/transfer`), handle: transfer },
  { name: 'agent.visit', methods: ['GET'], pattern: at(`${SESSION}/visits/visit/(?<visitId>[^/]+)`), handle: visit },
];
