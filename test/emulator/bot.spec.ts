import { test, expect } from '@playwright/test';
import { startBot } from '../../emulator/bot/bot.js';
import type { Bot, BotOptions } from '../../emulator/bot/bot.js';
import { HELP_TEXT, LINK_HTML } from '../../emulator/bot/replies.js';
import { startEmulator } from '../../emulator/server.js';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// The bot agent chatting with scripted visitors over real HTTP: the emulator runs in-process, the bot
// logs in through the Domain, Login and Chat Agent APIs, and each visitor is a plain client of the
// Domain, App Engagement and Server Chat APIs written from the documentation (protocol.md §1–§3).

const ACCOUNT = '123456';
const APP_KEY = '721c180b09eb463d9f3191c41762bb68';
const NICKNAME = 'Alex';
const GREETING = `Hi! I'm ${NICKNAME}, a bot. Type "help" to see what I can do.`;

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** A chat event as the visitor receives it. */
interface WireEvent {
  '@id': string;
  '@type': string;
  state?: string;
  text?: string;
  textType?: string;
  source?: string;
  by?: string;
  systemMessageId?: string | number;
  lineStatus?: string;
  refSequenceId?: string;
}

type Json = Record<string, any>;

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** `.json` on the path, `v=1&NC=true` on the query: what clients add to the bare links the server returns. */
function jsonUrl(href: string): string {
  const url = new URL(href);
  if (!url.pathname.endsWith('.json')) url.pathname += '.json';
  url.searchParams.set('v', '1');
  url.searchParams.set('NC', 'true');
  return url.toString();
}

/** The `next` link, keyed `@rel`/`@href` or `rel`/`href` (the emulator alternates per chat, as the docs do). */
function nextLink(links: unknown): string | undefined {
  const next = asList(links as Json | Json[]).find((l) => (l['@rel'] ?? l.rel) === 'next');
  return next?.['@href'] ?? next?.href;
}

async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A visitor: engagement, availability, chat request, then polling the chat through its bare `next` links. */
class Visitor {
  /** Every event exactly as received, in the order received (no de-duplication: the test checks there is none to do). */
  readonly events: WireEvent[] = [];
  /** Every `agentTyping` value seen in the chat info, in order. */
  readonly agentTyping: string[] = [];
  private next: string;

  private constructor(readonly chat: string) {
    this.next = chat;
  }

  static async start(csds: string): Promise<Visitor> {
    const lookup = async (service: string): Promise<string> => {
      const response = await send('GET', `${csds}/csdr/account/${ACCOUNT}/service/${service}/baseURI.json?version=1.0`);
      expect(response.status).toBe(200);
      const { baseURI } = (await response.json()) as Json;
      return `${new URL(csds).protocol}//${baseURI}`;
    };
    const conversationVep = await lookup('conversationVep');
    const msdkgw = await lookup('msdkgw');

    const engagementResponse = await send('POST', `${msdkgw}/api/account/${ACCOUNT}/app/engagement/visitors?v=1.0`, {
      appType: 'EXTERNAL',
      appDetails: { os: 'LINUX', osVersion: '6', appVersion: '1.0', deviceFamily: 'DESKTOP' },
      consumerSections: ['Support'],
    });
    expect(engagementResponse.status).toBe(200);
    const engagement = (await engagementResponse.json()) as Json;
    expect(engagement.status).toBe('Available');
    const details = engagement.engagementDetails as Json;

    const auth = { Authorization: `LivePerson appKey=${APP_KEY}` };
    const chatBase = `${conversationVep}/api/account/${ACCOUNT}/chat`;
    const availability = await send('GET', `${chatBase}/availability.json?v=1&NC=true`, undefined, auth);
    expect(await availability.json()).toEqual({ availability: true });

    const request = await send(
      'POST',
      `${chatBase}/request.json?v=1&NC=true`,
      {
        request: {
          skill: details.skillName ?? 'Sales',
          LETagVisitorId: engagement.visitorId,
          LETagSessionId: engagement.sessionId,
          LETagContextId: details.contextId,
          engagementId: details.engagementId,
          campaignId: details.campaignId,
          language: details.language,
          interactionTimeout: 120,
        },
      },
      auth,
    );
    expect(request.status).toBe(201);
    const location = request.headers.get('Location');
    expect(location).toBeTruthy();
    return new Visitor(location!);
  }

