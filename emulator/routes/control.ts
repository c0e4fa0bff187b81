/**
 * Control API for tests and demos (not part of LivePerson), under `/_emulator/`: read the whole state,
 * reset it, read or change the configuration. Control routes are not in the request log.
 */
import { empty, json, readJson } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import type { Route } from '../router.js';

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

export const controlRoutes: Route[] = [
  { name: 'control.state', methods: ['GET'], pattern: /^\/_emulator\/state$/, handle: state },
  { name: 'control.reset', methods: ['POST'], pattern: /^\/_emulator\/reset$/, handle: reset },
  { name: 'control.config', methods: ['GET', 'PUT', 'POST'], pattern: /^\/_emulator\/config$/, handle: config },
];
