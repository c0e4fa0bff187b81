/**
 * A bounded fuzz of the platform emulator over real HTTP: the documented routes of every service
 * (Domain, App Engagement, Server Chat, Login, Chat Agent and the control API) with real and guessed
 * ids, then mutated at random: paths (`..`, `%2e`, `%00`, double slashes, huge segments, unicode,
 * absolute-form targets), methods, headers (odd Content-Type, Accept, X-HTTP-Method-Override, huge and
 * duplicated ones), bodies (random bytes, truncated and deep JSON, huge strings, a hostile value in
 * any field of every documented body, sizes around the body limit) and encodings (gzip claims,
 * chunked), plus raw requests that are not well-formed HTTP at all.
 *
 * Asserted: no uncaught exception and the server keeps answering after every batch; every answer is
 * 200–599; no 500 (faults are off); every 4xx/5xx is in a documented error shape; bodies over the limit
 * are 413 and bodies at the limit are not; the state stays within its configured limits and the heap
 * stays bounded. Deterministic: each request is drawn from its own stream of `EMULATOR_FUZZ_SEED`
 * (printed), so a failing request can be rebuilt from the seed and its index.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { signJwt } from '../../emulator/jwt.js';
import { mulberry32 } from '../../emulator/prng.js';
import type { Random } from '../../emulator/prng.js';
import type { Emulator } from '../../emulator/server.js';
import { ACCOUNT, APP_KEY, acceptChat, call, expect, onlineAgent, requestChat, setAvailability, test } from './fixtures.js';
import type { OnlineAgent } from './fixtures.js';

/** Random and mutated requests, after the sweep of every field of every documented body. */
const RANDOM_REQUESTS = 10_000;
const BATCH = 500;
const CONCURRENCY = 12;
const BUDGET_MS = 45_000;
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;
const OTHER_ACCOUNT = 'le88776655';
const LIMIT = 16 * 1024;

