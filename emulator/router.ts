/** Route table matching: a path pattern with named groups, the methods it answers, a handler. */
import type { Reply, RequestContext } from './http.js';

export interface Route {
  /** Stable name (`consumer.addEvent`, `agent.accept`…): shows in the request log, keys per-route behaviour. */
  name: string;
  methods: readonly string[];
  /** Anchored pattern over the path (without `.json`); named groups become `ctx.params`. */
  pattern: RegExp;
  handle(ctx: RequestContext): Reply;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed = new Set<string>();
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.methods.includes(method)) return { kind: 'found', route, params: { ...m.groups } };
    for (const allowedMethod of route.methods) allowed.add(allowedMethod);
  }
  return allowed.size > 0 ? { kind: 'method', allowed: [...allowed] } : { kind: 'none' };
}

/** `account` path segment pattern; its value is checked against `ACCOUNT_ID` by the dispatcher. */
export const ACCOUNT = '(?<account>[^/]+)';

/** Account ids the platform accepts (App Engagement documents this pattern). */
export const ACCOUNT_ID = /^[a-zA-Z0-9_]{1,20}$/;
