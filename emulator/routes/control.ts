/**
 * Control API for tests and demos (not part of LivePerson), under `/_emulator/`: read the whole state,
 * reset it, read or change the configuration and the fault injection, queue the statuses create
 * session answers, list the funnel's impressions, and act on one chat the way the platform may (make
 * it vanish, push a url, transfer it to another account). Control routes
 * never get faults and are not in the request log.
 */
import { addA2aTransfer, addUrl, checkLineLimit } from '../chats.js';
import { consumerAddress, renderEvent } from '../chat-view.js';
import { badRequest, notFound } from '../errors.js';
import { empty, json, readJson, readJsonObject } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import { ACCOUNT_ID } from '../router.js';
import type { Route } from '../router.js';
import { MAX_QUEUED_STATUSES } from '../state.js';
import type { Chat, ChatEvent } from '../state.js';
import { isWebUrl } from '../wire.js';

const MAX_TEXT = 10_000;
/** `host`, `host:port` or `[v6]:port`, as the Domain API answers hosts. */
const DOMAIN = /^(?:\[[0-9a-fA-F:]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]{0,251}[a-zA-Z0-9])?)(?::\d{1,5})?$/;

function state(ctx: RequestContext): Reply {
  return json(200, ctx.runtime.state.snapshot());
}

function reset(ctx: RequestContext): Reply {
  ctx.runtime.state.reset();
  return empty(204);
}

function config(ctx: RequestContext): Reply {
  if (ctx.method === 'GET') return json(200, ctx.runtime.config);
  return json(200, ctx.runtime.updateConfig(readJson(ctx)));
}

function faults(ctx: RequestContext): Reply {
  if (ctx.method === 'PUT') ctx.runtime.faults.update(readJson(ctx));
  return json(200, ctx.runtime.faults.report());
}

function resetFaultCounts(ctx: RequestContext): Reply {
  ctx.runtime.faults.resetCounts();
  return json(200, ctx.runtime.faults.report());
}

/**
 * The statuses the next create sessions answer, one each, before `engagement.status` applies again:
 * `GET` reads the queue, `PUT {"statuses":["Pending","Pending"]}` replaces it.
 */
function engagementStatuses(ctx: RequestContext): Reply {
  const queue = ctx.runtime.state.engagementStatuses;
  if (ctx.method === 'PUT') {
    const { statuses } = readJsonObject(ctx);
    const ok = Array.isArray(statuses) && statuses.every((s) => typeof s === 'string' && /^[A-Za-z][A-Za-z_]{0,39}$/.test(s));
    if (!ok) return badRequest('statuses must be an array of words (auto, Available, NotAvailable or any other)');
    if (statuses.length > MAX_QUEUED_STATUSES) return badRequest(`at most ${MAX_QUEUED_STATUSES} statuses`);
    queue.splice(0, queue.length, ...(statuses as string[]));
  }
  return json(200, { statuses: queue });
}

/** Impression events in the order they arrived, with their session; `account`, `visitorId`, `sessionId` filter. */
function impressions(ctx: RequestContext): Reply {
  const filter = (key: string): string | undefined => ctx.query.get(key) ?? undefined;
  return json(200, { impressions: ctx.runtime.state.impressionLog({ account: filter('account'), visitorId: filter('visitorId'), sessionId: filter('sessionId') }) });
}

/** The chat a control request names (any account), or 404 `Chat session not found` (12). */
export function controlledChat(ctx: RequestContext): Chat {
  return ctx.runtime.state.chats.get(ctx.params.chatId) ?? notFound('Chat session not found');
}

/** The platform forgets the chat: every later request about it is 404 `Chat session not found` (12). */
function vanish(ctx: RequestContext): Reply {
  const chat = controlledChat(ctx);
  ctx.runtime.state.chats.delete(chat.id);
  return empty(204);
}

/** A chat that can still get events (404 when unknown, 400 when ended). */
function liveChat(ctx: RequestContext): Chat {
  const chat = controlledChat(ctx);
  if (chat.state === 'ended') return badRequest('Cannot add an event to an ended chat');
  return chat;
}

