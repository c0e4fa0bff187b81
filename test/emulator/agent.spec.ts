import type { Emulator } from '../../emulator/server.js';
import {
  ACCOUNT,
  acceptChat,
  agentSays,
  call,
  chatting,
  consumerHeaders,
  eventList,
  expect,
  loginAgent,
  onlineAgent,
  requestChat,
  setAvailability,
  test,
  visitorGet,
} from './fixtures.js';
import type { OnlineAgent } from './fixtures.js';

const override = { 'X-HTTP-Method-Override': 'PUT' };
const get = (agent: OnlineAgent, href: string) => call(`${href.split('?')[0]}.json?${href.split('?')[1] ?? ''}&v=1&NC=true`, { headers: agent.headers });

const twoAgents = {
  skills: [
    { id: '1', name: 'Sales' },
    { id: '2', name: 'Support' },
    { id: '3', name: 'Billing' },
  ],
  agents: [
    { id: '101', loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales'], maxChats: 4 },
    { id: '102', loginName: 'sam', password: 'sam', nickname: 'Sam', skills: ['Support'], maxChats: 1 },
  ],
};

async function visitorEvents(chatUrl: string, from = 0): Promise<any[]> {
  return eventList((await visitorGet(`${chatUrl}/events?from=${from}`)).body.events);
}

test.describe('agent session', () => {
  test('start needs a body: 201 with a single location link object', async ({ emulator }) => {
    const login = await loginAgent(emulator);
    const url = `${emulator.url}/api/account/${ACCOUNT}/agentSession.json?v=1&NC=true`;
    for (const body of ['', '{}', 'nope', '[]']) {
      const answer = await call(url, { headers: login.headers, body });
      expect(answer.status, body).toBe(400);
      expect(answer.body.error).toMatchObject({ message: 'request body does not contain a valid JSON statement!', internalCode: 5 });
    }
    const withCredentials = await call(url, { headers: login.headers, body: { loginData: { userName: 'agent', password: 'agent' } } });
    expect(withCredentials.status).toBe(201);
    const answer = await call(url, { headers: login.headers, body: { loginData: '' } });
    expect(answer.status).toBe(201);
    const href = answer.body.agentSessionLocation.link['@href'];
    expect(answer.body).toEqual({ agentSessionLocation: { link: { '@href': href, '@rel': 'location' } } });
    expect(href).toMatch(new RegExp(`^${emulator.url}/api/account/${ACCOUNT}/agentSession/\\d+$`));
  });

  test('availability: Away at start, set Online/Occupied/Away by override and real PUT', async ({ emulator }) => {
    const agent = await onlineAgent(emulator);
    await setAvailability(agent, 'Away');
    expect((await get(agent, `${agent.sessionUrl}/availability`)).body).toEqual({ availability: { chat: 'Away', voice: 'Offline' } });
    const real = await call(`${agent.sessionUrl}/availability.json?v=1`, { method: 'PUT', headers: agent.headers, body: { availability: { chat: 'Occupied' } } });
    expect(real.status).toBe(200);
    expect(real.text).toBe('');
    expect((await get(agent, `${agent.sessionUrl}/availability`)).body.availability.chat).toBe('Occupied');
    for (const body of [{ availability: { chat: 'Busy' } }, { chat: 'Online' }]) {
      const bad = await call(`${agent.sessionUrl}/availability.json?v=1`, { headers: { ...agent.headers, ...override }, body });
      expect(bad.status).toBe(400);
    }
  });

  test('agent info: single link object, maxChats as a string, skillsInfo singleton', async ({ emulator }) => {
    const agent = await onlineAgent(emulator);
    const info = (await get(agent, `${agent.sessionUrl}/info`)).body.info;
    expect(info).toEqual({
      link: { '@href': `${agent.sessionUrl}/info`, '@rel': 'self' },
      agentName: 'Alex',
      displayName: 'Alex',
      loginName: 'agent',
      id: '3705342610',
      maxChats: '4',
      availability: { chat: 'Online', voice: 'Offline' },
      skillsInfo: { skillInfo: { id: '1', name: 'Sales' } },
    });
  });

  test('unknown agent sessions are 404; another agent cannot use a session', async ({ emulator }) => {
    await emulator.updateConfig(twoAgents);
    const alex = await onlineAgent(emulator);
    const sam = await loginAgent(emulator, { username: 'sam', password: 'sam' });
    const foreign = await call(`${alex.sessionUrl}/availability.json?v=1`, { headers: sam.headers });
    expect(foreign.status).toBe(404);
    const unknown = await call(`${emulator.url}/api/account/${ACCOUNT}/agentSession/123/availability.json?v=1`, { headers: alex.headers });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.internalCode).toBe(12);
  });
});

