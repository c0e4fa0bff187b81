/**
 * Visitors and accounts are kept apart. A chat id is the only thing that names a visitor's chat (the
 * appKey is public), so ids must be unguessable, and a near miss must reach nothing. A chat belongs to
 * one account; an agent's bearer to one agent on one account.
 */
import { request as httpRequest } from 'node:http';
import { chatKey } from '../../emulator/ids.js';
import type { Emulator } from '../../emulator/server.js';
import {
  ACCOUNT,
  acceptChat,
  call,
  chatBase,
  consumerHeaders,
  expect,
  onlineAgent,
  requestChat,
  test,
} from './fixtures.js';
import type { Answer, OnlineAgent } from './fixtures.js';

const OTHER = '87654321';
const TOKEN_REJECTED = 'oauth_problem=token_rejected&oauth_problem_advice=the oauth_token is unacceptable to the Service Provider';
/** `H` + 19 digits, `-`, 32 hex digits (16 random bytes), `K` + 7 digits: 61 characters. */
const CHAT_ID = /^H[1-9]\d{18}-[0-9a-f]{32}K[1-9]\d{6}$/;

test.use({
  emulatorOptions: {
    config: {
      agents: [
        { id: '101', loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales'], maxChats: 4 },
        { id: '102', loginName: 'sam', password: 'sam', nickname: 'Sam', skills: ['Sales'], maxChats: 4 },
      ],
    },
  },
});

const idOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);
const override = { 'X-HTTP-Method-Override': 'PUT' };

function expectChatNotFound(answer: Answer<any>, what: string): void {
  expect(answer.status, what).toBe(404);
  expect(answer.body.error, what).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
}

/** Every Server Chat API call on one chat, as a visitor with the appKey: reads and writes. */
function visitorCalls(chatUrl: string): Array<[string, () => Promise<Answer<any>>]> {
  const h = consumerHeaders();
  return [
    ['chat', () => call(`${chatUrl}.json?v=1`, { headers: h })],
    ['events', () => call(`${chatUrl}/events.json?v=1&from=0`, { headers: h })],
    ['one event', () => call(`${chatUrl}/events/0.json?v=1`, { headers: h })],
    ['info', () => call(`${chatUrl}/info.json?v=1`, { headers: h })],
    ['visitor name', () => call(`${chatUrl}/info/visitorName.json?v=1`, { headers: h })],
    ['agent typing', () => call(`${chatUrl}/info/agentTyping.json?v=1`, { headers: h })],
    ['exit survey', () => call(`${chatUrl}/exitSurvey.json?v=1`, { headers: h })],
    ['add line', () => call(`${chatUrl}/events.json?v=1`, { headers: h, body: { event: { '@type': 'line', text: 'let me in' } } })],
    ['end', () => call(`${chatUrl}/events.json?v=1`, { headers: h, body: { event: { '@type': 'state', state: 'ended' } } })],
    ['set name', () => call(`${chatUrl}/info/visitorName.json?v=1`, { headers: consumerHeaders(override), body: { visitorName: 'Mallory' } })],
    ['set typing', () => call(`${chatUrl}/info/visitorTyping.json?v=1`, { method: 'PUT', headers: h, body: { visitorTyping: 'typing' } })],
    ['transcript', () => call(`${chatUrl}/transcriptRequest.json?v=1`, { headers: consumerHeaders(override), body: { email: 'm@evil.example' } })],
    ['custom variables', () => call(`${chatUrl}/customVariables.json?v=1`, { headers: consumerHeaders(override), body: { customVariables: { customVariable: { name: 'a', value: 'b' } } } })],
  ];
}