/** Two skills and three agents (one a bot with application login), so transfers and skill filters have somewhere to go. */
const CONFIG = {
  skills: [
    { id: '1', name: 'Sales' },
    { id: '2', name: 'Support' },
  ],
  agents: [
    { id: '101', loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales', 'Support'], maxChats: 8 },
    { id: '102', loginName: 'sam', password: 'sam', nickname: 'Sam', skills: ['Support'], maxChats: 8 },
    {
      id: '103',
      loginName: 'bot',
      password: 'bot',
      nickname: 'Bot',
      skills: ['Sales'],
      maxChats: -1,
      appKey: 'botKey',
      secret: 'botSecret',
      accessToken: 'botToken',
      accessTokenSecret: 'botTokenSecret',
    },
  ],
  // Small limits, so a long run reaches them: state beyond them is a failure.
  limits: { maxBodyBytes: LIMIT, maxRecords: 10 },
  // An authenticated engagement with an HS256 connector and one code, so visitor authentication is reached.
  engagement: { connectorId: '568046210' },
  authentication: { issuer: 'https://idp.shop.example', hs256Secret: 'the fuzz shared secret, 32 bytes or more', codes: [{ code: 'k12197', claims: { sub: 'c-1' } }] },
};
const nowSeconds = Math.floor(Date.now() / 1000);
const ID_TOKEN = signJwt(
  { iss: 'https://idp.shop.example', sub: 'c-2', iat: nowSeconds, exp: nowSeconds + 3600, given_name: 'Fuzz' },
  { alg: 'HS256', secret: CONFIG.authentication.hs256Secret },
);

// ---- What the fuzz knows: real ids to aim at (refreshed between batches) -------------------------

interface Known {
  /** Consumer chats: account and id. */
  chats: Array<{ account: string; id: string }>;
  /** Agent sessions with their login. */
  sessions: Array<{ agent: OnlineAgent; sessionId: string }>;
  /** Chats an agent session holds: the agent-side chat path. */
  agentChats: Array<{ agent: OnlineAgent; path: string }>;
  engagements: Array<{ account: string; visitorId: string; sessionId: string; pageId: string }>;
}

const sessionIdOf = (agent: OnlineAgent): string => agent.sessionUrl.slice(agent.sessionUrl.lastIndexOf('/') + 1);

async function refreshKnown(emulator: Emulator, known: Known): Promise<void> {
  // Agents: one Online session on each account (re-made when the fuzz logged them out).
  const alive = known.sessions.filter((s) => emulator.state.agentSessions.has(s.sessionId) && emulator.state.logins.has(s.agent.bearer));
  for (const account of [ACCOUNT, OTHER_ACCOUNT]) {
    if (!alive.some((s) => s.agent.account === account)) {
      const agent = await onlineAgent(emulator, { account });
      alive.push({ agent, sessionId: sessionIdOf(agent) });
    }
  }
  // Back Online, in case the fuzz set them Away.
  for (const { agent } of alive) await setAvailability(agent, 'Online');
  known.sessions = alive;
  // Chats: a few live ones per account, some of them accepted.
  known.chats = known.chats.filter((c) => emulator.state.chats.get(c.id)?.state !== 'ended' && emulator.state.chats.has(c.id));
  known.agentChats = known.agentChats.filter((c) => {
    const chat = emulator.state.chats.get(c.path.slice(c.path.lastIndexOf('/') + 1));
    return chat !== undefined && chat.state !== 'ended';
  });
  for (const { agent } of known.sessions) {
    while (known.chats.filter((c) => c.account === agent.account).length < 4 && emulator.state.chats.size < 400) {
      const url = await requestChat(emulator, {}, agent.account);
      known.chats.push({ account: agent.account, id: url.slice(url.lastIndexOf('/') + 1) });
      if (known.chats.length % 2 === 0) {
        try {
          const chatUrl = await acceptChat(agent);
          known.agentChats.push({ agent, path: new URL(chatUrl).pathname });
        } catch {
          // Full, or the chat was taken: fine.
        }
      }
    }
  }
  // Engagement sessions: the ones still there, with the page id they were given last.
  known.engagements = known.engagements.flatMap((e) => {
    const session = emulator.state.engagementSessions.get(`${e.account}/${e.sessionId}`);
    return session ? [{ ...e, pageId: session.pageIds.at(-1) ?? e.pageId }] : [];
  });
  if (known.engagements.length === 0) {
    for (const account of [ACCOUNT, OTHER_ACCOUNT]) {
      const created = await call(`${emulator.url}/api/account/${account}/app/engagement/visitors?v=1.0`, { body: { appType: 'EXTERNAL' } });
      known.engagements.push({ account, visitorId: created.body.visitorId, sessionId: created.body.sessionId, pageId: created.body.pageId });
    }
  }
}

// ---- Drawing requests ------------------------------------------------------------------------------

interface Draw {
  rnd: Random;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

function draw(seed: number, index: number): Draw {
  const rnd = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const int = (n: number): number => Math.floor(rnd() * n);
  return { rnd, int, pick: (items) => items[int(items.length)]!, chance: (p) => rnd() < p };
}

/** What a request is made of before it is sent. */
interface FuzzRequest {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  /** Sent in this many chunked writes (no Content-Length) instead of one body. */
  chunks?: number;
  /** Raw bytes on a fresh socket instead (not well-formed HTTP). */
  raw?: Buffer;
  /** A short description for failure messages. */
  label: string;
}

type Auth = 'appKey' | 'bearer' | 'cookie' | 'none';

interface Template {
  method: string;
  /** Path and query, `{acc}` etc. filled from what is known. */
  path: string;
  auth: Auth;
  override?: boolean;
  body?: (d: Draw, k: Known) => unknown;
}

const hostile = (d: Draw): unknown =>
  d.pick<() => unknown>([
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 1e308,
    () => 2 ** 53 + 1,
    () => '',
    () => ' ',
    () => '\u0000',
    () => '\ud800',
    () => 'NaN',
    () => '-1',
    () => '1e999',
    () => '<img src=x onerror=alert(1)>',
    () => '../../../etc/passwd',
    () => '%00',
    () => 'x'.repeat(d.int(LIMIT)),
    () => '\u{1F4A9}'.repeat(d.int(500)),
    () => [],
    () => [null],
    () => [[[]]],
    () => ['a', 1, null, {}],
    () => ({}),
    () => ({ toString: 1 }),
    () => ({ valueOf: 1, toString: 1 }),
    () => [{ toString: 1 }],
    () => JSON.parse('{"__proto__":{"polluted":true}}'),
    () => ({ constructor: { prototype: { polluted: true } } }),
    () => nested(40),
    () => DEEP_ARRAY,
    () => DEEP_ARRAY,
    () => DEEP_OBJECT,
    () => DEEP_OBJECT,
  ])();

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/**
 * Stand for an array or an object nested 7000 deep (deep enough to overflow the stack of a recursive
 * reader, small enough for the body limit), spliced into the JSON text: `JSON.stringify` could not write them.
 */
const DEEP_ARRAY = 'DEEP-ARRAY-HERE';
const DEEP_OBJECT = 'DEEP-OBJECT-HERE';
const serialize = (value: unknown): Buffer =>
  Buffer.from(
    JSON.stringify(value)
      .replaceAll(`"${DEEP_ARRAY}"`, `${'['.repeat(7000)}1${']'.repeat(7000)}`)
      .replaceAll(`"${DEEP_OBJECT}"`, `{"a":${'['.repeat(7000)}1${']'.repeat(7000)}}`),
  );

/** Every path (key or index) into a JSON value. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null || prefix.length > 6) return out;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
    const at = [...prefix, key];
    out.push(at);
    paths((value as Record<string | number, unknown>)[key], at, out);
  }
  return out;
}

/** One to three fields of a documented body get a wrong type or a hostile value, or disappear, or an unknown one appears. */
function mutateFields(d: Draw, body: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const all = paths(copy);
  if (all.length === 0) return hostile(d);
  for (let n = 1 + d.int(3); n > 0; n--) {
    const at = d.pick(all);
    let parent: any = copy;
    for (const key of at.slice(0, -1)) parent = parent?.[key];
    if (typeof parent !== 'object' || parent === null) continue;
    const key = at[at.length - 1]!;
    if (d.chance(0.15) && !Array.isArray(parent)) delete parent[key];
    else if (d.chance(0.2) && !Array.isArray(parent)) parent[d.pick(['__proto__', 'constructor', 'extra', 'Text', ''])] = hostile(d);
    else parent[key] = hostile(d);
  }
  return copy;
}

// Documented bodies (protocol §1.2, §1.8, §2, §3), filled with real values.
const preChatSurvey = (d: Draw) => ({
  id: 40216,
  question: [
    { id: 12786273, answer: d.pick(['Buying', 'My order', 'Something else']) },
    { id: 12786274, answer: 'Details' },
    { id: 16314710, answer: 'Natalie' },
    { id: 16314711, value: 'natalie@example.com' },
    { id: 16314712, answer: ['Phone', 'Laptop'] },
  ],
});
const chatRequest = (d: Draw) => ({
  request: {
    skill: d.pick(['Sales', 'Support', '1', '']),
    maxWaitTime: 60,
    visitorIp: '203.0.113.7',
    chatReferrer: 'https://shop.example/cart',
    userAgent: 'Mozilla/5.0',
    visitorId: 1000000000000050,
    preChatLines: d.chance(0.5) ? { lines: ['Order 1234', 'hello'] } : { line: 'one line' },
    survey: preChatSurvey(d),
    // The configured engagement is authenticated: without an authentication its chats are refused (401).
    engagementId: d.pick(['3562981110', '27469613']),
    campaignId: '3346848610',
    language: 'en-US',
    LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
    LETagSessionId: 'XyZ',
    LETagContextId: '1',
    interactionTimeout: 40,
    ...(d.chance(0.2) ? { participantId: '43298091-962e-4be5-bacc-11f4e3a4f2b1', conversationId: 'fdabacfa-dd4d-4e95-869c-29c8f7631006' } : {}),
  },
});
const authentication = (d: Draw) => ({
  authChatConnId: d.pick([568046210, '568046210', 1]),
  ssoKey: d.pick(['k12197', ID_TOKEN, 'unknown-code', `${ID_TOKEN}x`, 'a.b.c']),
  engagementId: 3562981110,
  LETagContextId: '1',
  LETagSessionId: 'XyZ',
  LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
  redirectUri: 'https://shop.example/chat',
});
const line = (d: Draw) => ({ event: { '@type': 'line', text: d.pick(['hello', 'how are you?', '<b>bold</b>']), textType: d.pick(['plain', 'html']) } });
const end = () => ({ event: { '@type': 'state', state: 'ended' } });
const agentLine = (d: Draw) => ({
  event: {
    '@type': 'line',
    text: "<div dir='ltr'>Hi, how can I help?</div>",
    textType: d.pick(['plain', 'html', 'rich-content']),
    subType: d.pick(['REGULAR', 'ONLY_TO_REP']),
    json: { type: 'vertical', elements: [{ type: 'text', text: 'card' }] },
  },
});
const urlEvent = () => ({ event: { '@type': 'url', url: 'https://shop.example/offer', text: 'Our offer' } });
const offlineSurvey = () => ({
  survey: {
    id: 40290,
    question: [
      { id: 13387458, answer: 'Natalie' },
      { id: 13387459, answer: 'natalie@example.com' },
      { id: 13387460, answer: 'Call me back' },
    ],
  },
});
const exitSurvey = (d: Draw) =>
  d.chance(0.5)
    ? { survey: { id: 361348, question: [{ id: 4991315, answer: 'yes' }, { id: 4991311, answer: 'n@example.com' }, { id: 4991316, answer: '5' }] } }
    : { survey: { id: 361348, questions: { question: [{ id: 4991315, entry: [{ value: 'yes', checked: true }, { value: 'no', checked: 'false' }] }, { id: 4991311, lastKnownValue: 'n@example.com' }] } } };
const engagementCreate = (d: Draw) => ({
  appType: d.pick(['EXTERNAL', 'MSDK']),
  appDetails: { os: 'LINUX', osVersion: '6.1', appVersion: '1.0', deviceFamily: 'DESKTOP', ipAddress: '203.0.113.7' },
  consumerSections: ['checkout', 'cart'],
  engagementAttributes: [
    { type: 'ctmrinfo', info: { customerId: '42', cstatus: 'gold' } },
    { type: 'cart', total: 11.7, currency: 'USD', numItems: 1, products: [{ product: { name: 'p', sku: 's', price: 11.7 }, quantity: 1 }] },
  ],
});
const engagementUpdate = (d: Draw, k: Known) => ({
  pageId: d.pick(k.engagements).pageId,
  impAttributes: [
    { type: d.pick(['impDisplay', 'impAccept']), campaign: 3346848610, engId: 3562981110, revision: 44, eContext: [{ type: 'engagementContext', id: '1' }] },
    { type: d.pick(['impExpanded', 'impClose', 'impTimeout']), campaign: 3346848610, engId: 3562981110, revision: 44 },
  ],
  engagementAttributes: [{ type: 'purchase', total: 11.7, orderId: 'DRV1534XC' }, { type: 'searchInfo', keywords: ['reset password'] }],
});

const TEMPLATES: Template[] = [
  // Domain API
  { method: 'GET', path: '/api/account/{acc}/service/{service}/baseURI.json?version=1.0', auth: 'none' },
  { method: 'GET', path: '/csdr/account/{acc}/service/{service}/baseURI.json?version=1.0', auth: 'none' },
  { method: 'GET', path: '/csdr/account/{acc}/service/baseURI.json?version=1.0', auth: 'none' },
  // App Engagement
  { method: 'POST', path: '/api/account/{acc}/app/engagement/visitors?v=1.0', auth: 'none', body: engagementCreate },
  { method: 'POST', path: '/api/account/{acc}/app/engagement/visitors/{visitor}?v=1.0&sid={sid}', auth: 'none', body: engagementCreate },
  { method: 'POST', path: '/api/account/{acc}/app/engagement/visitors/{visitor}?v=1.0&sid={sid}', auth: 'none', body: engagementCreate },
  { method: 'PUT', path: '/api/account/{acc}/app/engagement/visitors/{visitor}?v=1.0&sid={sid}', auth: 'none', body: engagementUpdate },
  { method: 'PUT', path: '/api/account/{acc}/app/engagement/visitors/{visitor}?v=1.0&sid={sid}', auth: 'none', body: engagementUpdate },
  // Server Chat API
  { method: 'GET', path: '/api/account/{acc}/chat/availability.json?v=1&NC=true&skill=Sales', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/availableSlots.json?v=1&maxWaitTime=0', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/estimatedWaitTime.json?v=1&skill=Support', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat//preSurvey.json?v=1&NC=true', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/offlineSurvey.json?v=1', auth: 'appKey' },
  { method: 'POST', path: '/api/account/{acc}/chat/offlineSurvey.json?v=1', auth: 'appKey', override: true, body: offlineSurvey },
  { method: 'POST', path: '/api/account/{acc}/chat/request.json?v=1&NC=true', auth: 'appKey', body: chatRequest },
  { method: 'POST', path: '/api/account/{acc}/chat/request.json?v=1&NC=true', auth: 'appKey', body: chatRequest },
  { method: 'POST', path: '/api/account/{acc}/conversation.json?v=1&NC=true', auth: 'appKey', body: authentication },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}.json?v=1&from={n}', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}/events.json?v=1&from={n}', auth: 'appKey' },
  { method: 'POST', path: '/api/account/{acc}/chat/{chat}/events.json?v=1&NC=true', auth: 'appKey', body: line },
  { method: 'POST', path: '/api/account/{acc}/chat/{chat}/events.json?v=1&NC=true', auth: 'appKey', body: line },
  { method: 'POST', path: '/api/account/{acc}/chat/{chat}/events.json?v=1&NC=true', auth: 'appKey', body: end },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}/events/{n}.json?v=1', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}/info.json?v=1', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}/info/visitorName.json?v=1', auth: 'appKey' },
  { method: 'POST', path: '/api/account/{acc}/chat/{chat}/info/visitorName.json?v=1', auth: 'appKey', override: true, body: () => ({ visitorName: 'Natalie' }) },
  { method: 'PUT', path: '/api/account/{acc}/chat/{chat}/info/visitorTyping.json?v=1', auth: 'appKey', body: (d) => ({ visitorTyping: d.pick(['typing', 'not-typing']) }) },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}/info/agentTyping.json?v=1', auth: 'appKey' },
  { method: 'GET', path: '/api/account/{acc}/chat/{chat}/exitSurvey.json?v=1', auth: 'appKey' },
  { method: 'POST', path: '/api/account/{acc}/chat/{chat}/exitSurvey.json?v=1', auth: 'appKey', override: true, body: exitSurvey },
  { method: 'POST', path: '/api/account/{acc}/chat/{chat}/transcriptRequest.json?v=1', auth: 'appKey', override: true, body: () => ({ email: 'n@example.com' }) },
  {
    method: 'POST',
    path: '/api/account/{acc}/chat/{chat}/transcriptWithSubjectRequest.json?v=1',
    auth: 'appKey',
    override: true,
    body: () => ({ email: 'n@example.com', subject: 'Our chat' }),
  },
  {
    method: 'POST',
    path: '/api/account/{acc}/chat/{chat}/customVariables.json?v=1',
    auth: 'appKey',
    override: true,
    body: () => ({ customVariables: { customVariable: [{ name: 'cart', value: '3' }, { name: 'vip', value: true }] } }),
  },
  // Login Service
  { method: 'POST', path: '/api/account/{acc}/login?v=1.3', auth: 'none', body: (d) => ({ username: d.pick(['agent', 'sam']), password: d.pick(['agent', 'sam', 'wrong']) }) },
  {
    method: 'POST',
    path: '/api/account/{acc}/login?v=1.2',
    auth: 'none',
    body: () => ({ username: 'bot', appKey: 'botKey', secret: 'botSecret', accessToken: 'botToken', accessTokenSecret: 'botTokenSecret' }),
  },
  { method: 'POST', path: '/api/account/{acc}/refresh?v=1.2', auth: 'cookie', body: (_d, k) => ({ csrf: k.sessions[0]?.agent.csrf }) },
  { method: 'POST', path: '/api/account/{acc}/logout?v=1.2', auth: 'cookie', body: () => ({ csrf: 'guessed' }) },
  // Chat Agent API
  { method: 'POST', path: '/api/account/{acc}/agentSession.json?v=1&NC=true', auth: 'bearer', body: (d) => ({ loginData: d.chance(0.5) ? '' : { userName: 'agent', password: 'agent' } }) },
  { method: 'GET', path: '{session}/availability.json?v=1&NC=true', auth: 'bearer' },
  { method: 'POST', path: '{session}/availability.json?v=1&NC=true', auth: 'bearer', override: true, body: (d) => ({ availability: { chat: d.pick(['Online', 'Online', 'Away', 'Occupied']) } }) },
  { method: 'GET', path: '{session}/info.json?v=1', auth: 'bearer' },
  { method: 'GET', path: '{session}/incomingRequests.json?v=1&NC=true', auth: 'bearer' },
  { method: 'POST', path: '{session}/incomingRequests.json?v=1&NC=true', auth: 'bearer', body: () => ({ chat: 'start' }) },
  { method: 'GET', path: '{session}/chatSessions.json?v=1', auth: 'bearer' },
  { method: 'GET', path: '{session}/chat/availableSlots.json?v=1&skill=Sales', auth: 'bearer' },
  { method: 'GET', path: '{agentChat}.json?v=1&from={n}', auth: 'bearer' },
  { method: 'GET', path: '{agentChat}/events.json?v=1&from={n}', auth: 'bearer' },
  { method: 'POST', path: '{agentChat}/events.json?v=1&NC=true', auth: 'bearer', body: agentLine },
  { method: 'POST', path: '{agentChat}/events.json?v=1&NC=true', auth: 'bearer', body: urlEvent },
  { method: 'POST', path: '{agentChat}/events.json?v=1&NC=true', auth: 'bearer', body: end },
  { method: 'GET', path: '{agentChat}/events/{n}.json?v=1', auth: 'bearer' },
  { method: 'GET', path: '{agentChat}/info.json?v=1', auth: 'bearer' },
  { method: 'GET', path: '{agentChat}/info/visitorName.json?v=1', auth: 'bearer' },
  { method: 'GET', path: '{agentChat}/info/visitorTyping.json?v=1', auth: 'bearer' },
  { method: 'POST', path: '{agentChat}/info/agentTyping.json?v=1', auth: 'bearer', override: true, body: (d) => ({ agentTyping: d.pick(['typing', 'not-typing']) }) },
  { method: 'GET', path: '{agentChat}/transfer.json?v=1', auth: 'bearer' },
  {
    method: 'POST',
    path: '{agentChat}/transfer.json?v=1',
    auth: 'bearer',
    body: (d) => ({ transfer: d.chance(0.5) ? { skill: { id: d.pick([1, '2']) }, text: 'VIP' } : { agent: { id: d.pick(['101', 102]) }, text: 'over to you' } }),
  },
  // Control API (never the configuration or the fault settings: those would change the rules mid-run)
  { method: 'GET', path: '/_emulator/config', auth: 'none' },
  { method: 'GET', path: '/_emulator/faults', auth: 'none' },
  { method: 'POST', path: '/_emulator/faults/reset-counts', auth: 'none' },
  { method: 'GET', path: '/_emulator/engagement/statuses', auth: 'none' },
  { method: 'PUT', path: '/_emulator/engagement/statuses', auth: 'none', body: (d) => ({ statuses: d.pick([[], ['Pending'], ['NotAvailable', 'Available']]) }) },
  { method: 'GET', path: '/_emulator/impressions?visitorId={visitor}', auth: 'none' },
  { method: 'POST', path: '/_emulator/chats/{chat}/url', auth: 'none', body: () => ({ url: 'https://shop.example/', text: 'look' }) },
  { method: 'POST', path: '/_emulator/chats/{chat}/a2a-transfer', auth: 'none', body: () => ({ domain: 'other.example:443', skill: 'Sales', remoteSiteId: '999' }) },
];