/** 201: the new event as the visitor sees it, `Location` its consumer URL. */
function created(ctx: RequestContext, chat: Chat, event: ChatEvent): Reply {
  const address = consumerAddress(ctx.runtime.base, chat);
  return json(201, { event: renderEvent(event, address) }, { Location: `${address.url}/events/${event.id}` });
}

/** The chat's agent pushes a page: `{"url":"https://…","text"?:"…"}`. */
function pushUrl(ctx: RequestContext): Reply {
  const chat = liveChat(ctx);
  const body = readJsonObject(ctx);
  if (typeof body.url !== 'string' || !isWebUrl(body.url)) return badRequest('url must be an absolute http(s) URL');
  if (body.text !== undefined && (typeof body.text !== 'string' || body.text.length > MAX_TEXT)) return badRequest('text must be a string');
  if (chat.agent === null) return badRequest('No agent holds this chat');
  checkLineLimit(chat, ctx.runtime.config);
  const event = addUrl(chat, { url: body.url, ...(typeof body.text === 'string' ? { text: body.text } : {}), by: chat.agent.nickname }, ctx.now);
  return created(ctx, chat, event);
}

/** The chat is handed to another account: `{"domain":"host:port","skill":"Sales","remoteSiteId"?:"…"}`. */
function a2aTransfer(ctx: RequestContext): Reply {
  const chat = liveChat(ctx);
  const body = readJsonObject(ctx);
  if (typeof body.domain !== 'string' || !DOMAIN.test(body.domain)) return badRequest('domain must be host or host:port');
  if (typeof body.skill !== 'string' || body.skill.trim() === '' || body.skill.length > 100) return badRequest('skill must be a non-empty string');
  const site = body.remoteSiteId;
  if (site !== undefined && typeof site !== 'string' && typeof site !== 'number') return badRequest('remoteSiteId must be an account id');
  const remote = site === undefined ? chat.account : String(site);
  if (!ACCOUNT_ID.test(remote)) return badRequest('remoteSiteId must be an account id');
  const scheme = ctx.runtime.base.slice(0, ctx.runtime.base.indexOf('://'));
  const event = addA2aTransfer(
    chat,
    {
      domain: body.domain,
      skill: body.skill.trim(),
      remoteSiteId: remote,
      a2aEventId: ctx.runtime.state.a2aEventId(),
      a2aSourceSessionId: chat.rtSessionId,
      a2aSourceSiteId: chat.account,
      requestUrl: `${scheme}://${body.domain}/api/account/${remote}/chat/request`,
    },
    ctx.now,
  );
  return created(ctx, chat, event);
}

export const CONTROL_CHAT = '^/_emulator/chats/(?<chatId>[^/]+)';

export const controlRoutes: Route[] = [
  { name: 'control.state', methods: ['GET'], pattern: /^\/_emulator\/state$/, handle: state },
  { name: 'control.reset', methods: ['POST'], pattern: /^\/_emulator\/reset$/, handle: reset },
  { name: 'control.config', methods: ['GET', 'PUT', 'POST'], pattern: /^\/_emulator\/config$/, handle: config },
  { name: 'control.faults', methods: ['GET', 'PUT'], pattern: /^\/_emulator\/faults$/, handle: faults },
  { name: 'control.faultCounts', methods: ['POST'], pattern: /^\/_emulator\/faults\/reset-counts$/, handle: resetFaultCounts },
  { name: 'control.engagementStatuses', methods: ['GET', 'PUT'], pattern: /^\/_emulator\/engagement\/statuses$/, handle: engagementStatuses },
  { name: 'control.impressions', methods: ['GET'], pattern: /^\/_emulator\/impressions$/, handle: impressions },
  { name: 'control.vanish', methods: ['POST'], pattern: new RegExp(`${CONTROL_CHAT}/vanish$`), handle: vanish },
  { name: 'control.url', methods: ['POST'], pattern: new RegExp(`${CONTROL_CHAT}/url$`), handle: pushUrl },
  { name: 'control.a2aTransfer', methods: ['POST'], pattern: new RegExp(`${CONTROL_CHAT}/a2a-transfer$`), handle: a2aTransfer },
];