test.describe('incoming requests and accepting', () => {
  test('ringingCount as a string, accept link only while ringing, nothing rings for an Away agent', async ({ emulator }) => {
    const agent = await onlineAgent(emulator);
    const url = `${agent.sessionUrl}/incomingRequests`;
    expect((await get(agent, url)).body).toEqual({ incomingRequests: { ringingCount: '0' } });
    await requestChat(emulator);
    await requestChat(emulator);
    expect((await get(agent, url)).body).toEqual({ incomingRequests: { ringingCount: '2', link: { '@href': url, '@rel': 'accept' } } });
    await setAvailability(agent, 'Away');
    expect((await get(agent, url)).body.incomingRequests.ringingCount).toBe('0');
  });

  test('accept needs exactly {"chat":"start"}; then 201 chatLocation and the visitor is chatting', async ({ emulator }) => {
    const agent = await onlineAgent(emulator);
    const chatUrl = await requestChat(emulator);
    const url = `${agent.sessionUrl}/incomingRequests.json?v=1&NC=true`;
    for (const body of [undefined, '', '{}', '{"chat":"stop"}', 'chat=start']) {
      const answer = await call(url, { method: 'POST', headers: agent.headers, body });
      expect(answer.status, String(body)).toBe(400);
      expect(answer.body.error).toMatchObject({ message: 'request body does not contain a valid JSON statement!', internalCode: 5 });
    }
    const accepted = await call(url, { headers: agent.headers, body: { chat: 'start' } });
    expect(accepted.status).toBe(201);
    const chatId = chatUrl.split('/').pop();
    expect(accepted.body).toEqual({
      chatLocation: { link: { '@href': `${agent.sessionUrl}/chat/${chatId}`, '@rel': 'location' } },
    });
    const events = await visitorEvents(chatUrl);
    expect(events.slice(-2).map((e) => e.state ?? e.text)).toEqual(['chatting', 'You are now chatting with Alex.']);
    const nothing = await call(url, { headers: agent.headers, body: { chat: 'start' } });
    expect(nothing.status).toBe(400);
  });

  test('capacity: an agent with maxChats 1 is not offered a second chat until the first ends', async ({ emulator }) => {
    await emulator.updateConfig(twoAgents);
    const sam = await onlineAgent(emulator, { username: 'sam', password: 'sam' });
    const first = await requestChat(emulator, { skill: 'Support' });
    await requestChat(emulator, { skill: 'Support' });
    const agentChatUrl = await acceptChat(sam);
    expect((await get(sam, `${sam.sessionUrl}/incomingRequests`)).body.incomingRequests.ringingCount).toBe('0');
    await call(`${agentChatUrl}/events.json?v=1`, { headers: sam.headers, body: { event: { '@type': 'state', state: 'ended' } } });
    expect((await get(sam, `${sam.sessionUrl}/incomingRequests`)).body.incomingRequests.ringingCount).toBe('1');
    expect((await visitorGet(`${first}/info`)).body.info.state).toBe('ended');
  });
});

