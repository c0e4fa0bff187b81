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
  onlineAgent,
  requestChat,
  test,
  visitorGet,
} from './fixtures.js';

// The wire variants the docs show (protocol §1.5, §6.1, §7): links keyed `@href`/`@rel` or
// `href`/`rel`, `systemMessageId` as "4" or 4, `line-status` events after visitor lines, and the
// `url` and `a2a-transfer` event types.

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;

type Json = Record<string, any>;

/** Every link object of the consumer chat resource (chat, events and info links). */
function allLinks(chat: Json): Json[] {
  return [...chat.link, ...chat.events.link, ...chat.info.link];
}

function linkStyle(links: Json[]): '@href' | 'href' | 'mixed' {
  if (links.every((l) => Object.keys(l).sort().join() === '@href,@rel')) return '@href';
  if (links.every((l) => Object.keys(l).sort().join() === 'href,rel')) return 'href';
  return 'mixed';
}

const href = (l: Json): string => l['@href'] ?? l.href;
const rel = (l: Json): string => l['@rel'] ?? l.rel;

async function consumerPost(url: string, event: Json) {
  return call(`${url}/events.json?v=1&NC=true`, { headers: consumerHeaders(), body: { event } });
}

const chatOf = (emulator: Emulator, chatUrl: string) => emulator.state.chats.get(chatUrl.split('/').pop() ?? '');

test.describe('links and systemMessageId alternate per chat', () => {
  test('chats 1–4 meet @href and href links, string and number systemMessageIds, in every combination', async ({ emulator }) => {
    const expected = [
      { links: '@href', systemMessageId: 'string' },
      { links: 'href', systemMessageId: 'number' },
      { links: '@href', systemMessageId: 'number' },
      { links: 'href', systemMessageId: 'string' },
      { links: '@href', systemMessageId: 'string' },
    ];
    for (const [i, variant] of expected.entries()) {
      const chatUrl = await requestChat(emulator);
      expect(chatOf(emulator, chatUrl)).toMatchObject({ seq: i + 1, wire: variant });
      const { chat } = (await visitorGet(chatUrl)).body;
      expect(linkStyle(allLinks(chat)), `chat ${i + 1}`).toBe(variant.links);
      // Same rels, same order, same targets, whatever the keys.
      expect(chat.link.map(rel)).toEqual([
        'self',
        'events',
        'info',
        'next',
        'transcript-request',
        'transcript-with-subject-request',
        'exit-survey',
        'custom-variables',
      ]);
      expect(href(chat.link[3])).toBe(`${chatUrl}?from=3`);
      expect(chat.info.link.map(rel)).toEqual(['self', 'visitor-name', 'visitor-typing', 'agent-typing']);
      const routing = eventList(chat.events)[1];
      expect(routing.systemMessageId).toBe(variant.systemMessageId === 'number' ? 4 : '4');

      const events = (await visitorGet(`${chatUrl}/events`)).body.events;
      expect(linkStyle(events.link)).toBe(variant.links);
      expect(eventList(events)[1].systemMessageId).toBe(routing.systemMessageId);
      expect((await visitorGet(`${chatUrl}/events/1`)).body.event.systemMessageId).toBe(routing.systemMessageId);
      expect(linkStyle((await visitorGet(`${chatUrl}/info`)).body.info.link)).toBe(variant.links);
    }
  });

  test('the agent side keeps @href links and string ids whatever the chat’s variant', async ({ emulator }) => {
    const agent = await onlineAgent(emulator);
    await requestChat(emulator);
    await acceptChat(agent);
    const chatUrl = await requestChat(emulator);
    const agentChatUrl = await acceptChat(agent);
    expect(chatOf(emulator, chatUrl)?.wire).toEqual({ links: 'href', systemMessageId: 'number' });
    const { chat } = (await call(`${agentChatUrl}.json?v=1`, { headers: agent.headers })).body;
    expect(linkStyle([...chat.link, ...chat.events.link, ...chat.info.link])).toBe('@href');
    expect(eventList(chat.events).filter((e) => e.systemMessageId !== undefined).every((e) => typeof e.systemMessageId === 'string')).toBe(true);
    const consumer = eventList((await visitorGet(`${chatUrl}/events`)).body.events);
    expect(consumer.filter((e) => e.systemMessageId !== undefined).every((e) => typeof e.systemMessageId === 'number')).toBe(true);
  });

  test('reset starts the sequence again', async ({ emulator }) => {
    await requestChat(emulator);
    await requestChat(emulator);
    await call(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    const chatUrl = await requestChat(emulator);
    expect(chatOf(emulator, chatUrl)).toMatchObject({ seq: 1, wire: { links: '@href', systemMessageId: 'string' } });
  });

  test.describe('pinned by configuration', () => {
    test.use({ emulatorOptions: { config: { variants: { links: 'href', systemMessageId: 'number' } } } });

    test('every chat gets the configured variant', async ({ emulator }) => {
      for (let i = 0; i < 3; i++) {
        const { chat } = (await visitorGet(await requestChat(emulator))).body;
        expect(linkStyle(allLinks(chat))).toBe('href');
        expect(eventList(chat.events)[1].systemMessageId).toBe(4);
      }
      const put = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: { variants: { links: '@href', systemMessageId: 'string' } } });
      expect(put.body.variants).toEqual({ links: '@href', systemMessageId: 'string', lineStatus: true });
      const { chat } = (await visitorGet(await requestChat(emulator))).body;
      expect(linkStyle(allLinks(chat))).toBe('@href');
      expect(eventList(chat.events)[1].systemMessageId).toBe('4');
    });

    test('bad variants are refused', async ({ emulator }) => {
      for (const variants of [{ links: 'rel' }, { systemMessageId: 'both' }, { lineStatus: 'yes' }, { other: 1 }]) {
        const answer = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: { variants } });
        expect(answer.status, JSON.stringify(variants)).toBe(400);
        expect(answer.body.error.internalCode).toBe(5);
      }
    });
  });
});