  /** One poll of the chat resource: `{chat}` first, then each bare `next` link. */
  async poll(): Promise<void> {
    const response = await send('GET', jsonUrl(this.next), undefined, { Authorization: `LivePerson appKey=${APP_KEY}` });
    expect(response.status).toBe(200);
    const { chat } = (await response.json()) as Json;
    this.events.push(...asList<WireEvent>(chat.events.event));
    if (chat.info?.agentTyping !== undefined) this.agentTyping.push(chat.info.agentTyping);
    this.next = nextLink(chat.link) ?? this.next;
  }

  /** Polls until `done(events)` holds. */
  async until(done: (events: WireEvent[]) => boolean, what: string, timeout = 5_000): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.poll();
      if (done(this.events)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.lines())}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async say(text: string): Promise<void> {
    const response = await send('POST', `${jsonUrl(`${this.chat}/events`)}`, { event: { '@type': 'line', text } }, {
      Authorization: `LivePerson appKey=${APP_KEY}`,
    });
    expect(response.status).toBe(201);
  }

  /** Says `text` and waits for the next agent line(s) after it. */
  async ask(text: string, answers = 1): Promise<void> {
    const before = this.agentLines().length;
    await this.say(text);
    await this.until(() => this.agentLines().length >= before + answers, `the answer to "${text}"`);
  }

  agentLines(): WireEvent[] {
    return this.events.filter((e) => e['@type'] === 'line' && e.source === 'agent');
  }

  /** The conversation as compact strings: `state:…`, `system(N):…`, `agent[html]:…`, `visitor:…` (line-status left out). */
  lines(): string[] {
    return this.events.filter((e) => e['@type'] !== 'line-status').map((e) => {
      if (e['@type'] === 'state') return `state:${e.state}`;
      if (e['@type'] !== 'line') return `${e['@type']}`;
      if (e.source === 'system') return `system(${e.systemMessageId}):${e.text}`;
      return `${e.source}${e.textType === 'html' ? '[html]' : ''}:${e.text}`;
    });
  }
}