test.describe('agent chat', () => {
  test('chat resource: agent link rels in order, events, info with visitorName "visitor", next polling', async ({ emulator }) => {
    const { agent, agentChatUrl } = await chatting(emulator);
    const chat = (await get(agent, agentChatUrl)).body.chat;
    expect(chat.link.map((l: any) => l['@rel'])).toEqual([
      'self', 'events', 'info', 'next', 'collaboration-channels', 'visit-id', 'transfer', 'transfer-account', 'agent-survey',
    ]);
    expect(chat.link[3]['@href']).toBe(`${agentChatUrl}?from=4`);
    expect(chat.info).toMatchObject({ state: 'chatting', agentName: 'Alex', visitorName: 'visitor', visitorTyping: 'not-typing' });
    expect(eventList(chat.events)).toHaveLength(4);
    const next = chat.events.link[1]['@href'];
    expect(next).toBe(`${agentChatUrl}/events?from=4`);
    expect((await get(agent, next)).body.events).not.toHaveProperty('event');
  });

  test('agent lines: html and plain reach the visitor with the nickname; 201 chatEventLocation', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const html = "<div dir='ltr' style='direction:ltr;text-align:left;'>this is a line of text</div>";
    const sent = await agentSays(agent, agentChatUrl, html);
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ chatEventLocation: { link: { '@href': `${agentChatUrl}/events/4`, '@rel': 'location' } } });
    expect(sent.headers.get('location')).toBe(`${agentChatUrl}/events/4`);
    await agentSays(agent, agentChatUrl, 'plain words', { textType: 'plain' });
    const [htmlLine, plainLine] = await visitorEvents(chatUrl, 4);
    expect(htmlLine).toMatchObject({ '@id': '4', text: html, textType: 'html', by: 'Alex', source: 'agent', subType: 'REGULAR' });
    expect(plainLine).toMatchObject({ '@id': '5', text: 'plain words', textType: 'plain' });
    const rich = await agentSays(agent, agentChatUrl, 'card', { textType: 'rich-content', json: { type: 'vertical', elements: [] } });
    expect(rich.status).toBe(201);
    expect((await visitorEvents(chatUrl, 6))[0].json).toEqual({ type: 'vertical', elements: [] });
    for (const extra of [{ textType: 'markdown' }, { subType: 'SECRET' }, { textType: 'rich-content' }]) {
      expect((await agentSays(agent, agentChatUrl, 'x', extra)).status).toBe(400);
    }
  });

  test('ONLY_TO_REP lines are seen by agents and never by the visitor', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    await agentSays(agent, agentChatUrl, 'private note', { subType: 'ONLY_TO_REP', textType: 'plain' });
    await agentSays(agent, agentChatUrl, 'public');
    const visitor = await visitorEvents(chatUrl, 4);
    expect(visitor.map((e) => e.text)).toEqual(['public']);
    expect((await visitorGet(`${chatUrl}/events/4`)).status).toBe(404);
    const agentSide = eventList((await get(agent, `${agentChatUrl}/events?from=4`)).body.events);
    expect(agentSide.map((e) => [e.text, e.subType])).toEqual([['private note', 'ONLY_TO_REP'], ['public', 'REGULAR']]);
    const next = (await visitorGet(`${chatUrl}/events?from=4`)).body.events.link[1]['@href'];
    expect(next).toBe(`${chatUrl}/events?from=6`);
  });

  test('the agent sees visitor lines, typing and name', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'line', text: 'hello' } } });
    await call(`${chatUrl}/info/visitorTyping.json?v=1`, { headers: consumerHeaders(override), body: { visitorTyping: 'typing' } });
    const line = eventList((await get(agent, `${agentChatUrl}/events?from=4`)).body.events)[0];
    expect(line).toMatchObject({ text: 'hello', source: 'visitor', by: 'visitor' });
    expect((await get(agent, `${agentChatUrl}/info/visitorTyping`)).body).toEqual({ visitorTyping: 'typing' });
    expect((await get(agent, `${agentChatUrl}/info/visitorName`)).body).toEqual({ visitorName: 'visitor' });
    await call(`${chatUrl}/info/visitorName.json?v=1`, { headers: consumerHeaders(override), body: { visitorName: 'Natalie' } });
    expect((await get(agent, `${agentChatUrl}/info/visitorName`)).body).toEqual({ visitorName: 'Natalie' });
    expect((await get(agent, `${agentChatUrl}/info`)).body.info.visitorName).toBe('Natalie');
  });

  test('agent typing: PUT answers 201 with the value; GET reads it', async ({ emulator }) => {
    const { agent, agentChatUrl } = await chatting(emulator);
    const set = await call(`${agentChatUrl}/info/agentTyping.json?v=1`, { headers: { ...agent.headers, ...override }, body: { agentTyping: 'typing' } });
    expect(set.status).toBe(201);
    expect(set.body).toEqual({ agentTyping: 'typing' });
    expect((await get(agent, `${agentChatUrl}/info/agentTyping`)).body).toEqual({ agentTyping: 'typing' });
  });

  test('the agent ends the chat: 201 chatLocation, system line 5 then ended for the visitor', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const end = await call(`${agentChatUrl}/events.json?v=1&NC=true`, { headers: agent.headers, body: { event: { '@type': 'state', state: 'ended' } } });
    expect(end.status).toBe(201);
    expect(end.body).toEqual({ chatLocation: { link: { '@href': `${agentChatUrl}/events/5`, '@rel': 'location' } } });
    const events = await visitorEvents(chatUrl, 4);
    expect(events.map((e) => [e['@type'], e.systemMessageId ?? e.state])).toEqual([['line', '5'], ['state', 'ended']]);
    expect(events[0]).toMatchObject({ source: 'system', by: 'info', text: 'Alex has ended the chat.' });
    expect((await agentSays(agent, agentChatUrl, 'too late')).status).toBe(400);
    expect((await get(agent, `${agent.sessionUrl}/chatSessions`)).body).toEqual({ chatSessions: {} });
  });

  test('chat sessions: chatSession without @ keys, singleton object then array', async ({ emulator }) => {
    const { agent, agentChatUrl } = await chatting(emulator);
    const one = (await get(agent, `${agent.sessionUrl}/chatSessions`)).body.chatSessions.chatSession;
    expect(one).toEqual({ link: { href: agentChatUrl, rel: 'chat-session' }, chatSessionKey: agentChatUrl.split('/').pop(), startTime: expect.any(Number) });
    await requestChat(emulator);
    await acceptChat(agent);
    const two = (await get(agent, `${agent.sessionUrl}/chatSessions`)).body.chatSessions.chatSession;
    expect(two).toHaveLength(2);
  });

  test('agent availableSlots', async ({ emulator }) => {
    const { agent } = await chatting(emulator);
    expect((await get(agent, `${agent.sessionUrl}/chat/availableSlots?skill=Sales`)).body).toEqual({ availableSlots: 3 });
  });

  test('chats of other agent sessions are 404', async ({ emulator }) => {
    const { agentChatUrl } = await chatting(emulator);
    const other = await onlineAgent(emulator);
    const answer = await call(agentChatUrl.replace(/agentSession\/\d+/, `agentSession/${other.sessionUrl.split('/').pop()}`) + '.json?v=1', { headers: other.headers });
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toBe('Chat session not found');
  });
});

