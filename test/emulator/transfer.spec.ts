import { spawn } from 'node:child_process';
import type { Chat } from '../../emulator/state.js';
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
  test,
  visitorGet,
  waitFor,
} from './fixtures.js';

// Account-to-account transfers (protocol §1.5): the control API plays the transferring agent; a
// visitor takes the transfer by posting the event's chatRequestParameters to its link, which starts
// a chat on the target account. The emulator serves every account, so the target is this server.

const TARGET = '654321';
const chatOf = (emulator: { state: { chats: Map<string, Chat> } }, url: string) => emulator.state.chats.get(url.split('/').pop()!)!;

/** A chat with an agent, transferred by the control API to `TARGET` on this emulator. */
async function transferred(emulator: Parameters<typeof chatting>[0]) {
  const source = await chatting(emulator);
  const created = await call(`${emulator.url}/_emulator/chats/${source.chatUrl.split('/').pop()}/a2a-transfer`, {
    body: { domain: new URL(emulator.url).host, skill: 'Sales', remoteSiteId: TARGET },
  });
  expect(created.status).toBe(201);
  const event = created.body.event;
  return { ...source, event, link: event.link['@href'] ?? event.link.href };
}

const take = (link: string, request: Record<string, unknown>) =>
  call(`${link}.json?v=1&NC=true`, { headers: consumerHeaders(), body: { request } });

test('taking the transfer starts a chat on the target account, where its agent answers; the chat left behind ends', async ({ emulator }) => {
  const target = await onlineAgent(emulator, { account: TARGET });
  const { chatUrl, agent, agentChatUrl, event, link } = await transferred(emulator);
  expect(link).toBe(`${emulator.url}/api/account/${TARGET}/chat/request`);
  const before = chatOf(emulator, chatUrl).events.length;

  const answer = await take(link, { ...event.chatRequestParameters, userAgent: 'UA', chatReferrer: 'https://brand.example/' });
  expect(answer.status).toBe(201);
  const newChatUrl = answer.headers.get('location')!;
  expect(newChatUrl).toMatch(new RegExp(`/api/account/${TARGET}/chat/H`));
  const newChat = chatOf(emulator, newChatUrl);
  expect(newChat.request).toMatchObject({
    skill: 'Sales',
    a2aEventId: String(event.chatRequestParameters.a2aEventId),
    a2aSourceSessionId: String(chatOf(emulator, chatUrl).rtSessionId),
    a2aSourceSiteId: ACCOUNT,
    chatReferrer: 'https://brand.example/',
  });

  // The target account's agent takes it; lines go both ways.
  const targetChatUrl = await acceptChat(target);
  expect((await agentSays(target, targetChatUrl, 'Hi, billing here', { textType: 'plain' })).status).toBe(201);
  expect((await call(`${newChatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'line', text: 'thanks' } } })).status).toBe(201);
  const lines = eventList((await visitorGet(newChatUrl)).body.chat.events).filter((e) => e['@type'] === 'line');
  expect(lines.map((e) => [e.source, e.text])).toEqual([
    ['system', 'Thank you for choosing to chat with us. An agent will be with you shortly.'],
    ['system', 'You are now chatting with Alex.'],
    ['agent', 'Hi, billing here'],
    ['visitor', 'thanks'],
  ]);

  // The chat left behind ended for its account: an ended state, no line, readable by both sides.
  const source = chatOf(emulator, chatUrl);
  expect([source.state, source.endedBy]).toEqual(['ended', 'transfer']);
  expect(source.events.slice(before).map((e) => e.type)).toEqual(['state']);
  const agentSide = await call(`${agentChatUrl}.json?v=1`, { headers: agent.headers });
  expect(agentSide.body.chat.info.state).toBe('ended');
});

test('a chat request that does not carry that transfer leaves the chat behind alone', async ({ emulator }) => {
  const { chatUrl, event, link } = await transferred(emulator);
  const params = event.chatRequestParameters;
  // Another transfer id, another source session, another target account: none of them takes it.
  expect((await take(link, { ...params, a2aEventId: params.a2aEventId + 1 })).status).toBe(201);
  expect((await take(link, { ...params, a2aSourceSessionId: 1 })).status).toBe(201);
  expect((await take(`${emulator.url}/api/account/999/chat/request`, params)).status).toBe(201);
  expect(chatOf(emulator, chatUrl).state).toBe('chatting');
  // Numbers as strings (as some clients send them) take it.
  const strings = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
  expect((await take(link, strings)).status).toBe(201);
  expect(chatOf(emulator, chatUrl).endedBy).toBe('transfer');
});

test('bot cli: one bot per --account, so the target account of a transfer is answered too', async ({ emulator }) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/bot/cli.ts', '--csds', emulator.url, '--account', ACCOUNT, '--account', TARGET, '--poll-interval', '100', '--typing-delay', '0'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(() => out.includes('[bot] running'), 15_000);
    const accounts = [...emulator.state.agentSessions.values()].filter((s) => s.availability === 'Online').map((s) => s.account);
    expect(accounts.sort()).toEqual([ACCOUNT, TARGET].sort());
    const answer = await take(`${emulator.url}/api/account/${TARGET}/chat/request`, { skill: 'Sales' });
    const chatUrl = answer.headers.get('location')!;
    await waitFor(async () => eventList((await visitorGet(chatUrl)).body.chat.events).some((e) => e.source === 'agent'), 5000);
    expect(out).toContain(`[bot ${TARGET}]`);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect([...emulator.state.agentSessions.values()].filter((s) => s.availability === 'Online')).toEqual([]);
});