test.describe('line-status', () => {
  test('every visitor line is followed by a line-status ACCEPT the visitor sees and the agent does not', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const sent = await consumerPost(chatUrl, { '@type': 'line', text: 'hello' });
    expect(sent.status).toBe(201);
    expect(sent.headers.get('location')).toBe(`${chatUrl}/events/4`);
    const events = eventList((await visitorGet(`${chatUrl}/events?from=4`)).body.events);
    expect(events).toEqual([
      expect.objectContaining({ '@id': '4', '@type': 'line', text: 'hello', source: 'visitor' }),
      {
        '@id': '5',
        '@type': 'line-status',
        time: expect.stringMatching(ISO),
        source: 'visitor',
        lineStatus: 'ACCEPT',
        refSequenceId: '4',
        metadata: [],
      },
    ]);
    expect((await visitorGet(`${chatUrl}/events/5`)).body.event['@type']).toBe('line-status');

    // The agent's ids skip it; its next line is 6.
    const agentEvents = eventList((await call(`${agentChatUrl}/events.json?v=1&from=4`, { headers: agent.headers })).body.events);
    expect(agentEvents.map((e) => [e['@id'], e['@type']])).toEqual([['4', 'line']]);
    expect((await call(`${agentChatUrl}/events/5.json?v=1`, { headers: agent.headers })).status).toBe(404);
    const said = await agentSays(agent, agentChatUrl, 'hi');
    expect((said.body as Json).chatEventLocation.link['@href']).toBe(`${agentChatUrl}/events/6`);

    // Refused lines get none; agent lines get none.
    await consumerPost(chatUrl, { '@type': 'line', text: ' ' });
    const all = eventList((await visitorGet(`${chatUrl}/events`)).body.events);
    expect(all.filter((e) => e['@type'] === 'line-status')).toHaveLength(1);
    const stored = chatOf(emulator, chatUrl)?.events.find((e) => e.type === 'line-status');
    expect(stored).toMatchObject({ id: 5, refSequenceId: 4 });
  });

  test.describe('switched off', () => {
    test.use({ emulatorOptions: { config: { variants: { lineStatus: false } } } });

    test('no line-status events', async ({ emulator }) => {
      const { chatUrl } = await chatting(emulator);
      await consumerPost(chatUrl, { '@type': 'line', text: 'one' });
      await consumerPost(chatUrl, { '@type': 'line', text: 'two' });
      const events = eventList((await visitorGet(`${chatUrl}/events?from=4`)).body.events);
      expect(events.map((e) => e['@type'])).toEqual(['line', 'line']);
    });
  });
});