test.describe('transfer', () => {
  async function setUp(emulator: Emulator) {
    await emulator.updateConfig(twoAgents);
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const sam = await onlineAgent(emulator, { username: 'sam', password: 'sam' });
    return { chatUrl, alex: agent, alexChatUrl: agentChatUrl, sam };
  }

  test('available skills: those with an Online agent, with onlineAgents as a string', async ({ emulator }) => {
    const { alex, alexChatUrl } = await setUp(emulator);
    expect((await get(alex, `${alexChatUrl}/transfer`)).body).toEqual({
      transfer: {
        skill: [
          { id: '1', name: 'Sales', onlineAgents: '1' },
          { id: '2', name: 'Support', onlineAgents: '1' },
        ],
      },
    });
  });

  test('to a skill: rings for that skill, line 15 for the visitor, the note only for agents', async ({ emulator }) => {
    const { chatUrl, alex, alexChatUrl, sam } = await setUp(emulator);
    const answer = await call(`${alexChatUrl}/transfer.json?v=1&NC=true`, {
      headers: alex.headers,
      body: { transfer: { skill: { id: 2 }, text: 'Needs a refund, over to you.' } },
    });
    expect(answer.status).toBe(200);
    expect((await get(sam, `${sam.sessionUrl}/incomingRequests`)).body.incomingRequests.ringingCount).toBe('1');
    expect((await get(alex, `${alex.sessionUrl}/incomingRequests`)).body.incomingRequests.ringingCount).toBe('0');
    const info = (await visitorGet(`${chatUrl}/info`)).body.info;
    expect(info).toMatchObject({ state: 'chatting', skillName: 'Support', skillId: 2 });
    expect(info).not.toHaveProperty('agentName');
    expect((await visitorEvents(chatUrl, 4)).map((e) => e.systemMessageId)).toEqual(['15']);
    expect((await agentSays(alex, alexChatUrl, 'still here?')).status).toBe(400);

    const samChatUrl = await acceptChat(sam);
    const samEvents = eventList((await get(sam, `${samChatUrl}?from=4`)).body.chat.events);
    expect(samEvents.map((e) => e.text)).toEqual([
      expect.any(String),
      'Needs a refund, over to you.',
      'You are now chatting with Sam.',
    ]);
    expect(samEvents[1].subType).toBe('ONLY_TO_REP');
    expect((await visitorEvents(chatUrl, 5)).map((e) => e.text)).toEqual(['You are now chatting with Sam.']);
    expect((await get(alex, alexChatUrl)).status).toBe(200);
  });

  test('to an agent: rings only for that agent, line 13', async ({ emulator }) => {
    const { chatUrl, alex, alexChatUrl, sam } = await setUp(emulator);
    const answer = await call(`${alexChatUrl}/transfer.json?v=1`, { headers: alex.headers, body: { transfer: { agent: { id: '102' }, skill: { id: 3 } } } });
    expect(answer.status).toBe(200);
    expect((await get(sam, `${sam.sessionUrl}/incomingRequests`)).body.incomingRequests.ringingCount).toBe('1');
    expect((await visitorEvents(chatUrl, 4)).map((e) => e.systemMessageId)).toEqual(['13']);
  });

  test('unknown or unavailable targets are 400', async ({ emulator }) => {
    const { alex, alexChatUrl } = await setUp(emulator);
    for (const transfer of [{ skill: { id: 99 } }, { skill: { id: 3 } }, { agent: { id: '999' } }, { agent: { id: '101' } }, {}, { skill: {} }]) {
      const answer = await call(`${alexChatUrl}/transfer.json?v=1`, { headers: alex.headers, body: { transfer } });
      expect(answer.status, JSON.stringify(transfer)).toBe(400);
    }
  });
});

test('logout re-queues the agent\'s open chats with system line 23', async ({ emulator }) => {
  const { chatUrl, agent } = await chatting(emulator);
  const out = await call(`${emulator.url}/api/account/${ACCOUNT}/logout`, { headers: { Cookie: agent.cookie }, body: { csrf: agent.csrf } });
  expect(out.status).toBe(200);
  expect((await visitorEvents(chatUrl, 4)).map((e) => e.systemMessageId)).toEqual(['23']);
  const other = await onlineAgent(emulator);
  expect((await get(other, `${other.sessionUrl}/incomingRequests`)).body.incomingRequests.ringingCount).toBe('1');
});

test('idle agent sessions are dropped', async ({ emulator }) => {
  await emulator.updateConfig({ timeoutSweepMs: 20, limits: { agentSessionIdleMs: 100 } });
  await onlineAgent(emulator);
  expect(emulator.state.agentSessions.size).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(emulator.state.agentSessions.size).toBe(0);
});