/** Every Chat Agent API call under one agent session (and one chat id under it), with these headers. */
function agentCalls(sessionUrl: string, chatId: string, headers: Record<string, string>): Array<[string, () => Promise<Answer<any>>]> {
  const chat = `${sessionUrl}/chat/${chatId}`;
  const put = { ...headers, ...override };
  return [
    ['availability', () => call(`${sessionUrl}/availability.json?v=1`, { headers })],
    ['set availability', () => call(`${sessionUrl}/availability.json?v=1`, { headers: put, body: { availability: { chat: 'Away' } } })],
    ['agent info', () => call(`${sessionUrl}/info.json?v=1`, { headers })],
    ['incoming requests', () => call(`${sessionUrl}/incomingRequests.json?v=1`, { headers })],
    ['accept', () => call(`${sessionUrl}/incomingRequests.json?v=1`, { headers, body: { chat: 'start' } })],
    ['chat sessions', () => call(`${sessionUrl}/chatSessions.json?v=1`, { headers })],
    ['available slots', () => call(`${sessionUrl}/chat/availableSlots.json?v=1`, { headers })],
    ['chat', () => call(`${chat}.json?v=1`, { headers })],
    ['events', () => call(`${chat}/events.json?v=1`, { headers })],
    ['one event', () => call(`${chat}/events/0.json?v=1`, { headers })],
    ['chat info', () => call(`${chat}/info.json?v=1`, { headers })],
    ['visitor name', () => call(`${chat}/info/visitorName.json?v=1`, { headers })],
    ['visitor typing', () => call(`${chat}/info/visitorTyping.json?v=1`, { headers })],
    ['set agent typing', () => call(`${chat}/info/agentTyping.json?v=1`, { headers: put, body: { agentTyping: 'typing' } })],
    ['add line', () => call(`${chat}/events.json?v=1`, { headers, body: { event: { '@type': 'line', text: 'hijacked', textType: 'plain' } } })],
    ['push url', () => call(`${chat}/events.json?v=1`, { headers, body: { event: { '@type': 'url', url: 'https://evil.example/' } } })],
    ['end', () => call(`${chat}/events.json?v=1`, { headers, body: { event: { '@type': 'state', state: 'ended' } } })],
    ['transfer skills', () => call(`${chat}/transfer.json?v=1`, { headers })],
    ['transfer', () => call(`${chat}/transfer.json?v=1`, { headers, body: { transfer: { skill: { id: '1' }, text: 'mine now' } } })],
  ];
}

/** A GET whose path goes out exactly as written (no dot-segment resolution), with the appKey. */
function verbatim(emulator: Emulator, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emulator.port, path, headers: consumerHeaders() }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a visitor or an agent could see or change of a chat: compared before and after the attempts. */
function fingerprint(emulator: Emulator, chatId: string): unknown {
  const chat = emulator.state.chats.get(chatId);
  return chat && { state: chat.state, events: chat.events.length, name: chat.visitorName, typing: [chat.visitorTyping, chat.agentTyping], agent: chat.agent };
}