test.describe('url events', () => {
  test('the control API pushes a url from the chat’s agent; both sides see it', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const id = chatUrl.split('/').pop();
    const pushed = await call(`${emulator.url}/_emulator/chats/${id}/url`, { body: { url: 'https://example.com/offer', text: 'Our offer' } });
    expect(pushed.status).toBe(201);
    expect(pushed.headers.get('location')).toBe(`${chatUrl}/events/4`);
    const expected = {
      '@id': '4',
      '@type': 'url',
      time: expect.stringMatching(ISO),
      url: 'https://example.com/offer',
      text: 'Our offer',
      source: 'agent',
      by: 'Alex',
    };
    expect(pushed.body.event).toEqual(expected);
    expect(eventList((await visitorGet(`${chatUrl}/events?from=4`)).body.events)).toEqual([expected]);
    expect(eventList((await call(`${agentChatUrl}/events.json?v=1&from=4`, { headers: agent.headers })).body.events)).toEqual([expected]);

    const bare = await call(`${emulator.url}/_emulator/chats/${id}/url`, { body: { url: 'http://example.com/' } });
    expect(bare.body.event).not.toHaveProperty('text');
  });

  test('the control API refuses bad urls, chats without an agent, ended and unknown chats', async ({ emulator }) => {
    const waiting = (await requestChat(emulator)).split('/').pop();
    const url = (id: string | undefined) => `${emulator.url}/_emulator/chats/${id}/url`;
    expect((await call(url(waiting), { body: { url: 'https://example.com/' } })).body.error).toMatchObject({ message: 'No agent holds this chat', internalCode: 5 });
    const { chatUrl } = await chatting(emulator);
    const id = chatUrl.split('/').pop();
    for (const body of [{}, { url: 'javascript:alert(1)' }, { url: '/relative' }, { url: 'https://example.com/', text: 5 }, 'nope']) {
      const answer = await call(url(id), { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.internalCode).toBe(5);
    }
    await consumerPost(chatUrl, { '@type': 'state', state: 'ended' });
    expect((await call(url(id), { body: { url: 'https://example.com/' } })).status).toBe(400);
    const unknown = await call(url('H404'), { body: { url: 'https://example.com/' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
  });

  test('an agent sends a url event through the Chat Agent API: 201 like lines', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const sent = await call(`${agentChatUrl}/events.json?v=1&NC=true`, {
      headers: agent.headers,
      body: { event: { '@type': 'url', url: 'https://example.com/help', text: 'Help page' } },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ chatEventLocation: { link: { '@href': `${agentChatUrl}/events/4`, '@rel': 'location' } } });
    expect(sent.headers.get('location')).toBe(`${agentChatUrl}/events/4`);
    expect((await visitorGet(`${chatUrl}/events/4`)).body.event).toMatchObject({
      '@type': 'url',
      url: 'https://example.com/help',
      text: 'Help page',
      source: 'agent',
      by: 'Alex',
    });
    expect((await call(`${agentChatUrl}/events/4.json?v=1`, { headers: agent.headers })).body.event.url).toBe('https://example.com/help');

    for (const event of [{ '@type': 'url' }, { '@type': 'url', url: 'ftp://example.com/' }, { '@type': 'url', url: 'https://x.example/', text: {} }]) {
      const bad = await call(`${agentChatUrl}/events.json?v=1`, { headers: agent.headers, body: { event } });
      expect(bad.status, JSON.stringify(event)).toBe(400);
    }
    // Visitors cannot push urls.
    expect((await consumerPost(chatUrl, { '@type': 'url', url: 'https://example.com/' })).status).toBe(400);
    await consumerPost(chatUrl, { '@type': 'state', state: 'ended' });
    const late = await call(`${agentChatUrl}/events.json?v=1`, { headers: agent.headers, body: { event: { '@type': 'url', url: 'https://example.com/' } } });
    expect(late.status).toBe(400);
  });
});

test.describe('a2a-transfer events', () => {
  test('the control API adds an account-to-account transfer with the documented fields; its link starts a chat', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const id = chatUrl.split('/').pop();
    const domain = new URL(emulator.url).host;
    const created = await call(`${emulator.url}/_emulator/chats/${id}/a2a-transfer`, { body: { domain, skill: 'Sales', remoteSiteId: '70648893' } });
    expect(created.status).toBe(201);
    const event = eventList((await visitorGet(`${chatUrl}/events?from=4`)).body.events)[0];
    expect(event).toEqual({
      '@id': '4',
      '@type': 'a2a-transfer',
      time: expect.stringMatching(ISO),
      domain,
      chatRequestParameters: {
        a2aEventId: expect.any(Number),
        a2aSourceSessionId: chatOf(emulator, chatUrl)?.rtSessionId,
        a2aSourceSiteId: Number(ACCOUNT),
        skill: 'Sales',
      },
      remoteSiteId: 70648893,
      link: { '@href': `${emulator.url}/api/account/70648893/chat/request`, '@rel': 'a2a-transfer' },
    });
    expect(created.body.event).toEqual(event);
    expect(eventList((await call(`${agentChatUrl}/events.json?v=1&from=4`, { headers: agent.headers })).body.events)[0]['@type']).toBe('a2a-transfer');

    // What a client does with it: post chatRequestParameters as-is to the link.
    const next = await call(`${event.link['@href']}.json?v=1`, {
      headers: consumerHeaders(),
      body: { request: { ...event.chatRequestParameters } },
    });
    expect(next.status).toBe(201);
    expect(next.headers.get('location')).toMatch(/\/api\/account\/70648893\/chat\/H/);
  });

  test('the link follows the chat’s variant; the target account defaults to the chat’s own; bad input is 400', async ({ emulator }) => {
    await requestChat(emulator);
    const chatUrl = await requestChat(emulator);
    const id = chatUrl.split('/').pop();
    const created = await call(`${emulator.url}/_emulator/chats/${id}/a2a-transfer`, { body: { domain: 'other.example:443', skill: 'Support' } });
    expect(created.body.event.link).toEqual({ href: `${new URL(emulator.url).protocol}//other.example:443/api/account/${ACCOUNT}/chat/request`, rel: 'a2a-transfer' });
    expect(created.body.event.remoteSiteId).toBe(Number(ACCOUNT));
    const second = await call(`${emulator.url}/_emulator/chats/${id}/a2a-transfer`, { body: { domain: 'other.example', skill: 'Support' } });
    expect(second.body.event.chatRequestParameters.a2aEventId).toBe(created.body.event.chatRequestParameters.a2aEventId + 1);
    for (const body of [{ skill: 'Sales' }, { domain: 'https://x.example', skill: 'Sales' }, { domain: 'x.example' }, { domain: 'x.example', skill: 'S', remoteSiteId: 'a/b' }]) {
      const answer = await call(`${emulator.url}/_emulator/chats/${id}/a2a-transfer`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(`${emulator.url}/_emulator/chats/H404/a2a-transfer`, { body: { domain: 'x.example', skill: 'S' } })).status).toBe(404);
  });
});