/** Rare: whole-state reads are costly, vanishing chats and resets wipe what the fuzz aims at (a reset rarest). */
const RARE_TEMPLATES: Template[] = [
  ...Array.from({ length: 4 }, (): Template => ({ method: 'GET', path: '/_emulator/state', auth: 'none' })),
  ...Array.from({ length: 4 }, (): Template => ({ method: 'POST', path: '/_emulator/chats/{chat}/vanish', auth: 'none' })),
  { method: 'POST', path: '/_emulator/reset', auth: 'none' },
];

const JUNK_SEGMENTS = [
  '..',
  '.',
  '%2e',
  '%2e%2e',
  '%2E%2e',
  '.%2e',
  '%00',
  'a%00b',
  '',
  '%2f',
  '%5c',
  '\\',
  ';',
  '%3B',
  '%',
  '%zz',
  '%C3%A9',
  '%F0%9F%92%A9',
  '%FF%FE',
  '%ED%A0%80',
  'é',
  'ÿ',
  '.json',
  '.json.json',
  'events',
  'chat',
  'agentSession',
  '*',
  '~',
  '@',
  ':',
  'A'.repeat(300),
  'A'.repeat(4000),
];

function mutatePath(d: Draw, path: string): string {
  const q = path.indexOf('?');
  const segments = (q < 0 ? path : path.slice(0, q)).split('/');
  let query = q < 0 ? '' : path.slice(q + 1);
  for (let n = 1 + d.int(3); n > 0; n--) {
    // Mostly after the leading slash: a target without one is refused by the HTTP parser before the emulator sees it.
    const i = d.chance(0.05) ? 0 : 1 + d.int(segments.length - 1);
    switch (d.int(8)) {
      case 0:
        segments.splice(i, 0, d.pick(JUNK_SEGMENTS));
        break;
      case 1:
        segments[i] = d.pick(JUNK_SEGMENTS);
        break;
      case 2:
        segments.splice(i, 1);
        break;
      case 3:
        segments[i] = (segments[i] ?? '') + d.pick(JUNK_SEGMENTS);
        break;
      case 4:
        segments[i] = d.chance(0.5) ? (segments[i] ?? '').toUpperCase() : (segments[i] ?? '').toLowerCase();
        break;
      case 5:
        segments.splice(i, 0, segments[i] ?? '');
        break;
      case 6:
        segments[i] = (segments[i] ?? '').replace(/[a-z]/gi, (c) => (d.chance(0.3) ? `%${c.charCodeAt(0).toString(16)}` : c));
        break;
      default:
        query = d.pick(['', 'v=2', 'v=1.0&v=1.3', 'from=-1', 'from=1e999', 'from=99999999999999999999', 'appKey=', '%zz=%zz', `x=${'y'.repeat(3000)}`, 'skill=Sales&skill=Support&agent=agent', 'maxWaitTime=abc&serviceQueue=x']);
    }
  }
  const joined = segments.join('/');
  return query === '' ? joined : `${joined}?${query}`;
}