test.describe('chat ids', () => {
  test('200 of them: the platform shape, no collision, no sequence, at least 96 random bits', async ({ emulator }) => {
    const ids: string[] = [];
    for (let round = 0; round < 10; round++) {
      const urls = await Promise.all(Array.from({ length: 20 }, (_, i) => requestChat(emulator, {}, i % 2 === 0 ? ACCOUNT : OTHER)));
      ids.push(...urls.map(idOf));
    }
    expect(ids).toHaveLength(200);
    for (const id of ids) {
      expect(id).toMatch(CHAT_ID);
      expect(id).toHaveLength(61);
    }
    // No collision, not even of one part.
    const parts = ids.map((id) => /^H(\d+)-([0-9a-f]+)K(\d+)$/.exec(id)!.slice(1) as [string, string, string]);
    for (const k of [0, 1, 2]) expect(new Set(parts.map((p) => p[k])).size).toBe(200);

    // No sequence: in the order they were made, neighbours share no long prefix, are far apart as numbers,
    // and the ids are not sorted.
    const commonPrefix = (a: string, b: string): number => {
      let n = 0;
      while (n < a.length && a[n] === b[n]) n++;
      return n;
    };
    for (let i = 1; i < ids.length; i++) {
      expect(commonPrefix(ids[i - 1]!, ids[i]!)).toBeLessThan(9);
      const gap = BigInt(parts[i]![0]) - BigInt(parts[i - 1]![0]);
      expect(gap < 0n ? -gap : gap).toBeGreaterThan(1_000_000n);
    }
    const near = parts.slice(1).filter((p, i) => Math.abs(Number(p[2]) - Number(parts[i]![2])) < 1000).length;
    expect(near).toBeLessThan(5);
    expect([...ids].sort()).not.toEqual(ids);
    expect([...ids].sort().reverse()).not.toEqual(ids);

    // Randomness: every one of the 128 bits of the hex part is set in about half of the ids, and every
    // position takes many values. Counting log2(values seen) per position estimates the randomness an
    // id is made with; the hex part alone (16 random bytes, ids.ts) must give at least 96 bits.
    for (let bit = 0; bit < 128; bit++) {
      const ones = parts.filter((p) => (parseInt(p[1][bit >> 2]!, 16) >> (3 - (bit & 3))) & 1).length;
      expect(ones, `bit ${bit}`).toBeGreaterThan(60);
      expect(ones, `bit ${bit}`).toBeLessThan(140);
    }
    const bitsSeen = (column: (id: string) => string[]): number => {
      let bits = 0;
      const width = column(ids[0]!).length;
      for (let i = 0; i < width; i++) bits += Math.log2(new Set(ids.map((id) => column(id)[i])).size);
      return bits;
    };
    const hexBits = bitsSeen((id) => [...id.slice(21, 53)]);
    const allBits = bitsSeen((id) => [...id]);
    expect(hexBits).toBeGreaterThanOrEqual(96);
    expect(allBits).toBeGreaterThanOrEqual(hexBits + 60);
    console.log(`chat ids: 200 sampled, ~${hexBits.toFixed(0)} bits seen in the hex part, ~${allBits.toFixed(0)} in the whole id`);
  });

  test('are made from the system CSPRNG: no collisions in 20,000, and Math.random plays no part', async () => {
    const many = new Set(Array.from({ length: 20_000 }, () => chatKey().split('-')[1]!.slice(0, 32)));
    expect(many.size).toBe(20_000);
    const random = Math.random;
    Math.random = () => 0.5;
    try {
      const ids = Array.from({ length: 50 }, () => chatKey());
      expect(new Set(ids).size).toBe(50);
      for (const id of ids) expect(id).toMatch(CHAT_ID);
    } finally {
      Math.random = random;
    }
  });
});

test('a visitor who guesses a chat id one step away from a real one reaches nothing (404, code 12)', async ({ emulator }) => {
  const agent = await onlineAgent(emulator);
  const chatUrl = await requestChat(emulator);
  const agentChatUrl = await acceptChat(agent);
  const id = idOf(chatUrl);
  const neighbour = idOf(await requestChat(emulator));
  const before = [fingerprint(emulator, id), fingerprint(emulator, neighbour)];

  const flip = (at: number): string => {
    const alphabet = /\d/.test(id[at]!) ? '0123456789' : '0123456789abcdef';
    return id.slice(0, at) + alphabet[(alphabet.indexOf(id[at]!) + 1) % alphabet.length] + id.slice(at + 1);
  };
  const guesses = [
    flip(1),
    flip(19),
    flip(21),
    flip(36),
    flip(52),
    flip(54),
    flip(60),
    id.toUpperCase(),
    id.replace('H', 'h'),
    id.slice(0, -1),
    `${id}0`,
    `${id.slice(0, 21)}${neighbour.slice(21)}`,
    `${neighbour.slice(0, 21)}${id.slice(21, 53)}${neighbour.slice(53)}`,
    id.slice(0, 53),
    `${id}%00`,
    `${id};x`,
  ];
  for (const guess of guesses) {
    expect(guess).not.toBe(id);
    for (const [what, attempt] of visitorCalls(`${chatBase(emulator)}/${guess}`)) expectChatNotFound(await attempt(), `${what} of ${guess}`);
  }
  // The agent side is no way in either: a near miss under the agent's own session is no chat of its own.
  for (const guess of guesses.slice(0, 4)) {
    const answer = await call(`${agentChatUrl.replace(id, guess)}/events.json?v=1`, { headers: agent.headers });
    expectChatNotFound(answer, `agent events of ${guess}`);
  }
  expect([fingerprint(emulator, id), fingerprint(emulator, neighbour)]).toEqual(before);
  expect(emulator.state.records.transcripts).toEqual([]);
  expect(emulator.state.records.customVariables).toEqual([]);
  expect((await call(`${chatUrl}.json?v=1`, { headers: consumerHeaders() })).status).toBe(200);
});

