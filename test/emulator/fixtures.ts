/**
 * Shared setup for tests that talk to the platform emulator over real HTTP: start one in-process,
 * make consumer calls with the appKey, log an agent in, put it Online, accept a chat.
 */
import { test as base } from '@playwright/test';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, EmulatorOptions } from '../../emulator/server.js';

export { expect } from '@playwright/test';

export const APP_KEY = '721c180b09eb463d9f3191c41762bb68';
export const ACCOUNT = '12345678';

/** An emulator on a free port of 127.0.0.1. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, ...options });
}

/**
 * Playwright `test` with a fresh emulator per test (`emulator`), configured by the `emulatorOptions`
 * option (`test.use({ emulatorOptions: { config: {...} } })`).
 */
export const test = base.extend<{ emulatorOptions: EmulatorOptions; emulator: Emulator }>({
  emulatorOptions: [{}, { option: true }],
  emulator: async ({ emulatorOptions }, use) => {
    const emulator = await startTestEmulator(emulatorOptions);
    await use(emulator);
    await emulator.close();
  },
});

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response was JSON, the text otherwise ('' when empty). */
  body: T;
  text: string;
}

/** One HTTP call; `body` objects are sent as JSON. */
export async function call<T = any>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer<T>> {
  const { method = init.body === undefined ? 'GET' : 'POST', headers = {}, body } = init;
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : text) as T, text };
}

/** Headers of a consumer (Server Chat API) call. */
export function consumerHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `LivePerson appKey=${APP_KEY}`, Accept: 'application/json', ...extra };
}

/** `{url}/api/account/{account}/chat` */
export function chatBase(emulator: Emulator, account = ACCOUNT): string {
  return `${emulator.url}/api/account/${account}/chat`;
}

/** Starts a chat as a visitor and returns its URL (the `Location` header). */
export async function requestChat(emulator: Emulator, request: Record<string, unknown> = {}, account = ACCOUNT): Promise<string> {
  const answer = await call(`${chatBase(emulator, account)}/request.json?v=1&NC=true`, {
    headers: consumerHeaders(),
    body: { request: { skill: 'Sales', ...request } },
  });
  const location = answer.headers.get('location');
  if (answer.status !== 201 || !location) throw new Error(`chat request failed: ${answer.status} ${answer.text}`);
  return location;
}

/** GET as the visitor, with `.json` inserted before the query and `v=1` appended (as clients do with bare links). */
export async function visitorGet<T = any>(href: string): Promise<Answer<T>> {
  return call<T>(jsonHref(href), { headers: consumerHeaders() });
}

/** `…/x?from=3` → `…/x.json?from=3&v=1&NC=true` */
export function jsonHref(href: string): string {
  const [path, query] = href.split('?');
  return `${path}.json?${query ? `${query}&` : ''}v=1&NC=true`;
}

/** Events as an array, whatever the singleton rule made of them. */
export function eventList(events: { event?: unknown }): any[] {
  if (events.event === undefined) return [];
  return Array.isArray(events.event) ? events.event : [events.event];
}

export interface AgentLogin {
  account: string;
  bearer: string;
  csrf: string;
  /** `Session_id=…` as it goes into a Cookie header. */
  cookie: string;
  headers: Record<string, string>;
}

export async function loginAgent(
  emulator: Emulator,
  { username = 'agent', password = 'agent', account = ACCOUNT } = {},
): Promise<AgentLogin> {
  const answer = await call(`${emulator.url}/api/account/${account}/login?v=1.3`, {
    headers: { Accept: 'application/json' },
    body: { username, password },
  });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0];
  return {
    account,
    bearer: answer.body.bearer,
    csrf: answer.body.csrf,
    cookie,
    headers: { Authorization: `Bearer ${answer.body.bearer}`, Accept: 'application/json' },
  };
}

export interface OnlineAgent extends AgentLogin {
  /** `…/api/account/{account}/agentSession/{id}` */
  sessionUrl: string;
}

export async function setAvailability(agent: OnlineAgent, chat: 'Online' | 'Away' | 'Occupied'): Promise<void> {
  const answer = await call(`${agent.sessionUrl}/availability.json?v=1&NC=true`, {
    headers: { ...agent.headers, 'X-HTTP-Method-Override': 'PUT' },
    body: { availability: { chat } },
  });
  if (answer.status !== 200) throw new Error(`set availability failed: ${answer.status} ${answer.text}`);
}

/** Logs an agent in, starts an agent session and sets it Online. */
export async function onlineAgent(
  emulator: Emulator,
  credentials: { username?: string; password?: string; account?: string } = {},
): Promise<OnlineAgent> {
  const login = await loginAgent(emulator, credentials);
  const answer = await call(`${emulator.url}/api/account/${login.account}/agentSession.json?v=1&NC=true`, {
    headers: login.headers,
    body: { loginData: '' },
  });
  if (answer.status !== 201) throw new Error(`agent session failed: ${answer.status} ${answer.text}`);
  const agent: OnlineAgent = { ...login, sessionUrl: answer.body.agentSessionLocation.link['@href'] };
  await setAvailability(agent, 'Online');
  return agent;
}

/** Accepts the next ringing chat; returns the agent-side chat URL. */
export async function acceptChat(agent: OnlineAgent): Promise<string> {
  const answer = await call(`${agent.sessionUrl}/incomingRequests.json?v=1&NC=true`, {
    headers: agent.headers,
    body: { chat: 'start' },
  });
  if (answer.status !== 201) throw new Error(`accept failed: ${answer.status} ${answer.text}`);
  return answer.body.chatLocation.link['@href'];
}

/** Sends a line as the agent (html unless told otherwise). */
export async function agentSays(agent: OnlineAgent, agentChatUrl: string, text: string, extra: Record<string, unknown> = {}): Promise<Answer> {
  return call(`${agentChatUrl}/events.json?v=1&NC=true`, {
    headers: agent.headers,
    body: { event: { '@type': 'line', text, textType: 'html', ...extra } },
  });
}

/** A chat in progress: an Online agent accepted a visitor's request. */
export async function chatting(
  emulator: Emulator,
  request: Record<string, unknown> = {},
  agent?: OnlineAgent,
): Promise<{ chatUrl: string; agent: OnlineAgent; agentChatUrl: string }> {
  const online = agent ?? (await onlineAgent(emulator));
  const chatUrl = await requestChat(emulator, request);
  const agentChatUrl = await acceptChat(online);
  return { chatUrl, agent: online, agentChatUrl };
}

/** Resolves when `check` returns a truthy value (polled every 25 ms), rejects after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
