/**
 * Login Service API (`agentVep`): user login (`username` + `password`) or application login
 * (`username` + `appKey` + `secret` …) → bearer, csrf and a `Session_id` cookie; refresh and logout
 * take the cookie plus the csrf. Errors carry `responseStatus` and the service's `Sep 22, 2016 4:10:15 PM`
 * time format.
 */
import { dropAgentSession } from '../chats.js';
import type { AgentConfig } from '../config.js';
import { digits, secret } from '../ids.js';
import { badRequest, EmulatorError } from '../errors.js';
import { cookie, empty, json, readJsonObject } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';
import type { LoginSession } from '../state.js';
import { baseURIs } from './domain.js';

const LOGIN_VERSIONS = ['1.2', '1.3'];

function unauthorized(message: string): never {
  throw new EmulatorError('unauthorized', message, { dialect: 'login' });
}

const APP_LOGIN_FIELDS = ['appKey', 'secret', 'accessToken', 'accessTokenSecret'] as const;

/** The configured agent these credentials belong to, and how they logged in. */
function authenticate(agents: AgentConfig[], body: Record<string, unknown>): { agent: AgentConfig; method: LoginSession['method'] } {
  const username = body.username;
  if (typeof username !== 'string' || username === '') return badRequest('username is required');
  const agent = agents.find((a) => a.loginName === username);
  if (typeof body.password === 'string') {
    if (agent && agent.password === body.password) return { agent, method: 'password' };
    return unauthorized('Authentication failed: wrong username or password');
  }
  if (typeof body.appKey === 'string') {
    const matches =
      agent !== undefined &&
      agent.appKey !== undefined &&
      APP_LOGIN_FIELDS.every((field) => agent[field] === undefined || agent[field] === body[field]);
    if (agent && matches) return { agent, method: 'appKey' };
    return unauthorized('Authentication failed: wrong application credentials');
  }
  return badRequest('password or appKey/secret is required');
}

function login(ctx: RequestContext): Reply {
  const version = ctx.query.get('v');
  if (version === null || !LOGIN_VERSIONS.includes(version)) badRequest('Unsupported version, expected v=1.3 or v=1.2');
  const { state, config, publicHost } = ctx.runtime;
  const { agent, method } = authenticate(config.agents, readJsonObject(ctx));
  const account = ctx.params.account;
  const ttl = config.limits.loginSessionTtlMs;
  const session: LoginSession = {
    account,
    agentId: agent.id,
    bearer: secret(32),
    csrf: secret(16),
    sessionCookie: secret(16),
    wsuk: digits(18),
    method,
    createdAt: ctx.now,
    expiresAt: ctx.now + ttl,
  };
  state.addLogin(session);
  const offsetMs = -new Date(ctx.now).getTimezoneOffset() * 60_000;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return json(
    200,
    {
      csrf: session.csrf,
      wsuk: session.wsuk,
      config: {
        loginName: agent.loginName,
        userId: agent.id,
        userPrivileges: [100, 101],
        serverCurrentTime: ctx.now,
        timeDiff: 0,
        serverTimeZoneName: timeZone,
        serverTimeGMTDiff: offsetMs,
        isLPA: false,
        isAdmin: false,
        accountTimeZoneId: timeZone,
      },
      csdsCollectionResponse: { baseURIs: baseURIs(account, publicHost) },
      accountData: { agentGroupsData: { items: [{ id: -1, deleted: false, name: 'Main Group' }], revision: 1 } },
      sessionTTl: String(ttl),
      bearer: session.bearer,
    },
    { 'Set-Cookie': `Session_id=${session.sessionCookie}; Path=/; HttpOnly` },
  );
}

/** The login a refresh/logout is about: `Session_id` cookie and body `csrf` must both match. */
function cookieLogin(ctx: RequestContext): LoginSession {
  const sessionCookie = cookie(ctx, 'Session_id');
  let csrf: unknown;
  try {
    csrf = JSON.parse(ctx.body.toString('utf8')).csrf;
  } catch {
    csrf = undefined;
  }
  const found = [...ctx.runtime.state.logins.values()].find(
    (l) => l.sessionCookie === sessionCookie && l.account === ctx.params.account && l.expiresAt > ctx.now,
  );
  if (!found || typeof csrf !== 'string' || found.csrf !== csrf) return unauthorized('CSRF token invalid! Please login again.');
  return found;
}

function refresh(ctx: RequestContext): Reply {
  const session = cookieLogin(ctx);
  session.expiresAt = ctx.now + ctx.runtime.config.limits.loginSessionTtlMs;
  return empty(200);
}

function logout(ctx: RequestContext): Reply {
  const session = cookieLogin(ctx);
  const { state } = ctx.runtime;
  state.logins.delete(session.bearer);
  const stillLoggedIn = [...state.logins.values()].some((l) => l.agentId === session.agentId && l.account === session.account);
  if (!stillLoggedIn) {
    for (const agentSession of [...state.agentSessions.values()]) {
      if (agentSession.agentId === session.agentId && agentSession.account === session.account) {
        dropAgentSession(state, agentSession.id, ctx.now);
      }
    }
  }
  return empty(200, { 'Set-Cookie': 'Session_id=; Path=/; Max-Age=0' });
}

const at = (suffix: string): RegExp => new RegExp(`^/api/account/${ACCOUNT}/${suffix}$`);

export const loginRoutes: Route[] = [
  { name: 'login.login', methods: ['POST'], pattern: at('login'), handle: login },
  { name: 'login.refresh', methods: ['POST'], pattern: at('refresh'), handle: refresh },
  { name: 'login.logout', methods: ['POST'], pattern: at('logout'), handle: logout },
];