test("a chat of one account is not reachable under another account's path (404), nor by its agents", async ({ emulator }) => {
  const agentA = await onlineAgent(emulator);
  const chatUrl = await requestChat(emulator);
  await acceptChat(agentA);
  const ringingUrl = await requestChat(emulator);
  const id = idOf(chatUrl);
  const before = [fingerprint(emulator, id), fingerprint(emulator, idOf(ringingUrl))];

  for (const account of [OTHER, `${ACCOUNT}0`, ACCOUNT.slice(1), '_emulator']) {
    for (const [what, attempt] of visitorCalls(`${chatBase(emulator, account)}/${id}`)) expectChatNotFound(await attempt(), `${what} under ${account}`);
  }
  // Path tricks do not lead from one account to the other (sent as they are: fetch would resolve the dots itself).
  for (const path of [
    `${OTHER}/chat/../../${ACCOUNT}/chat/${id}`,
    `${OTHER}/chat/..%2f..%2f${ACCOUNT}%2fchat%2f${id}`,
    `${OTHER}/chat/%2e%2e/%2e%2e/${ACCOUNT}/chat/${id}`,
    `${OTHER}//${ACCOUNT}/chat/${id}`,
    `${OTHER}/chat/${id}/../../../${ACCOUNT}/chat/${id}`,
  ]) {
    const answer = await verbatim(emulator, `/api/account/${path}.json?v=1`);
    expect(answer.status, path).toBe(404);
    expect(JSON.parse(answer.text).error.internalCode, path).toBe(12);
  }

  // The other account's agent (the same person, logged in there) sees nothing ringing and reaches no chat of this one.
  const agentB = await onlineAgent(emulator, { account: OTHER });
  const incoming = await call(`${agentB.sessionUrl}/incomingRequests.json?v=1`, { headers: agentB.headers });
  expect(incoming.body).toEqual({ incomingRequests: { ringingCount: '0' } });
  const accept = await call(`${agentB.sessionUrl}/incomingRequests.json?v=1`, { headers: agentB.headers, body: { chat: 'start' } });
  expect(accept.status).toBe(400);
  for (const chatId of [id, idOf(ringingUrl)]) {
    for (const [what, attempt] of agentCalls(agentB.sessionUrl, chatId, agentB.headers).slice(7)) {
      expectChatNotFound(await attempt(), `${what} of ${chatId} by the other account's agent`);
    }
  }
  expect([fingerprint(emulator, id), fingerprint(emulator, idOf(ringingUrl))]).toEqual(before);

  // Availability is per account too; so are App Engagement sessions.
  await call(`${agentB.sessionUrl}/availability.json?v=1`, { headers: { ...agentB.headers, ...override }, body: { availability: { chat: 'Away' } } });
  expect((await call(`${chatBase(emulator, OTHER)}/availability.json?v=1&maxWaitTime=0`, { headers: consumerHeaders() })).body).toEqual({ availability: false });
  expect((await call(`${chatBase(emulator, OTHER)}/availableSlots.json?v=1`, { headers: consumerHeaders() })).body).toEqual({ availableSlots: 0 });
  expect((await call(`${chatBase(emulator)}/availableSlots.json?v=1`, { headers: consumerHeaders() })).body).toEqual({ availableSlots: 3 });
  const created = await call(`${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors?v=1.0`, { body: { appType: 'EXTERNAL' } });
  const update = await call(`${emulator.url}/api/account/${OTHER}/app/engagement/visitors/${created.body.visitorId}?v=1.0&sid=${created.body.sessionId}`, {
    method: 'PUT',
    body: { pageId: created.body.pageId },
  });
  expect(update.status).toBe(404);
  expect(update.body).toMatchObject({ message: 'Session not found', internalCode: 12 });
});

