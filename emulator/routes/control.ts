/**
 * Control API for tests and demos (not part of LivePerson), under `/_emulator/`: read the whole state,
 * reset it, read or change the configuration and the fault injection, and act on one chat the way
 * the platform may (make it vanish). Control routes never get faults and are not in the request log.
 */
import { notFound } from '../errors.js';
import { empty, json, readJson } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import type { Route } from '../router.js';
import type { Chat } from '../state.js';

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

export const CONTROL_CHAT = '^/_emulator/chats/(?<chatId>[^/]+)';

export const controlRoutes: Route[] = [
  { name: 'control.state', methods: ['GET'], pattern: /^\/_emulator\/state$/, handle: state },
  { name: 'control.reset', methods: ['POST'], pattern: /^\/_emulator\/reset$/, handle: reset },
  { name: 'control.config', methods: ['GET', 'PUT', 'POST'], pattern: /^\/_emulator\/config$/, handle: config },
  { name: 'control.faults', methods: ['GET', 'PUT'], pattern: /^\/_emulator\/faults$/, handle: faults },
  { name: 'control.faultCounts', methods: ['POST'], pattern: /^\/_emulator\/faults\/reset-counts$/, handle: resetFaultCounts },
  { name: 'control.vanish', methods: ['POST'], pattern: new RegExp(`${CONTROL_CHAT}/vanish$`), handle: vanish },
];