async function emulatorState(emulator: Emulator): Promise<Json> {
  const response = await fetch(`${emulator.url}/_emulator/state`);
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

/**
 * A pass-through HTTP proxy in front of the emulator that can answer chosen requests with faults:
 * started first, then the emulator is told (`publicHost`) to give the proxy's address in the Domain API
 * and in every link, so all traffic of the bot and the visitors goes through it.
 */
interface Upstream {
  status: number;
  headers: Headers;
  body: string;
}

interface Fault {
  method: string;
  path: RegExp;
  respond(forward: () => Promise<Upstream>): Promise<Upstream>;
}

class FaultyProxy {
  private target = '';
  private readonly faults: Fault[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FaultyProxy> {
    const server = createServer((req, res) => void proxy.handle(req, res));
    const proxy = new FaultyProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  forwardTo(url: string): void {
    this.target = url;
  }

  /** Queues faults; each answers the first request that matches it, once, in the order queued. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  get pending(): number {
    return this.faults.length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const forward = async (): Promise<Upstream> => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers.set(name, value);
      }
      const response = await fetch(`${this.target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined });
      return { status: response.status, headers: response.headers, body: await response.text() };
    };
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const index = this.faults.findIndex((f) => f.method === req.method && f.path.test(path));
    const fault = index < 0 ? undefined : this.faults.splice(index, 1)[0];
    try {
      const answer = fault ? await fault.respond(forward) : await forward();
      const headers: Record<string, string | string[]> = {};
      answer.headers.forEach((value, name) => {
        if (!['set-cookie', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
      });
      const cookies = answer.headers.getSetCookie();
      if (cookies.length) headers['set-cookie'] = cookies;
      res.writeHead(answer.status, headers).end(answer.body);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  }
}

const serverError = (status = 500): Fault['respond'] => async () => ({
  status,
  headers: new Headers({ 'Content-Type': 'application/json' }),
  body: JSON.stringify({ error: { time: new Date().toISOString(), message: 'Internal server error', internalCode: 0 } }),
});

const garbage: Fault['respond'] = async () => ({
  status: 200,
  headers: new Headers({ 'Content-Type': 'text/html' }),
  body: '<html><body>Service temporarily unavailable</body></html>',
});

/** The real answer to a chat poll with extra events the bot does not know or cannot read. */
const strangeEvents: Fault['respond'] = async (forward) => {
  const answer = await forward();
  const data = JSON.parse(answer.body) as Json;
  const events = data.chat?.events ?? data.events;
  events.event = [
    ...asList(events.event),
    { '@id': '9001', '@type': 'url', time: new Date().toISOString(), url: 'https://example.com/' },
    { '@id': '9002', '@type': 'line-status', lineStatus: 'ACCEPT', refSequenceId: '3' },
    'not an event',
    { '@type': 'line', source: 'visitor', text: 'a line without an id' },
  ];
  return { ...answer, body: JSON.stringify(data) };
};

const BOT_CHAT_POLL = /\/agentSession\/[^/]+\/chat\/[^/]+(?:\.json)?$/;
const BOT_CHAT_EVENTS = /\/agentSession\/[^/]+\/chat\/[^/]+\/events(?:\.json)?$/;

let emulator: Emulator;
let proxy: FaultyProxy | undefined;
let bot: Bot | undefined;
const botLog: string[] = [];

function botOptions(csds: string): BotOptions {
  return {
    csds,
    account: ACCOUNT,
    username: 'agent',
    password: 'agent',
    pollInterval: 40,
    typingDelay: 120,
    retryDelays: [20, 40, 60],
    refreshInterval: 250,
    log: (m) => botLog.push(m),
  };
}

/** The emulator and the bot logged in to it; with `faults`, both behind a {@link FaultyProxy}. Returns the csds URL. */
async function setUp(faults?: (proxy: FaultyProxy) => void): Promise<string> {
  botLog.length = 0;
  if (!faults) {
    emulator = await startEmulator({ port: 0 });
    bot = await startBot(botOptions(emulator.url));
    return emulator.url;
  }
  proxy = await FaultyProxy.start();
  emulator = await startEmulator({ port: 0, publicHost: proxy.host });
  proxy.forwardTo(emulator.url);
  faults(proxy);
  const csds = `http://${proxy.host}`;
  bot = await startBot(botOptions(csds));
  return csds;
}

test.afterEach(async ({}, testInfo) => {
  await bot?.stop();
  bot = undefined;
  await emulator.close();
  await proxy?.close();
  proxy = undefined;
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('bot log', { body: botLog.join('\n') });
});

test.describe('bot agent', () => {
  test('greets, helps, echoes, sends a link and ends the chat on "bye"', async () => {
    const visitor = await Visitor.start(await setUp());
    await visitor.until((events) => events.some((e) => e.text === GREETING), 'the greeting');
    await visitor.ask('help');
    await visitor.ask('hello there');
    await visitor.ask('What is <b>2 + 2</b>?');
    await visitor.ask('link');
    await visitor.say('bye');
    await visitor.until((events) => events.some((e) => e.state === 'ended'), 'the end of the chat');
    // Later polls bring nothing new: every line was answered once.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await visitor.poll();

    expect(visitor.lines()).toEqual([
      'state:waiting',
      'system(4):Thank you for choosing to chat with us. An agent will be with you shortly.',
      'state:chatting',
      `system(3):You are now chatting with ${NICKNAME}.`,
      `agent:${GREETING}`,
      'visitor:help',
      `agent:${HELP_TEXT}`,
      'visitor:hello there',
      'agent:You said: hello there',
      'visitor:What is <b>2 + 2</b>?',
      'agent:You said: What is <b>2 + 2</b>?',
      'visitor:link',
      `agent[html]:${LINK_HTML}`,
      'visitor:bye',
      'agent:Goodbye!',
      `system(5):${NICKNAME} has ended the chat.`,
      'state:ended',
    ]);
    expect(visitor.events.map((e) => e['@id'])).toEqual(visitor.events.map((_, i) => String(i)));
    // The platform acknowledges every visitor line with a line-status ACCEPT right after it.
    visitor.events.forEach((e, i) => {
      if (e['@type'] === 'line' && e.source === 'visitor') {
        expect(visitor.events[i + 1]).toMatchObject({ '@type': 'line-status', lineStatus: 'ACCEPT', refSequenceId: e['@id'] });
      }
    });
    expect(visitor.agentLines().every((e) => e.by === NICKNAME)).toBe(true);
    expect(visitor.agentTyping).toContain('typing');
    expect(visitor.agentTyping.at(-1)).toBe('not-typing');

    const state = await emulatorState(emulator);
    expect(state.chats).toHaveLength(1);
    const [chat] = state.chats as Json[];
    expect(chat.state).toBe('ended');
    expect(chat.endedBy).toBe('agent');
    expect(chat.agent.nickname).toBe(NICKNAME);
    expect(chat.request.LETagVisitorId).toBeTruthy();
    expect((chat.events as Json[]).map((e) => (e.type === 'state' ? `state:${e.state}` : `${e.source}:${e.text}`))).toEqual(
      visitor.events.map((e) => (e['@type'] === 'state' ? `state:${e.state}` : `${e.source}:${e.text}`)),
    );
    expect((chat.events as Json[]).find((e) => e.text === LINK_HTML)?.textType).toBe('html');
    const sessions = (state.agents as Json[]).find((a) => a.loginName === 'agent')?.sessions as Json[];
    expect(sessions.map((s) => s.availability)).toEqual(['Online']);
    // Every Login / Chat Agent API call of the bot succeeded, the periodic login refresh included.
    const botRequests = (state.requests as Json[]).filter((r) => /^(agent|login)\./.test(r.route));
    expect(botRequests.filter((r) => r.status >= 300)).toEqual([]);
    expect(botRequests.some((r) => r.route === 'login.refresh')).toBe(true);

    // Stopping the bot logs it out: its agent session is gone.
    await bot!.stop();
    const after = await emulatorState(emulator);
    expect((after.agents as Json[]).find((a) => a.loginName === 'agent')?.sessions).toEqual([]);
    expect(after.logins).toEqual([]);
  });

  test('two visitors chatting at the same time each get their own answers', async () => {
    const csds = await setUp();
    const [first, second] = await Promise.all([Visitor.start(csds), Visitor.start(csds)]);
    expect(first.chat).not.toBe(second.chat);
    await Promise.all([first, second].map((v) => v.until((events) => events.some((e) => e.text === GREETING), 'the greeting')));

    await Promise.all([
      (async () => {
        for (const text of ['apples', 'pears', 'link']) await first.ask(text);
      })(),
      (async () => {
        for (const text of ['one', 'two', 'help']) await second.ask(text);
      })(),
    ]);
    expect(first.agentLines().map((e) => e.text)).toEqual([GREETING, 'You said: apples', 'You said: pears', LINK_HTML]);
    expect(second.agentLines().map((e) => e.text)).toEqual([GREETING, 'You said: one', 'You said: two', HELP_TEXT]);
    expect(bot!.activeChats).toBe(2);

    await Promise.all([first.say('bye'), second.say('bye')]);
    await Promise.all([first, second].map((v) => v.until((events) => events.some((e) => e.state === 'ended'), 'the end')));
    for (const visitor of [first, second]) {
      expect(visitor.lines().slice(-3)).toEqual(['agent:Goodbye!', `system(5):${NICKNAME} has ended the chat.`, 'state:ended']);
      expect(visitor.events.map((e) => e['@id'])).toEqual(visitor.events.map((_, i) => String(i)));
    }
    const state = await emulatorState(emulator);
    const chats = state.chats as Json[];
    expect(chats.map((c) => c.endedBy)).toEqual(['agent', 'agent']);
    expect(new Set(chats.map((c) => c.agent.sessionId)).size).toBe(1);
    await expect.poll(() => bot!.activeChats).toBe(0);
  });

  test('keeps answering after server errors, a garbage body and unknown or broken events', async () => {
    const csds = await setUp((p) =>
      p.inject(
        { method: 'POST', path: /\/login$/, respond: serverError(503) },
        { method: 'GET', path: /\/incomingRequests(?:\.json)?$/, respond: serverError() },
      ),
    );
    await expect.poll(() => botLog.filter((l) => l.includes('retrying')).length).toBe(2);
    const visitor = await Visitor.start(csds);
    await visitor.until((events) => events.some((e) => e.text === GREETING), 'the greeting');

    proxy!.inject(
      { method: 'GET', path: BOT_CHAT_POLL, respond: serverError() },
      { method: 'GET', path: BOT_CHAT_POLL, respond: garbage },
      { method: 'GET', path: BOT_CHAT_POLL, respond: strangeEvents },
      { method: 'POST', path: BOT_CHAT_EVENTS, respond: serverError(502) },
    );
    await expect.poll(() => proxy!.pending).toBe(1);
    await visitor.ask('still there?');
    await expect.poll(() => proxy!.pending).toBe(0);
    await visitor.ask('help');
    await visitor.say('bye');
    await visitor.until((events) => events.some((e) => e.state === 'ended'), 'the end of the chat');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await visitor.poll();

    expect(visitor.lines().slice(4)).toEqual([
      `agent:${GREETING}`,
      'visitor:still there?',
      'agent:You said: still there?',
      'visitor:help',
      `agent:${HELP_TEXT}`,
      'visitor:bye',
      'agent:Goodbye!',
      `system(5):${NICKNAME} has ended the chat.`,
      'state:ended',
    ]);
    expect(visitor.events.map((e) => e['@id'])).toEqual(visitor.events.map((_, i) => String(i)));
    expect(botLog.some((l) => l.includes('malformed response'))).toBe(true);
    expect(botLog.filter((l) => l.includes('ignoring an event'))).toHaveLength(2);
    expect(botLog.some((l) => /502.*retrying/.test(l))).toBe(true);
  });
});
