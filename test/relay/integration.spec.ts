/**
 * The relay in front of the real platform emulator, both on their own ports: a whole consumer chat
 * and an App Engagement session, every call made the way the window makes it, through the relay
 * only. The emulator runs with CORS off, as LivePerson itself behaves for a browser: had anything
 * gone to it directly from a page, the browser would have refused the answer.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, EmulatorOptions } from '../../emulator/server.js';
import { createRelay } from '../../relay/handler.js';
import { toNodeListener } from '../../relay/node.js';
import { acceptChat, agentSays, eventList, onlineAgent } from '../emulator/fixtures.js';
import { expect, test } from './fixtures.js';

/** No CORS headers from the emulator: the browser could not read LivePerson's answers directly either. */
const EMULATOR_OPTIONS: EmulatorOptions = { port: 0, cors: 'off' };
const ACCOUNT = '12345678';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Visitor/1.0';

interface Stack {
  emulator: Emulator;
  relay: Server;
  /** The relay's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** `{origin}/lp-relay/conversationVep/api/account/{ACCOUNT}/chat` */
  chatBase: string;
}

const it = test.extend<{ stack: Stack }>({
  stack: async ({}, use) => {
    const emulator = await startEmulator(EMULATOR_OPTIONS);
    const relay = createServer(toNodeListener(createRelay({ accounts: [ACCOUNT], csds: emulator.url })));
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    await use({ emulator, relay, origin, chatBase: `${origin}/lp-relay/conversationVep/api/account/${ACCOUNT}/chat` });
    relay.closeAllConnections();
    await new Promise((resolve) => relay.close(resolve));
    await emulator.close();
  },
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** A call as the window makes it on the brand's page: same origin, JSON, no appKey, PUT tunnelled. */
async function windowCall(stack: Stack, url: string, init: { body?: unknown; put?: boolean } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      Accept: 'application/json',
      Origin: stack.origin,
      'User-Agent': UA,
      ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(init.put && { 'X-HTTP-Method-Override': 'PUT' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  for (const [name] of response.headers) expect(name.startsWith('access-control-'), name).toBe(false);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** `…/x?from=3` → `…/x.json?from=3&v=1&NC=true`, as clients treat the bare links. */
function jsonHref(href: string): string {
  const [path, query] = href.split('?');
  return `${path}.json?${query ? `${query}&` : ''}v=1&NC=true`;
}

function hrefs(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value, (key, v) => {
    if ((key === '@href' || key === 'href') && typeof v === 'string') found.push(v);
    return v;
  });
  return found;
}

it('a whole chat through the relay: availability, request, polls, lines both ways, typing, name, end', async ({ stack }) => {
  const { emulator, chatBase } = stack;
  const relayed = `${stack.origin}/lp-relay/conversationVep/api/account/${ACCOUNT}/chat/`;

  expect((await windowCall(stack, `${chatBase}/availability.json?v=1&NC=true&skill=Sales`)).body).toEqual({ availability: false });
  const agent = await onlineAgent(emulator, { account: ACCOUNT });
  expect((await windowCall(stack, `${chatBase}/availability.json?v=1&NC=true&skill=Sales`)).body).toEqual({ availability: true });
  expect((await windowCall(stack, `${chatBase}/estimatedWaitTime.json?v=1&skill=Sales`)).body).toEqual({ estimatedWaitTime: 0 });
  const survey = await windowCall(stack, `${chatBase}//preSurvey.json?v=1&NC=true&skill=Sales`);
  expect(survey.status).toBe(200);
  expect(survey.body.survey.questions).toBeDefined();

  // Request: 201, the Location moved onto the relay, the visitor's address and browser passed on.
  const request = await windowCall(stack, `${chatBase}/request.json?v=1&NC=true`, {
    body: { request: { skill: 'Sales', interactionTimeout: 120 } },
  });
  expect(request.status).toBe(201);
  const chatUrl = request.headers.get('location')!;
  expect(chatUrl).toMatch(new RegExp(`^${relayed.replace(/[.?]/g, '\\$&')}H[\\w-]+$`));
  const chat = [...emulator.state.chats.values()][0]!;
  expect(chat.request.visitorIp).toBe('127.0.0.1');
  expect(chat.request.userAgent).toBe(UA);

  // The agent answers the ringing chat; the visitor polls the whole resource.
  const agentChatUrl = await acceptChat(agent);
  const first = await windowCall(stack, jsonHref(chatUrl));
  expect(first.status).toBe(200);
  const links = hrefs(first.body);
  expect(links.length).toBeGreaterThan(8);
  for (const href of links) expect(href.startsWith(relayed), href).toBe(true);
  expect(eventList(first.body.chat.events).map((e) => e.state ?? e.systemMessageId)).toEqual(['waiting', '4', 'chatting', '3']);
  let next: string = first.body.chat.link.find((l: any) => l['@rel'] === 'next')['@href'];

  // A line from the visitor: 201 with the new event's Location on the relay.
  const line = await windowCall(stack, `${chatUrl}/events.json?v=1&NC=true`, { body: { event: { '@type': 'line', text: 'Hello via relay', textType: 'plain' } } });
  expect(line.status).toBe(201);
  expect(line.headers.get('location')).toMatch(new RegExp(`^${chatUrl.replace(/[.?]/g, '\\$&')}/events/\\d+$`));

  // Typing and name (a PUT tunnelled through POST), then the agent's answer on the next poll.
  expect((await windowCall(stack, `${chatUrl}/info/visitorTyping.json?v=1&NC=true`, { body: { visitorTyping: 'typing' }, put: true })).status).toBe(200);
  expect((await windowCall(stack, `${chatUrl}/info/visitorName.json?v=1&NC=true`, { body: { visitorName: 'Natalie' }, put: true })).status).toBe(200);
  expect(chat.visitorName).toBe('Natalie');
  expect((await agentSays(agent, agentChatUrl, '<b>Hi Natalie</b>')).status).toBe(201);

  const seen: any[] = [];
  await expect
    .poll(async () => {
      const poll = await windowCall(stack, jsonHref(next));
      expect(poll.status).toBe(200);
      for (const href of hrefs(poll.body)) expect(href.startsWith(relayed), href).toBe(true);
      seen.push(...eventList(poll.body.chat.events));
      next = poll.body.chat.link.find((l: any) => l['@rel'] === 'next')['@href'];
      return seen.some((e) => e.source === 'agent');
    })
    .toBe(true);
  expect(seen.filter((e) => e['@type'] === 'line').map((e) => [e.source, e.text])).toEqual([
    ['visitor', 'Hello via relay'],
    ['agent', '<b>Hi Natalie</b>'],
  ]);
  expect((await windowCall(stack, `${chatUrl}/info.json?v=1`)).body.info.agentName).toBe('Alex');

  // The visitor ends the chat; the events loop (the other polling style) shows it.
  expect((await windowCall(stack, `${chatUrl}/events.json?v=1&NC=true`, { body: { event: { '@type': 'state', state: 'ended' } } })).status).toBe(201);
  const events = await windowCall(stack, `${chatUrl}/events.json?v=1&NC=true&from=0`);
  for (const href of hrefs(events.body)) expect(href.startsWith(relayed), href).toBe(true);
  expect(eventList(events.body.events).at(-1)).toMatchObject({ '@type': 'state', state: 'ended' });
  expect(emulator.state.chats.get(chat.id)?.state).toBe('ended');

  // Every call reached the emulator with the appKey (none was refused) and nothing needed CORS.
  const log = emulator.state.records.requests;
  expect(log.filter((entry) => entry.route.startsWith('consumer.')).every((entry) => entry.status < 400)).toBe(true);
  expect(log.some((entry) => entry.method === 'OPTIONS')).toBe(false);
  expect(log.find((entry) => entry.route === 'consumer.visitorName')).toMatchObject({ method: 'POST', effectiveMethod: 'PUT' });
});

it('App Engagement: create and update a session through the relay', async ({ stack }) => {
  const { emulator, origin } = stack;
  await onlineAgent(emulator, { account: ACCOUNT });
  const visitors = `${origin}/lp-relay/msdkgw/api/account/${ACCOUNT}/app/engagement/visitors`;
  const created = await windowCall(stack, `${visitors}?v=1.0`, {
    body: { appType: 'EXTERNAL', appDetails: { deviceFamily: 'DESKTOP', os: 'LINUX' }, consumerSections: ['Support'] },
  });
  expect(created.status).toBe(200);
  expect(created.body).toMatchObject({ status: 'Available', engagementDetails: { skillName: 'Sales' } });
  const { visitorId, sessionId, pageId } = created.body;
  const again = await windowCall(stack, `${visitors}/${visitorId}?v=1.0&sid=${sessionId}`, { body: { appType: 'EXTERNAL' } });
  expect(again.body).toMatchObject({ visitorId, sessionId });
  const updated = await windowCall(stack, `${visitors}/${visitorId}?v=1.0&sid=${sessionId}`, { body: { pageId }, put: true });
  expect(updated.status).toBe(200);
  expect(emulator.state.engagementSessions.size).toBe(1);
});

it('refusals in front of the real platform: another account, an unlisted path, a foreign Origin', async ({ stack }) => {
  const { emulator, origin, chatBase } = stack;
  const before = emulator.state.records.requests.length;
  const other = await fetch(`${origin}/lp-relay/conversationVep/api/account/999/chat/availability.json?v=1`);
  expect(other.status).toBe(403);
  const agentApi = await fetch(`${origin}/lp-relay/conversationVep/api/account/${ACCOUNT}/agentSession.json?v=1`, { method: 'POST', body: '{}' });
  expect(agentApi.status).toBe(404);
  const control = await fetch(`${origin}/lp-relay/conversationVep/_emulator/state`);
  expect(control.status).toBe(404);
  const foreign = await fetch(`${chatBase}/availability.json?v=1`, { headers: { Origin: 'https://evil.example' } });
  expect(foreign.status).toBe(403);
  expect(await foreign.json()).toMatchObject({ error: { internalCode: 10 } });
  // Only the Domain API lookups (none were needed) could have reached the emulator.
  expect(emulator.state.records.requests.slice(before).filter((entry) => !entry.route.startsWith('domain.'))).toEqual([]);
});