/** Fills a template's path with known ids, now and then a guessed or odd one (never when `exact`). */
function fill(d: Draw, k: Known, template: string, exact = false): string {
  const chat = exact || d.chance(0.85) ? d.pick(k.chats) : { account: d.pick([ACCOUNT, OTHER_ACCOUNT]), id: guessChatId(d, d.pick(k.chats).id) };
  const session = d.pick(k.sessions);
  const agentChat =
    k.agentChats.length > 0 && (exact || d.chance(0.9)) ? d.pick(k.agentChats).path : `${new URL(session.agent.sessionUrl).pathname}/chat/${chat.id}`;
  const engagement = d.pick(k.engagements);
  let account = template.includes('{chat}') ? chat.account : d.pick([ACCOUNT, ACCOUNT, OTHER_ACCOUNT]);
  if (template.includes('{visitor}')) account = engagement.account;
  if (!exact && d.chance(0.05)) account = d.pick(['', 'a'.repeat(21), 'ü', '..', '1%2f2', 'le88776655%20', '0', '_']);
  return template
    .replace('{session}', new URL(session.agent.sessionUrl).pathname)
    .replace('{agentChat}', agentChat)
    .replace('{acc}', account)
    .replace('{chat}', chat.id)
    .replace('{service}', exact ? 'conversationVep' : d.pick(['conversationVep', 'msdkgw', 'agentVep', 'acCdnDomain', 'AGENTVEP', 'adminArea', '']))
    .replace('{visitor}', exact || d.chance(0.8) ? engagement.visitorId : 'someoneElse')
    .replace('{sid}', exact || d.chance(0.8) ? engagement.sessionId : 'guessed')
    .replace(/\{n\}/g, () => String(d.pick([0, 1, 2, 3, 4, 5, 9, 100, -1])));
}

