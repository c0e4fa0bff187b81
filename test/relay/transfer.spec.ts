/**
 * An account-to-account transfer through the relay, in front of the real platform emulator (CORS
 * off): the relay serves the target account too, or refuses it. Calls are made as the window makes
 * them: same origin, JSON, no appKey.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/server.js';
import { createRelay } from '../../relay/handler.js';
import { toNodeListener } from '../../relay/node.js';
import { acceptChat, agentSays, call, eventList, onlineAgent } from '../emulator/fixtures.js';
import { expect, test } from './fixtures.js';

const SOURCE = '12345678';
const TARGET = '654321';

interface Stack {
  emulator: Emulator;
  origin: string;
  /** A call as the window makes it on the brand's page. */
  call(url: string, body?: unknown): Promise<{ status: number; headers: Headers; body: any }>;
}

/** The emulator, and a relay for `accounts` in front of it. */
async function stack(accounts: string[], use: (stack: Stack) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ port: 0, cors: 'off' });
  const relay = createServer(toNodeListener(createRelay({ accounts, csds: emulator.url })));
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  const windowCall: Stack['call'] = async (url, body) => {
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Accept: 'application/json', Origin: origin, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  try {
    await use({ emulator, origin, call: windowCall });
  } finally {
    relay.closeAllConnections();
    await new Promise((resolve) => relay.close(resolve));
    await emulator.close();
  }
}

const json = (href: string) => {
  const [path, query] = href.split('?');
  return `${path}.json?${query ? `${query}&` : ''}v=1&NC=true`;
};

/** A chat on SOURCE through the relay, accepted, then transferred by the control API to TARGET on the emulator. */
async function transferredChat({ emulator, origin, call: windowCall }: Stack) {
  const agent = await onlineAgent(emulator, { account: SOURCE });
  const request = await windowCall(`${origin}/lp-relay/conversationVep/api/account/${SOURCE}/chat/request.json?v=1&NC=true`, {
    request: { skill: 'Sales' },
  });
  const chatUrl = request.headers.get('location')!;
  await acceptChat(agent);
  const id = chatUrl.split('/').pop()!;
  const created = await call(`${emulator.url}/_emulator/chats/${id}/a2a-transfer`, {
    body: { domain: new URL(emulator.url).host, skill: 'Sales', remoteSiteId: TARGET },
  });
  expect(created.status).toBe(201);
  const polled = await windowCall(json(chatUrl));
  const event = eventList(polled.body.chat.events).find((e) => e['@type'] === 'a2a-transfer');
  return { id, event, link: event.link['@href'] ?? event.link.href };
}

test('with both accounts served: the transfer link is on the relay, and the new chat runs through it', async () => {
  await stack([SOURCE, TARGET], async (s) => {
    const { emulator, origin } = s;
    const target = await onlineAgent(emulator, { account: TARGET });
    const { id, event, link } = await transferredChat(s);
    const relayed = `${origin}/lp-relay/conversationVep/api/account/${TARGET}/chat/`;
    expect(link).toBe(`${relayed}request`);

    const started = await s.call(json(link), { request: { ...event.chatRequestParameters, chatReferrer: 'https://brand.example/' } });
    expect(started.status).toBe(201);
    const newChat = started.headers.get('location')!;
    expect(newChat.startsWith(relayed)).toBe(true);
    const targetChat = await acceptChat(target);
    await agentSays(target, targetChat, 'Billing here', { textType: 'plain' });
    expect((await s.call(`${newChat}/events.json?v=1&NC=true`, { event: { '@type': 'line', text: 'hello billing' } })).status).toBe(201);
    const lines = eventList((await s.call(json(newChat))).body.chat.events).filter((e) => e['@type'] === 'line' && e.source !== 'system');
    expect(lines.map((e) => [e.source, e.text])).toEqual([
      ['agent', 'Billing here'],
      ['visitor', 'hello billing'],
    ]);
    // The platform saw the visitor (the relay filled the chat request in) and ended the chat left behind.
    const chat = [...emulator.state.chats.values()].find((c) => c.account === TARGET)!;
    expect(chat.request).toMatchObject({ visitorIp: '127.0.0.1', a2aSourceSiteId: SOURCE });
    expect(emulator.state.chats.get(id)?.endedBy).toBe('transfer');
  });
});

test('with only the source account served: the transfer is refused in the documented error shape, nothing reaches the platform', async () => {
  await stack([SOURCE], async (s) => {
    const { emulator, origin } = s;
    const { id, event, link } = await transferredChat(s);
    // Not served: the link is left as the platform sent it; the window maps it onto the relay itself.
    expect(link).toBe(`${emulator.url}/api/account/${TARGET}/chat/request`);
    const before = emulator.state.records.requests.length;
    const refused = await s.call(`${origin}/lp-relay/conversationVep/api/account/${TARGET}/chat/request.json?v=1&NC=true`, {
      request: event.chatRequestParameters,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect(refused.body).toEqual({ error: { time: expect.any(String), message: `This relay does not serve account ${TARGET}`, internalCode: 10 } });
    expect(emulator.state.records.requests.slice(before)).toEqual([]);
    expect(emulator.state.chats.get(id)?.state).toBe('chatting');
  });
});