test.describe('agent bearer tokens', () => {
  test("one account's bearer gets 401 oauth_problem=token_rejected on every agent path of another account (its cookie is refused there too)", async ({ emulator }) => {
    const agentA = await onlineAgent(emulator);
    const agentB = await onlineAgent(emulator, { account: OTHER });
    await requestChat(emulator, {}, OTHER);
    const chatB = idOf(await acceptChat(agentB));
    const sessionsBefore = emulator.state.agentSessions.size;
    const before = fingerprint(emulator, chatB);

    for (const [intruder, victim] of [
      [agentA, agentB],
      [agentB, agentA],
    ] as Array<[OnlineAgent, OnlineAgent]>) {
      const attempts: Array<[string, () => Promise<Answer<any>>]> = [
        ['start a session', () => call(`${emulator.url}/api/account/${victim.account}/agentSession.json?v=1`, { headers: intruder.headers, body: { loginData: '' } })],
        ...agentCalls(victim.sessionUrl, chatB, intruder.headers),
      ];
      for (const [what, attempt] of attempts) {
        const answer = await attempt();
        expect(answer.status, `${what} on ${victim.account}`).toBe(401);
        expect(answer.headers.get('content-type'), what).toMatch(/^text\/plain/);
        expect(answer.text, what).toBe(TOKEN_REJECTED);
      }
    }
    // The login cookie and csrf of one account neither refresh nor log out its login on another.
    for (const action of ['refresh', 'logout']) {
      const answer = await call(`${emulator.url}/api/account/${OTHER}/${action}?v=1.2`, { headers: { Cookie: agentA.cookie }, body: { csrf: agentA.csrf } });
      expect(answer.status, action).toBe(401);
      expect(answer.body.error, action).toMatchObject({ message: 'CSRF token invalid! Please login again.', internalCode: 10, responseStatus: 'UNAUTHORIZED' });
    }
    expect(emulator.state.logins.has(agentA.bearer)).toBe(true);
    expect(emulator.state.agentSessions.size).toBe(sessionsBefore);
    expect(fingerprint(emulator, chatB)).toEqual(before);
    expect((await call(`${agentB.sessionUrl}/availability.json?v=1`, { headers: agentB.headers })).body.availability.chat).toBe('Online');
  });

  test("reaches only its own agent's sessions, and through them only the chats they hold", async ({ emulator }) => {
    const alex = await onlineAgent(emulator);
    const sam = await onlineAgent(emulator, { username: 'sam', password: 'sam' });
    await requestChat(emulator);
    const alexChat = idOf(await acceptChat(alex));
    await requestChat(emulator);
    const samChat = idOf(await acceptChat(sam));
    expect(emulator.state.chats.get(samChat)?.agent?.agentId).toBe('102');
    const before = [fingerprint(emulator, alexChat), fingerprint(emulator, samChat)];

    // Alex's bearer on Sam's session: no such session for Alex.
    for (const [what, attempt] of agentCalls(sam.sessionUrl, samChat, alex.headers)) {
      const answer = await attempt();
      expect(answer.status, what).toBe(404);
      expect(answer.body.error, what).toMatchObject({ message: 'Agent session not found', internalCode: 12 });
    }
    // Alex's own session, Sam's chat: no such chat for Alex.
    for (const [what, attempt] of agentCalls(alex.sessionUrl, samChat, alex.headers).slice(7)) expectChatNotFound(await attempt(), what);
    expect([fingerprint(emulator, alexChat), fingerprint(emulator, samChat)]).toEqual(before);
    expect((await call(`${sam.sessionUrl}/availability.json?v=1`, { headers: sam.headers })).body.availability.chat).toBe('Online');

    // A bearer that logged out reaches nothing, not even its own session.
    const logout = await call(`${emulator.url}/api/account/${ACCOUNT}/logout?v=1.2`, { headers: { Cookie: alex.cookie }, body: { csrf: alex.csrf } });
    expect(logout.status).toBe(200);
    const after = await call(`${alex.sessionUrl}/availability.json?v=1`, { headers: alex.headers });
    expect(after.status).toBe(401);
    expect(after.text).toBe(TOKEN_REJECTED);
  });
});