/** A chat id one character away from a real one. */
function guessChatId(d: Draw, id: string): string {
  const i = d.int(id.length);
  const alphabet = '0123456789abcdef';
  return id.slice(0, i) + alphabet[(alphabet.indexOf(id[i]!) + 1 + d.int(15)) % 16] + id.slice(i + 1);
}

/** The agent a path is about: the one whose session it names, else one of its account. */
function ownerOf(d: Draw, k: Known, path: string): OnlineAgent {
  const owner = k.sessions.find((s) => path.includes(`/agentSession/${s.sessionId}`)) ?? k.sessions.find((s) => path.includes(`/account/${s.agent.account}/`));
  return (owner ?? d.pick(k.sessions)).agent;
}

function validAuth(d: Draw, k: Known, auth: Auth, path: string): OutgoingHttpHeaders {
  if (auth === 'appKey') return { Authorization: `LivePerson appKey=${APP_KEY}` };
  if (auth === 'bearer') return { Authorization: `Bearer ${ownerOf(d, k, path).bearer}` };
  if (auth === 'cookie') return { Cookie: ownerOf(d, k, path).cookie };
  return {};
}

function authHeaders(d: Draw, k: Known, auth: Auth, path: string): OutgoingHttpHeaders {
  const valid = `LivePerson appKey=${APP_KEY}`;
  const bearerOf = (p: string): string => ownerOf(d, k, p).bearer;
  const roll = d.int(100);
  switch (auth) {
    case 'appKey':
      if (roll < 75) return { Authorization: d.pick([valid, valid, `liveperson APPKEY = "${APP_KEY}"`, `LivePerson appKey=${APP_KEY}, other=1`]) };
      if (roll < 82) return { Authorization: d.chance(0.5) ? [valid, 'LivePerson appKey=wrong'] : ['LivePerson appKey=wrong', valid] };
      if (roll < 90) return { Authorization: d.pick(['LivePerson appKey=wrong', 'Bearer x', '', 'LivePerson', `Basic ${Buffer.from('a:b').toString('base64')}`]) };
      return {};
    case 'bearer': {
      const own = bearerOf(path);
      if (roll < 75) return { Authorization: d.pick([`Bearer ${own}`, `bearer ${own}`, `Bearer   ${own}`]) };
      if (roll < 85) return { Authorization: `Bearer ${d.pick(k.sessions).agent.bearer}` };
      if (roll < 90) return { Authorization: [`Bearer ${own}`, `Bearer ${d.pick(k.sessions).agent.bearer}`] };
      if (roll < 95) return { Authorization: d.pick(['Bearer', 'Bearer ', `Bearer ${own.slice(1)}`, `LivePerson appKey=${APP_KEY}`, `Bearer ${'z'.repeat(5000)}`]) };
      return {};
    }
    case 'cookie': {
      const agent = d.pick(k.sessions).agent;
      return roll < 70 ? { Cookie: agent.cookie } : roll < 85 ? { Cookie: `a=b; ${agent.cookie}; Session_id=other` } : { Cookie: 'Session_id=' };
    }
    default:
      return {};
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  '',
  'application/json; charset=utf-16',
  '*/*',
  'application/json, text/plain',
  'x'.repeat(3000),
];
const ACCEPTS = ['application/json', 'application/xml', 'text/xml', 'text/html', '*/*', 'application/*', '', 'application/xml;q=1, application/json;q=0', 'image/png', 'x'.repeat(2000)];
const OVERRIDES = ['PUT', 'put', ' PUT ', 'DELETE', 'GET', 'POST', 'PATCH', '', 'PUT, GET', 'HEAD', 'OPTIONS', 'TRACE', 'X'.repeat(500), 'P\u00dbT'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'MKCOL', 'PURGE', 'M-SEARCH', 'LINK', 'REPORT', 'SEARCH', 'QUERY'];

/** Raw JSON text mangled: truncated, deep, padded, duplicated keys, a BOM, UTF-16… */
function mangledText(d: Draw, text: string): Buffer {
  switch (d.int(10)) {
    case 0:
      return Buffer.from(text.slice(0, d.int(text.length)));
    case 1: {
      const depth = d.pick([100, 1000, 5000, 7000]);
      const open = d.chance(0.5) ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      return Buffer.from(`{"request":${open.repeat(depth)}1${d.chance(0.8) ? close.repeat(depth) : ''}}`);
    }
    case 2:
      return Buffer.from(`${text.slice(0, -1)},${text.slice(1)}`);
    case 3:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    case 4:
      return Buffer.from(text, 'utf16le');
    case 5:
      return Buffer.from(JSON.stringify(JSON.parse(text), null, d.pick([1, 4, '\t'])));
    case 6:
      return Buffer.from(`${text}${d.pick(['garbage', '}', '\u0000', '\n\n{"x":1}'])}`);
    case 7:
      return Buffer.from(text.replace(/"[a-zA-Z@]+":/, (key) => key.toUpperCase()));
    case 8:
      return Buffer.from(text.replace(/[a-z]/, '\\u00'));
    default:
      return Buffer.from(d.pick(['null', '[]', '""', '0', 'true', '{}', '1e999', '"\\ud800"', '{"":{}}', ' ']));
  }
}

function randomBytes(d: Draw, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = d.int(256);
  return bytes;
}

/** JSON text of exactly `size` bytes (a documented body padded in one of its strings). */
function sized(size: number): Buffer {
  const head = '{"request":{"skill":"Sales","chatReferrer":"';
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
}

function bodyFor(d: Draw, k: Known, template: Template): Buffer | undefined {
  const documented = template.body?.(d, k);
  const roll = d.int(100);
  if (documented !== undefined && roll < 40) return Buffer.from(JSON.stringify(documented));
  if (documented !== undefined && roll < 75) return serialize(mutateFields(d, documented));
  if (roll < 80) return mangledText(d, JSON.stringify(documented ?? { a: 1 }));
  if (roll < 84) return randomBytes(d, d.int(2000));
  if (roll < 88) return sized(d.pick([LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2, 2 * LIMIT]));
  if (roll < 90) return Buffer.from(JSON.stringify({ request: { skill: 'Sales', chatReferrer: 'x'.repeat(d.int(LIMIT - 100)) } }));
  if (documented === undefined || roll < 95) return undefined;
  return Buffer.from(JSON.stringify(documented));
}

/** Values every field of every documented body gets in turn in the sweep. */
const SWEEP_VALUES: readonly unknown[] = [null, true, 0, -1, 1.5, 1e308, '', 'x'.repeat(5000), [], ['a', 1], {}, { toString: 1 }, DEEP_ARRAY, DEEP_OBJECT];

interface SweepStep {
  template: Template;
  /** Which documented body (drawn from this stream, so the same shape every time). */
  shape: number;
  at: Array<string | number>;
  value: unknown;
}

/** One step per field of each documented body and value of SWEEP_VALUES: wrong types in every field, systematically. */
function sweepSteps(): SweepStep[] {
  const stand: Known = {
    chats: [],
    sessions: [{ agent: { csrf: 'x' } as OnlineAgent, sessionId: 'x' }],
    agentChats: [],
    engagements: [{ account: ACCOUNT, visitorId: 'x', sessionId: 'x', pageId: '1' }],
  };
  const steps: SweepStep[] = [];
  TEMPLATES.forEach((template, shape) => {
    const body = template.body?.(draw(0, shape), stand);
    if (body === undefined || template.path.startsWith('/_emulator')) return;
    for (const at of paths(body)) for (const value of SWEEP_VALUES) steps.push({ template, shape, at, value });
  });
  return steps;
}

function buildSweepStep(step: SweepStep, index: number, k: Known): FuzzRequest {
  const d = draw(0, index);
  const path = fill(d, k, step.template.path, true);
  const body = structuredClone(step.template.body!(draw(0, step.shape), k)) as Record<string, unknown>;
  let parent: any = body;
  for (const key of step.at.slice(0, -1)) parent = parent[key];
  parent[step.at[step.at.length - 1]!] = step.value;
  const headers: OutgoingHttpHeaders = { ...validAuth(d, k, step.template.auth, path), 'Content-Type': 'application/json' };
  if (step.template.override) headers['X-HTTP-Method-Override'] = 'PUT';
  const method = step.template.method;
  return { method, path, headers, body: serialize(body), label: `sweep ${method} ${path.slice(0, 120)} ${step.at.join('.')}=${JSON.stringify(step.value).slice(0, 30)}` };
}

function build(d: Draw, k: Known): FuzzRequest {
  if (d.chance(0.03)) return rawRequest(d, k);
  const template = d.chance(0.005) ? d.pick(RARE_TEMPLATES) : d.pick(TEMPLATES);
  let path = fill(d, k, template.path);
  const headers: OutgoingHttpHeaders = { ...authHeaders(d, k, template.auth, path) };
  let method = template.method;
  if (template.override) headers['X-HTTP-Method-Override'] = 'PUT';
  if (d.chance(0.3)) path = mutatePath(d, path);
  if (d.chance(0.05)) path = d.pick(['http://evil.example', 'http://127.0.0.1:1', 'https://x', 'HTTP://X', 'ftp://x']) + path;
  if (d.chance(0.01)) path = d.pick(['*', 'evil.example:443', '//', '/'.repeat(50)]);
  if (d.chance(0.1)) method = d.pick(METHODS);
  if (d.chance(0.08)) headers['X-HTTP-Method-Override'] = d.chance(0.8) ? d.pick(OVERRIDES) : ['PUT', 'DELETE'];
  if (d.chance(0.5)) headers['Content-Type'] = d.pick(CONTENT_TYPES);
  if (d.chance(0.4)) headers.Accept = d.pick(ACCEPTS);
  if (d.chance(0.05)) headers['Content-Encoding'] = d.pick(['gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'compress', 'x-unknown']);
  if (d.chance(0.03)) headers['X-Big'] = 'h'.repeat(d.pick([100, 8_000, 15_000, 17_000, 40_000]));
  if (d.chance(0.05)) headers.Origin = d.pick(['https://shop.example', 'null', '', 'https://evil.example\u00ff', 'x'.repeat(600)]);
  if (d.chance(0.03)) headers['Access-Control-Request-Headers'] = d.pick(['x-a, x-b', '\u00ff', 'a'.repeat(2000)]);
  if (d.chance(0.03)) headers['User-Agent'] = d.pick(['', 'U'.repeat(8000), 'Mozilla/5.0 \u00e9']);
  if (d.chance(0.02)) headers.Expect = d.pick(['100-continue', '100-Continue']);
  if (d.chance(0.02)) for (let i = 0; i < 200; i++) headers[`X-Many-${i}`] = String(i);
  if (d.chance(0.02)) headers.Cookie = d.pick(['Session_id', '=; ;=;', 'Session_id=a; Session_id=b', 'c'.repeat(3000)]);
  let body = bodyFor(d, k, template);
  if (body !== undefined && headers['Content-Encoding'] === 'gzip' && d.chance(0.5)) body = gzipSync(body);
  const chunks = body !== undefined && body.length > 0 && d.chance(0.2) ? 1 + d.int(5) : undefined;
  return { method, path, headers, body, chunks, label: `${method} ${path.slice(0, 160)}` };
}

/** Bytes no HTTP client library sends: malformed request lines, headers and framing. */
function rawRequest(d: Draw, k: Known): FuzzRequest {
  const chat = d.pick(k.chats);
  const path = `/api/account/${chat.account}/chat/${chat.id}/events.json?v=1&appKey=${APP_KEY}`;
  const ok = `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
  const line = '{"event":{"@type":"line","text":"hi"}}';
  const text = d.pick([
    `get ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `FOO ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\nHost: x\r\nno-colon\r\n\r\n`,
    `GET ${path} HTTP/1.1\nHost: x\n\n`,
    `GET ${path}\r\n\r\n`,
    `GET ${path} HTTP/9.9\r\nHost: x\r\n\r\n`,
    `GET ${path} HTTP/1.0\r\n\r\n`,
    'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${line.length.toString(16)};ext=1\r\n${line}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n`,
    `GET http://evil.example${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    `GET /api/account/${chat.account}/chat/${chat.id}/\u00e9\u00ff.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Null: a\u0000b\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n Host: folded\r\n\r\n`,
    `${ok}${ok}`,
    `GET ${path} HTTP/1.1\r\n${'X: y\r\n'.repeat(3000)}\r\n`,
  ]);
  const raw = d.chance(0.1) ? randomBytes(d, 1 + d.int(300)) : Buffer.from(text, 'latin1');
  return { method: 'RAW', path, headers: {}, raw, label: `raw ${JSON.stringify(raw.subarray(0, 60).toString('latin1'))}` };
}

// ---- Sending -----------------------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Outcome = { answer: Answer } | { error: string };

function send(agent: Agent, port: number, r: FuzzRequest): Promise<Outcome> {
  if (r.raw) return sendRaw(port, r.raw);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (!settled) resolve(outcome);
      settled = true;
    };
    let req;
    try {
      const headers = { ...r.headers };
      if (r.body !== undefined && r.chunks === undefined) headers['Content-Length'] = String(r.body.length);
      // Said outright: node:http would otherwise send a GET's body unframed, and the server would read it as the next request.
      if (r.body !== undefined && r.chunks !== undefined) headers['Transfer-Encoding'] = 'chunked';
      req = httpRequest({ agent, host: '127.0.0.1', port, method: r.method, path: r.path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => settle({ answer: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } }));
        res.on('error', (error) => settle({ error: `response: ${error.message}` }));
      });
    } catch (error) {
      settle({ error: `unsendable: ${(error as Error).message}` });
      return;
    }
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    if (r.body !== undefined && r.chunks !== undefined) {
      const size = Math.ceil(r.body.length / r.chunks);
      for (let i = 0; i < r.body.length; i += size) req.write(r.body.subarray(i, i + size));
    } else if (r.body !== undefined) {
      req.write(r.body);
    }
    req.end();
  });
}

function sendRaw(port: number, bytes: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      socket.destroy();
      const received = Buffer.concat(chunks);
      const headEnd = received.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1'));
      if (headEnd < 0 || !status) {
        resolve({ error: `raw: no answer (${received.length} bytes)` });
        return;
      }
      const headers: IncomingHttpHeaders = {};
      for (const line of received.subarray(0, headEnd).toString('latin1').split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      resolve({ answer: { status: Number(status[1]), headers, body: received.subarray(headEnd + 4, headEnd + 4 + length) } });
    };
    socket.setTimeout(1500, done);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One whole answer is enough (the connection may be kept alive for more).
      const received = Buffer.concat(chunks);
      const headEnd = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, Math.max(0, headEnd)).toString('latin1'));
      if (headEnd >= 0 && length && received.length >= headEnd + 4 + Number(length[1])) done();
    });
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

// ---- Judging answers -------------------------------------------------------------------------------------

const isPlatformError = (body: unknown): boolean => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const error = (body as { error?: Record<string, unknown> }).error;
  if (keys.length !== 1 || typeof error !== 'object' || error === null) return false;
  const extra = Object.keys(error).filter((key) => !['time', 'message', 'internalCode', 'responseStatus'].includes(key));
  return extra.length === 0 && typeof error.time === 'string' && typeof error.message === 'string' && Number.isInteger(error.internalCode);
};

const isEngagementError = (body: unknown): boolean => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { time, message, internalCode, ...rest } = body as Record<string, unknown>;
  return Object.keys(rest).length === 0 && typeof time === 'number' && typeof message === 'string' && Number.isInteger(internalCode);
};

const AUTH_PROBLEM = /^(?:lp_problem=consumer_key_rejected&lp_problem_advice=|oauth_problem=token_rejected&oauth_problem_advice=)[^\r\n]+$/;

/** Why this answer is wrong, or undefined. */
function problem(r: FuzzRequest, answer: Answer): string | undefined {
  const { status, headers, body } = answer;
  if (!(status >= 200 && status <= 599)) return `status ${status}`;
  if (status === 500) return `500: ${body.toString('utf8').slice(0, 300)}`;
  const type = String(headers['content-type'] ?? '');
  const text = body.toString('utf8');
  // The HTTP parser refuses a malformed request line or headers before any body is read (no Cache-Control: not the emulator's dispatcher).
  const parserRefused = (status === 400 || status === 431) && headers['cache-control'] === undefined;
  if (r.body !== undefined && r.body.length > LIMIT && status !== 413 && !parserRefused) return `body of ${r.body.length} bytes answered ${status}, not 413`;
  if (r.body !== undefined && r.body.length <= LIMIT && status === 413) return `body of ${r.body.length} bytes (at most the limit) answered 413`;
  if (type.includes('text/html')) return `HTML answer ${status} (only faults answer HTML)`;
  if (status < 400) {
    if (text !== '' && type.includes('json')) {
      try {
        JSON.parse(text);
      } catch {
        return `${status} with invalid JSON: ${text.slice(0, 200)}`;
      }
    }
    return undefined;
  }
  if (r.method === 'HEAD' && text === '') return type.includes('json') || type.includes('text/plain') ? undefined : `HEAD ${status} typed ${type}`;
  if (status === 401 && type.startsWith('text/plain') && AUTH_PROBLEM.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `${status} without a JSON error body (${type}): ${JSON.stringify(text.slice(0, 200))}`;
  }
  if (!type.startsWith('application/json')) return `${status} error body typed ${type}`;
  if (isPlatformError(parsed)) return undefined;
  if (isEngagementError(parsed) && r.path.includes('/engagement/')) return undefined;
  return `${status} error body not in a documented shape: ${text.slice(0, 200)}`;
}

/** Problems with the state: anything beyond its configured limits. */
function boundsProblems(emulator: Emulator): string[] {
  const { state, config } = emulator;
  const limits = config.limits;
  const out: string[] = [];
  const over = (what: string, size: number, limit: number): void => {
    if (size > limit) out.push(`${what}: ${size} > ${limit}`);
  };
  over('chats', state.chats.size, limits.maxChats);
  over('agent sessions', state.agentSessions.size, limits.maxAgentSessions);
  over('logins', state.logins.size, limits.maxLoginSessions);
  over('engagement sessions', state.engagementSessions.size, limits.maxEngagementSessions);
  for (const [name, list] of Object.entries(state.records)) over(`records.${name}`, list.length, limits.maxRecords);
  for (const chat of state.chats.values()) {
    const lines = chat.events.filter((e) => (e.type === 'line' && e.source !== 'system') || e.type === 'url').length;
    over(`lines of chat ${chat.id}`, lines, limits.maxLinesPerChat);
    over(`events of chat ${chat.id}`, chat.events.length, 3 * limits.maxLinesPerChat);
  }
  for (const session of state.engagementSessions.values()) {
    for (const key of ['requests', 'pageIds', 'engagementAttributes', 'impressions'] as const) {
      over(`engagement session ${session.sessionId} ${key}`, session[key].length, limits.maxRecords);
    }
  }
  return out;
}

/** `gc()` even without `--expose-gc`, so heap figures are of live data, not garbage. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => gc();
}

// ---- The run -----------------------------------------------------------------------------------------------

test.use({ emulatorOptions: { config: CONFIG } });

test('fuzz: ≥ 10,000 random and mutated requests, no crash, no 500, every error in a documented shape, bounded state and heap', async ({ emulator }) => {
  test.setTimeout(90_000);
  const seed = Number(process.env.EMULATOR_FUZZ_SEED ?? 0xe5eed);
  const crashes: string[] = [];
  const onCrash = (error: unknown): void => {
    crashes.push(String((error as Error)?.stack ?? error));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const gc = collector();
  try {
    const known: Known = { chats: [], sessions: [], agentChats: [], engagements: [] };
    await refreshKnown(emulator, known);
    const sweep = sweepSteps();
    const total = sweep.length + RANDOM_REQUESTS;

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    const noAnswer = new Map<string, number>();
    let unsendable = 0;
    let sent = 0;
    let serverErrors = 0;
    const started = Date.now();

    for (let batchStart = 0; batchStart < total && failures.length < 20; batchStart += BATCH) {
      const requests = Array.from({ length: Math.min(BATCH, total - batchStart) }, (_, i) => {
        const index = batchStart + i;
        return { index, r: index < sweep.length ? buildSweepStep(sweep[index]!, index, known) : build(draw(seed, index), known) };
      });
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < requests.length) {
          const { index, r } = requests[next++]!;
          const outcome = await send(agent, emulator.port, r);
          if ('error' in outcome) {
            if (outcome.error.startsWith('unsendable')) {
              unsendable++;
              continue;
            }
            sent++;
            // A body over the limit is answered 413 and the connection closed while it is still being sent: the
            // client may see the close first. Anything else must get an answer.
            const overLimit = r.body !== undefined && r.body.length > LIMIT;
            const key = overLimit ? `${outcome.error} (body over the limit)` : outcome.error;
            noAnswer.set(key, (noAnswer.get(key) ?? 0) + 1);
            if (!overLimit && failures.length < 20) failures.push(`#${index} ${r.label}: ${outcome.error}`);
            continue;
          }
          sent++;
          if (sent % 100 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
          const { status } = outcome.answer;
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          if (status >= 500) serverErrors++;
          const wrong = problem(r, outcome.answer);
          if (wrong && failures.length < 20) failures.push(`#${index} ${r.label}: ${wrong}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      // The server still answers, all it keeps can still be read back, the state is within bounds; then aim
      // the next batch at what exists now.
      const after = `after request ${batchStart + BATCH}`;
      const health = await call(`${emulator.url}/api/account/${ACCOUNT}/service/agentVep/baseURI.json?version=1.0`);
      if (health.status !== 200) failures.push(`health check ${after}: ${health.status}`);
      try {
        const snapshot = await call(`${emulator.url}/_emulator/state`);
        if (snapshot.status !== 200 || typeof snapshot.body !== 'object') failures.push(`state ${after}: ${snapshot.status}`);
      } catch (error) {
        failures.push(`state ${after}: no answer (${String((error as Error).cause ?? error)})`);
      }
      failures.push(...boundsProblems(emulator).slice(0, 5));
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      await refreshKnown(emulator, known);
    }
    const elapsed = Date.now() - started;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;

    const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    const closed = [...noAnswer].map(([error, count]) => `${error}: ${count}`).join(', ');
    console.log(
      `emulator fuzz (seed ${seed}): ${sent} requests sent (the first ${sweep.length} a sweep of every field of every documented body) ` +
        `in ${elapsed} ms (${unsendable} not sendable by node:http), ` +
        `answers by status { ${statuses} }, 5xx ${serverErrors}, no answer { ${closed} }, crashes ${crashes.length}, ` +
        `heap ${mib(heapBefore)} → peak ${mib(peakHeap)} → ${mib(heapAfter)} after gc; ` +
        `state: ${emulator.state.chats.size} chats, ${emulator.state.engagementSessions.size} engagement sessions, ` +
        `${emulator.state.agentSessions.size} agent sessions, ${emulator.state.logins.size} logins`,
    );
    expect(crashes).toEqual([]);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(RANDOM_REQUESTS);
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT);
    expect(emulator.faults.total).toBe(0);
    expect(elapsed).toBeLessThan(BUDGET_MS);
  } finally {
    agent.destroy();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
});
