import { test, expect } from '@playwright/test';
import { AgentApiError, AgentClient, jsonUrl } from '../../emulator/bot/agent-client.js';
import type { AgentClientOptions } from '../../emulator/bot/agent-client.js';

// Wire-level unit tests of the bot's agent client: a scripted `fetch` answers each request in turn and
// records what was sent (URL, method, headers, body). The full conversation against the emulator is in
// bot.spec.ts.

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function scripted(answers: Answer[]) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${String(input)}`);
    if (answer instanceof Error) throw answer;
    const body = answer.body === undefined ? null : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
  return { sent, fetch };
}

const CSDS = 'http://127.0.0.1:9';
const AGENT_VEP = 'http://127.0.0.1:9';
const SESSION = `${AGENT_VEP}/api/account/123456/agentSession/S1`;
const CHAT = `${SESSION}/chat/C1`;

function client(answers: Answer[], options: Partial<AgentClientOptions> = {}) {
  const { sent, fetch } = scripted(answers);
  const logs: string[] = [];
  const agent = new AgentClient({
    csds: CSDS,
    account: '123456',
    retryDelays: [10, 20, 30],
    rateLimitDelay: 40,
    loginRateLimitDelay: 80,
    fetch,
    log: (m) => logs.push(m),
    ...options,
  });
  return { agent, sent, logs };
}

const domainAnswer: Answer = { status: 200, body: { service: 'agentVep', account: '123456', baseURI: '127.0.0.1:9' } };
const loginAnswer: Answer = {
  status: 200,
  body: { csrf: 'CSRF1', bearer: 'BEARER1', sessionTTl: '28800000', config: { loginName: 'agent' } },
  headers: { 'Set-Cookie': 'Session_id=SID1; Path=/; HttpOnly' },
};

async function loggedIn(answers: Answer[], options: Partial<AgentClientOptions> = {}) {
  const c = client([domainAnswer, loginAnswer, ...answers], options);
  await c.agent.lookupAgentVep();
  await c.agent.login('agent', 'agent');
  c.sent.length = 0;
  return c;
}

test.describe('agent client', () => {
  test('jsonUrl adds .json and v=1&NC=true to bare links, keeping what is there', () => {
    expect(jsonUrl(`${CHAT}?from=5`)).toBe(`${CHAT}.json?from=5&v=1&NC=true`);
    expect(jsonUrl(`${CHAT}/events?from=7`)).toBe(`${CHAT}/events.json?from=7&v=1&NC=true`);
    expect(jsonUrl(`${CHAT}.json?v=1&NC=true`)).toBe(`${CHAT}.json?v=1&NC=true`);
  });

  test('looks up agentVep with the csdr form and the scheme of the csds URL', async () => {
    const { agent, sent } = client([domainAnswer]);
    expect(await agent.lookupAgentVep()).toBe('http://127.0.0.1:9');
    expect(sent[0]?.url).toBe(`${CSDS}/csdr/account/123456/service/agentVep/baseURI.json?version=1.0`);
    expect(sent[0]?.method).toBe('GET');
  });

  test('logs in, then sends bearer, cookies and JSON headers on every call', async () => {
    const { agent, sent } = client([
      domainAnswer,
      loginAnswer,
      {
        status: 201,
        body: { agentSessionLocation: { link: { '@href': SESSION, '@rel': 'location' } } },
        headers: { 'Set-Cookie': 'agentSession=AS1; Path=/' },
      },
      { status: 200 },
      { status: 200 },
    ]);
    await agent.lookupAgentVep();
    const login = await agent.login('agent', 'secret');
    expect(login).toMatchObject({ bearer: 'BEARER1', csrf: 'CSRF1' });
    expect(sent[1]).toMatchObject({ method: 'POST', url: `${AGENT_VEP}/api/account/123456/login?v=1.3`, body: { username: 'agent', password: 'secret' } });
    expect(sent[1]?.headers.get('Authorization')).toBeNull();

    expect(await agent.startAgentSession()).toBe(SESSION);
    expect(sent[2]).toMatchObject({ method: 'POST', url: `${AGENT_VEP}/api/account/123456/agentSession.json?v=1&NC=true`, body: { loginData: '' } });

    await agent.setAvailability(SESSION, 'Online');
    expect(sent[3]).toMatchObject({ method: 'POST', url: `${SESSION}/availability.json?v=1&NC=true`, body: { availability: { chat: 'Online' } } });
    expect(sent[3]?.headers.get('X-HTTP-Method-Override')).toBe('PUT');

    await agent.refresh();
    expect(sent[4]).toMatchObject({ method: 'POST', url: `${AGENT_VEP}/api/account/123456/refresh`, body: { csrf: 'CSRF1' } });

    for (const request of sent.slice(2)) {
      expect(request.headers.get('Authorization')).toBe('Bearer BEARER1');
      expect(request.headers.get('Accept')).toBe('application/json');
      expect(request.headers.get('Content-Type')).toBe('application/json');
    }
    expect(sent[2]?.headers.get('Cookie')).toBe('Session_id=SID1');
    expect(sent[3]?.headers.get('Cookie')).toBe('Session_id=SID1; agentSession=AS1');
  });

  test('reads ringingCount as a string and a singleton link', async () => {
    const { agent, sent } = await loggedIn([
      { status: 200, body: { incomingRequests: { ringingCount: '0' } } },
      { status: 200, body: { incomingRequests: { ringingCount: '2', link: { '@href': `${SESSION}/incomingRequests`, '@rel': 'location' } } } },
      { status: 201, body: { chatLocation: { link: { '@href': CHAT, '@rel': 'location' } } } },
    ]);
    expect(await agent.incomingRequests(SESSION)).toEqual({ ringingCount: 0, link: undefined });
    const incoming = await agent.incomingRequests(SESSION);
    expect(incoming).toEqual({ ringingCount: 2, link: `${SESSION}/incomingRequests` });
    expect(await agent.acceptChat(incoming.link!)).toBe(CHAT);
    expect(sent[2]).toMatchObject({ method: 'POST', url: `${SESSION}/incomingRequests.json?v=1&NC=true`, body: { chat: 'start' } });
  });

  test('polls a chat: singleton event, missing event, plain keys, next links of chat and events', async () => {
    const { agent, sent } = await loggedIn([
      {
        status: 200,
        body: {
          chat: {
            link: [
              { '@href': CHAT, '@rel': 'self' },
              { '@href': `${CHAT}?from=1`, '@rel': 'next' },
            ],
            events: { link: { '@href': `${CHAT}/events?from=1`, '@rel': 'next' }, event: { '@id': '0', '@type': 'state', state: 'chatting' } },
            info: { state: 'chatting', agentName: 'Natalie' },
          },
        },
      },
      { status: 200, body: { chat: { link: [{ '@href': `${CHAT}?from=1`, '@rel': 'next' }], events: { link: [] }, info: { state: 'chatting' } } } },
      {
        status: 200,
        body: { events: { link: [{ href: `${CHAT}/events?from=3`, rel: 'next' }], event: [{ id: '1', type: 'line', source: 'visitor', text: 'hi' }, { '@id': 2, '@type': 'line-status' }, 'junk'] } },
      },
    ]);
    const first = await agent.pollChat(CHAT);
    expect(first).toEqual({ events: [{ id: '0', type: 'state', state: 'chatting' }], next: `${CHAT}?from=1`, state: 'chatting', agentName: 'Natalie' });
    expect(sent[0]?.url).toBe(`${CHAT}.json?v=1&NC=true`);

    const empty = await agent.pollChat(first.next!);
    expect(empty.events).toEqual([]);
    expect(sent[1]?.url).toBe(`${CHAT}.json?from=1&v=1&NC=true`);

    const events = await agent.pollChat(`${CHAT}/events?from=1`);
    expect(events.events).toEqual([
      { id: '1', type: 'line', source: 'visitor', text: 'hi' },
      { id: '2', type: 'line-status' },
    ]);
    expect(events.next).toBe(`${CHAT}/events?from=3`);
  });

  test('sends lines, typing (PUT override) and the end of the chat', async () => {
    const { agent, sent } = await loggedIn([{ status: 201 }, { status: 201 }, { status: 201 }]);
    await agent.addLine(CHAT, { text: '<p>x</p>', textType: 'html' });
    await agent.setAgentTyping(CHAT, true);
    await agent.endChat(CHAT);
    expect(sent.map((s) => [s.method, s.url, s.body, s.headers.get('X-HTTP-Method-Override')])).toEqual([
      ['POST', `${CHAT}/events.json?v=1&NC=true`, { event: { '@type': 'line', text: '<p>x</p>', textType: 'html' } }, null],
      ['POST', `${CHAT}/info/agentTyping.json?v=1&NC=true`, { agentTyping: 'typing' }, 'PUT'],
      ['POST', `${CHAT}/events.json?v=1&NC=true`, { event: { '@type': 'state', state: 'ended' } }, null],
    ]);
  });

  test('retries a 5xx or an unreachable server 3 times with the configured pauses, then gives up', async () => {
    const ok = await loggedIn([{ status: 500 }, new TypeError('fetch failed'), { status: 503 }, { status: 200, body: { incomingRequests: { ringingCount: '0' } } }]);
    const started = Date.now();
    expect((await ok.agent.incomingRequests(SESSION)).ringingCount).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(ok.sent).toHaveLength(4);
    expect(ok.logs.filter((l) => l.includes('retrying'))).toHaveLength(3);

    const failing = await loggedIn([{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504, body: { error: { message: 'down' } } }]);
    const error = await failing.agent.incomingRequests(SESSION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentApiError);
    expect((error as AgentApiError).status).toBe(504);
    expect(failing.sent).toHaveLength(4);
  });

  test('never retries a 4xx other than 429', async () => {
    const { agent, sent } = await loggedIn([{ status: 400, body: { error: { message: 'request body does not contain a valid JSON statement!', internalCode: 5 } } }]);
    const error = await agent.acceptChat(`${SESSION}/incomingRequests`).catch((e: unknown) => e);
    expect((error as AgentApiError).status).toBe(400);
    expect((error as AgentApiError).message).toContain('valid JSON statement');
    expect(sent).toHaveLength(1);

    const refused = client([domainAnswer, { status: 401, body: 'oauth_problem=token_rejected' }]);
    await refused.agent.lookupAgentVep();
    await expect(refused.agent.login('agent', 'wrong')).rejects.toMatchObject({ status: 401 });
    expect(refused.sent).toHaveLength(2);
  });

  test('waits at least the rate-limit pause after a 429 (longer for login)', async () => {
    const { agent } = await loggedIn([{ status: 429 }, { status: 201 }]);
    let started = Date.now();
    await agent.addLine(CHAT, { text: 'hi', textType: 'plain' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(38);

    const login = client([domainAnswer, { status: 429 }, loginAnswer]);
    await login.agent.lookupAgentVep();
    started = Date.now();
    await login.agent.login('agent', 'agent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(78);
  });

  test('reports malformed responses as errors instead of crashing', async () => {
    const { agent } = await loggedIn([
      { status: 200, body: '<html>oops</html>' },
      { status: 200, body: { incomingRequests: { ringingCount: 'many' } } },
      { status: 201, body: { chatLocation: {} } },
      { status: 200, body: { chat: { error: { message: 'Chat session not found' } } } },
    ]);
    await expect(agent.pollChat(CHAT)).rejects.toMatchObject({ name: 'AgentApiError', status: 0 });
    await expect(agent.incomingRequests(SESSION)).rejects.toMatchObject({ status: 0 });
    await expect(agent.acceptChat(`${SESSION}/incomingRequests`)).rejects.toMatchObject({ status: 0 });
    await expect(agent.pollChat(CHAT)).rejects.toThrow(/Chat session not found/);
  });
});
