import { expect } from '@open-wc/testing';
import { SimulatedClock } from 'xstate';
import type { ChatRequest, ChatResource, TransferEvent } from '../../src/api/types.js';
import { TRANSFER_LINE } from '../../src/machine/apply-resource.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import type { ChatEmitted } from '../../src/machine/chat.types.js';
import { restorable, worthKeeping } from '../../src/machine/restorable.js';
import { statusOf } from '../../src/machine/status.js';
import { viewOf } from '../../src/machine/view.js';
import {
  CHAT_URL,
  TRANSFERRED_URL,
  apiError,
  deferred,
  fakeActors,
  flush,
  line,
  liveChatApi,
  next,
  resource,
  startChat,
  state,
  survey,
} from './fixtures.js';
import type { Persisted } from './fixtures.js';

const serverChat = (r: ChatResource, nextUrl: string | null = null) => ({ type: 'server.chat' as const, resource: r, nextUrl });
const received = (emitted: ChatEmitted[]) => emitted.flatMap((e) => (e.type === 'message.received' ? [e.message.text] : []));
const errors = (emitted: ChatEmitted[]) => emitted.filter((e) => e.type === 'error.raised');

const chatRequestParameters = { a2aEventId: 467, a2aSourceSessionId: 8396550, a2aSourceSiteId: 1, skill: 'Billing' };
const transfer = (id: number, extra: Partial<TransferEvent> = {}): TransferEvent => ({
  type: 'a2a-transfer',
  id: String(id),
  time: `2026-01-01T10:01:${String(id).padStart(2, '0')}.000Z`,
  domain: 'other.example',
  remoteSiteId: '2',
  chatRequestParameters,
  link: 'https://other.example/api/account/2/chat/request',
  ...extra,
});
const next2 = (from: number) => `${TRANSFERRED_URL}?from=${from}`;

const input = {
  skill: 'Sales',
  language: 'en-GB',
  visitorName: 'Ann',
  chatReferrer: 'https://brand.example/shop',
  userAgent: 'UA',
};

/** A chat with the pre-chat survey answered, chatting with Natalie, who has said hello. */
async function chatting(f = fakeActors({ loadPreChatSurvey: async () => survey('P1') })) {
  const chat = startChat(f.actors, input);
  await chat.until((s) => s.matches('ready'));
  chat.actor.send({ type: 'user.open' });
  await chat.until((s) => s.matches({ preChat: 'form' }));
  chat.actor.send({ type: 'user.submitSurvey', answers: { q1: 'Ann' } });
  await chat.until((s) => s.matches('live'));
  f.poll.send(
    serverChat(
      resource(
        [state(0, 'waiting'), state(1, 'chatting'), line(2, 'system', 'You are now chatting with Natalie.', { systemMessageId: 3 }), line(3, 'agent', 'Hello')],
        { state: 'chatting', agentName: 'Natalie' },
      ),
      next(4),
    ),
  );
  chat.actor.send({ type: 'user.send', text: 'I want to pay' });
  await chat.until((s) => s.context.messages.at(-1)?.status === 'sent');
  f.poll.send(serverChat(resource([line(4, 'visitor', 'I want to pay'), line(5, 'agent', 'Billing will help you')]), next(6)));
  return { ...chat, f };
}

describe('account-to-account transfer (fake actors)', () => {
  it('requests a chat on the target account with the parameters, and carries on there with the transcript', async () => {
    const { actor, f, emitted, until } = await chatting();
    // The platform may end the chat left behind right after the transfer: that is not the chat's end.
    f.poll.send(serverChat(resource([transfer(6), line(7, 'system', 'Natalie has left', { systemMessageId: 5 }), state(8, 'ended')], { state: 'ended' })));
    await until((s) => s.matches('live') && s.context.chatUrl === TRANSFERRED_URL);

    expect(f.inputsOf('transferChat')).to.deep.equal([
      {
        language: 'en-GB',
        interactionTimeout: 40,
        visitorName: 'Ann',
        chatReferrer: 'https://brand.example/shop',
        userAgent: 'UA',
        // The skill comes from the transfer's parameters; the engagement belongs to this account.
        survey: { id: 'P1', answers: { q1: 'Ann' } },
        transfer: transfer(6),
      },
    ]);
    // The old chat is no longer read: its poller stopped, and the new one starts at the new chat.
    expect(f.poll.urls).to.deep.equal([CHAT_URL, TRANSFERRED_URL]);
    expect(f.poll.stops).to.equal(1);
    expect(actor.getSnapshot().context).to.deep.include({ chatState: 'waiting', agentName: null, lastEventId: -1, endedBy: null, transfer: null, transfers: 1 });
    expect(statusOf(actor.getSnapshot())).to.equal('waiting');
    expect(received(emitted)).to.deep.equal(['You are now chatting with Natalie.', 'Hello', 'Billing will help you', TRANSFER_LINE]);

    // The new chat, numbered from 0 again: its lines follow the old ones, none taken for another.
    f.poll.send(
      serverChat(
        resource(
          [state(0, 'waiting'), line(1, 'system', 'Please wait', { systemMessageId: 4 }), state(2, 'chatting'), line(3, 'system', 'You are now chatting with Sam.', { systemMessageId: 3 })],
          { state: 'chatting', agentName: 'Sam' },
        ),
        next2(5),
      ),
    );
    expect(statusOf(actor.getSnapshot())).to.equal('chatting');
    actor.send({ type: 'user.send', text: 'Card ending 42' });
    await until((s) => s.context.messages.at(-1)?.status === 'sent');
    expect(f.inputsOf('sendLine').map((i) => [i.chatUrl, i.text])).to.deep.equal([
      [CHAT_URL, 'I want to pay'],
      [TRANSFERRED_URL, 'Card ending 42'],
    ]);
    // Its echo has the id the old chat's visitor line had: it is the new line, not that one.
    f.poll.send(serverChat(resource([line(4, 'visitor', 'Card ending 42'), line(5, 'agent', 'Thanks')]), next2(6)));
    const { messages } = actor.getSnapshot().context;
    expect(messages.map((m) => [m.source, m.text, m.status])).to.deep.equal([
      ['system', 'You are now chatting with Natalie.', 'sent'],
      ['agent', 'Hello', 'sent'],
      ['visitor', 'I want to pay', 'sent'],
      ['agent', 'Billing will help you', 'sent'],
      ['system', TRANSFER_LINE, 'sent'],
      ['system', 'Please wait', 'sent'],
      ['system', 'You are now chatting with Sam.', 'sent'],
      ['visitor', 'Card ending 42', 'sent'],
      ['agent', 'Thanks', 'sent'],
    ]);
    expect(new Set(messages.map((m) => m.key)).size).to.equal(messages.length, 'keys stay unique');
    expect(messages.map((m) => m.eventId)).to.deep.equal(['1:2', '1:3', '1:4', '1:5', '1:6', '1', '3', '4', '5']);
    expect(actor.getSnapshot().context.agentName).to.equal('Sam');

    // It ends as any chat: the exit survey is the new chat's.
    f.poll.send(serverChat(resource([state(6, 'ended')])));
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect(f.inputsOf('loadExitSurvey')).to.deep.equal([{ chatUrl: TRANSFERRED_URL }]);
    actor.stop();
  });

  it('shows the conversation while the new chat is asked for, waiting, with the composer off', async () => {
    const pending = deferred<string>();
    const { actor, f, until } = await chatting(fakeActors({ loadPreChatSurvey: async () => survey('P1'), transferChat: () => pending.promise }));
    f.poll.send(serverChat(resource([transfer(6)])));
    await until((s) => s.matches('transferring'));
    const view = viewOf(actor.getSnapshot());
    expect(view).to.deep.include({ kind: 'live', waiting: true, ending: false, canSend: false, estimatedWait: null, notice: null });
    expect(view.kind === 'live' && view.conversation.messages.at(-1)?.text).to.equal(TRANSFER_LINE);
    expect(statusOf(actor.getSnapshot())).to.equal('waiting');
    expect(f.poll.sendBack).to.equal(undefined, 'the old chat is not polled');
    pending.resolve(TRANSFERRED_URL);
    await until((s) => s.matches('live'));
    actor.stop();
  });

  it('fails a transfer request as a clear error, never posting it again by itself, and retries it when asked', async () => {
    let attempts = 0;
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      transferChat: async () => {
        if (++attempts === 1) throw apiError('timeout');
        return TRANSFERRED_URL;
      },
    });
    const { actor, clock, emitted, until } = await chatting(f);
    f.poll.send(serverChat(resource([transfer(6)])));
    await until((s) => s.matches('failed'));
    expect(actor.getSnapshot().context.error).to.deep.include({ during: 'transfer', code: 'timeout', retryable: true });
    expect(errors(emitted)).to.have.length(1);
    expect(statusOf(actor.getSnapshot())).to.equal('error');
    expect(viewOf(actor.getSnapshot())).to.deep.include({ kind: 'error', canRetry: true });
    expect(worthKeeping(actor.getSnapshot())).to.equal(true, 'a reload still offers the retry');

    // Nothing happens by itself: no second chat, and no window polling the chat left behind.
    clock.increment(120_000);
    await flush();
    expect(attempts).to.equal(1);
    expect(f.poll.urls).to.deep.equal([CHAT_URL]);
    expect(f.poll.sendBack).to.equal(undefined);

    actor.send({ type: 'user.retry' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('transferChat').map((i) => i.transfer)).to.deep.equal([transfer(6), transfer(6)]);
    expect(f.poll.urls).to.deep.equal([CHAT_URL, TRANSFERRED_URL]);
    expect(actor.getSnapshot().context.messages.map((m) => m.text)).to.include(TRANSFER_LINE, 'the transcript is still there');
    expect(actor.getSnapshot().context.error).to.equal(null);
    actor.stop();
  });

  it('offers no retry when the target refuses, and starts over from the launcher on close', async () => {
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      transferChat: async () => Promise.reject(apiError('config', 403)),
    });
    const { actor, until } = await chatting(f);
    f.poll.send(serverChat(resource([transfer(6)])));
    await until((s) => s.matches('failed'));
    expect(viewOf(actor.getSnapshot())).to.deep.include({ kind: 'error', canRetry: false });
    actor.send({ type: 'user.close' });
    await until((s) => s.matches('ready'));
    expect(actor.getSnapshot().context).to.deep.include({ messages: [], transfer: null, transfers: 0, chatUrl: null });
    expect(f.inputsOf('transferChat')).to.have.length(1);
    actor.stop();
  });

  it('sends the lines waiting at the transfer on the new chat, reading first for the one that was on its way', async () => {
    const sends: Array<{ chatUrl: string; text: string; result: ReturnType<typeof deferred<string | undefined>> }> = [];
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      sendLine: ({ chatUrl, text }) => {
        if (text === 'I want to pay') return Promise.resolve('4');
        const result = deferred<string | undefined>();
        sends.push({ chatUrl, text, result });
        return result.promise;
      },
      readChat: async () => resource([], {}, next2(0)),
    });
    const { actor, until } = await chatting(f);
    actor.send({ type: 'user.send', text: 'one' });
    actor.send({ type: 'user.send', text: 'two' });
    await until((s) => s.matches({ live: { outbox: 'sending' } }));
    f.poll.send(serverChat(resource([transfer(6)])));
    await until((s) => s.matches('live') && s.context.transfers === 1);
    expect(actor.getSnapshot().context.messages.slice(-3).map((m) => [m.text, m.status, m.uncertain])).to.deep.equal([
      ['one', 'queued', true],
      ['two', 'queued', undefined],
      [TRANSFER_LINE, 'sent', undefined],
    ]);
    sends[0]!.result.resolve(undefined); // the old chat's answer comes too late to count
    f.poll.send(serverChat(resource([state(0, 'chatting')], { state: 'chatting' })));
    await until((s) => s.matches({ live: { outbox: 'sending' } }) && sends.length === 2);
    // "one" may have reached the old chat only: the new chat is read, then it goes.
    expect(f.inputsOf('readChat')).to.deep.equal([{ url: `${TRANSFERRED_URL}?from=1` }]);
    expect(sends.slice(1).map((s) => [s.chatUrl, s.text])).to.deep.equal([[TRANSFERRED_URL, 'one']]);
    sends[1]!.result.resolve('1');
    await until(() => sends.length === 3);
    expect(sends[2]!.chatUrl).to.equal(TRANSFERRED_URL);
    actor.stop();
  });

  it("asks the estimated wait of the target account and skill for the transferred chat, never its own account's", async () => {
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      getEstimatedWaitTime: async ({ chatUrl }) => (chatUrl ? 120 : 600),
    });
    const { actor, until } = await chatting(f);
    expect(actor.getSnapshot().context.estimatedWaitTime).to.equal(600);
    f.poll.send(serverChat(resource([transfer(6)])));
    await until((s) => s.matches('live') && s.context.transfers === 1);
    await flush();
    expect(f.inputsOf('getEstimatedWaitTime')).to.deep.equal([{ skill: 'Sales' }, { skill: 'Billing', chatUrl: TRANSFERRED_URL }]);
    expect(viewOf(actor.getSnapshot())).to.deep.include({ kind: 'live', waiting: true, estimatedWait: 120 });
    actor.stop();
  });

  it('carries out a transfer the reconciling read finds, without sending the line to the chat left behind', async () => {
    let first = true;
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      sendLine: async ({ text }) => {
        if (text === 'again' && first) {
          first = false;
          throw apiError('timeout');
        }
        return text === 'I want to pay' ? '4' : undefined;
      },
      readChat: async ({ url }) => (url.startsWith(CHAT_URL) ? resource([transfer(6)]) : resource([])),
    });
    const { actor, clock, until } = await chatting(f);
    actor.send({ type: 'user.send', text: 'again' });
    await until((s) => s.matches({ live: { outbox: 'retrying' } }));
    clock.increment(5000);
    await until((s) => s.context.transfers === 1);
    expect(f.inputsOf('readChat')[0]).to.deep.equal({ url: `${CHAT_URL}?from=6` });
    expect(f.inputsOf('sendLine').filter((i) => i.chatUrl === CHAT_URL).map((i) => i.text)).to.deep.equal(['I want to pay', 'again']);
    f.poll.send(serverChat(resource([state(0, 'chatting')], { state: 'chatting' })));
    await until((s) => s.context.messages.every((m) => m.status === 'sent'));
    expect(f.inputsOf('sendLine').at(-1)).to.deep.equal({ chatUrl: TRANSFERRED_URL, text: 'again' });
    actor.stop();
  });

  it('follows a second transfer from the new chat, keys and ids kept apart', async () => {
    const third = 'https://third.example/api/account/3/chat/X1';
    let n = 0;
    const f = fakeActors({ loadPreChatSurvey: async () => survey('P1'), transferChat: async () => (++n === 1 ? TRANSFERRED_URL : third) });
    const { actor, until } = await chatting(f);
    f.poll.send(serverChat(resource([transfer(6)])));
    await until((s) => s.context.transfers === 1 && s.matches('live'));
    f.poll.send(serverChat(resource([state(0, 'chatting'), line(1, 'agent', 'Sam here'), transfer(2, { remoteSiteId: '3' })])));
    await until((s) => s.context.transfers === 2 && s.matches('live'));
    f.poll.send(serverChat(resource([state(0, 'chatting'), line(1, 'agent', 'Kim here')])));
    const { messages } = actor.getSnapshot().context;
    expect(messages.slice(-5).map((m) => [m.key, m.text])).to.deep.equal([
      ['e1:5', 'Billing will help you'],
      ['e1:6', TRANSFER_LINE],
      ['e2:1', 'Sam here'],
      ['e2:2', TRANSFER_LINE],
      ['e1', 'Kim here'],
    ]);
    expect(f.poll.urls).to.deep.equal([CHAT_URL, TRANSFERRED_URL, third]);
    actor.stop();
  });
});

describe('account-to-account transfer (real actors over a fake ChatApi)', () => {
  /** A platform whose reads the test scripts by URL; chat requests are recorded. */
  function platform(requestChat: (request: ChatRequest) => Promise<string>) {
    const pages: Record<string, ChatResource> = {
      [CHAT_URL]: resource([state(0, 'chatting'), line(1, 'agent', 'Hello')], { state: 'chatting', agentName: 'Natalie' }, next(2)),
      [next(2)]: resource([transfer(2)], { state: 'chatting' }, next(3)),
      [TRANSFERRED_URL]: resource([state(0, 'chatting'), line(1, 'agent', 'Sam here')], { state: 'chatting', agentName: 'Sam' }, next2(2)),
    };
    const requests: ChatRequest[] = [];
    const reads: string[] = [];
    const names: string[] = [];
    const api = liveChatApi({
      requestChat: async (request) => {
        requests.push(request);
        return requestChat(request);
      },
      setVisitorName: async (url) => void names.push(url),
      getChat: async (url) => {
        reads.push(url);
        return pages[url] ?? resource([], {}, url);
      },
    });
    return { api, pages, requests, reads, names };
  }
  const timing = { pollInterval: 1000 };

  it('asks the API for the transfer, names the visitor on the new chat, and resumes it after a reload', async () => {
    const clock = new SimulatedClock();
    const p = platform(async (request) => (request.transfer ? TRANSFERRED_URL : CHAT_URL));
    const first = startChat(createChatActors(p.api, clock), { ...input, timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.context.agentName === 'Natalie');
    clock.increment(1000);
    await first.until((s) => s.context.agentName === 'Sam');
    expect(p.requests[1]).to.deep.equal({
      language: 'en-GB',
      interactionTimeout: 40,
      visitorName: 'Ann',
      chatReferrer: 'https://brand.example/shop',
      userAgent: 'UA',
      transfer: transfer(2),
    });
    expect(p.names).to.deep.equal([CHAT_URL, TRANSFERRED_URL]);
    clock.increment(1000);
    await flush();
    expect(p.reads).to.deep.equal([CHAT_URL, next(2), TRANSFERRED_URL, next2(2)]);

    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as Persisted;
    first.actor.stop();
    p.pages[next2(2)] = resource([line(2, 'agent', 'Still here')], { state: 'chatting' }, next2(3));
    const second = startChat(createChatActors(p.api, clock), { ...input, timing }, { clock, snapshot: restorable(persisted) });
    await second.until((s) => s.context.messages.at(-1)?.text === 'Still here');
    expect(p.reads.slice(4)).to.deep.equal([next2(2)], 'the new chat, where polling stopped');
    expect(second.actor.getSnapshot().context.messages.map((m) => m.text)).to.deep.equal(['Hello', TRANSFER_LINE, 'Sam here', 'Still here']);
    expect(p.requests).to.have.length(2);
    second.actor.stop();
  });

  it('offers a transfer request cut off by a reload again, instead of posting it behind the visitor', async () => {
    const clock = new SimulatedClock();
    const p = platform(async (request) => (request.transfer ? new Promise<string>(() => {}) : CHAT_URL));
    const first = startChat(createChatActors(p.api, clock), { ...input, timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.context.agentName === 'Natalie');
    clock.increment(1000);
    await first.until((s) => s.matches('transferring'));
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();

    const restored = restorable(persisted);
    expect(restored.value).to.equal('failed');
    expect(restored.context.error).to.deep.include({ during: 'transfer', retryable: true });
    expect(worthKeeping(restored)).to.equal(true);
    const second = startChat(createChatActors(p.api, clock), { ...input, timing }, { clock, snapshot: restored });
    await flush();
    expect(p.requests).to.have.length(2, 'not posted again by itself');
    second.actor.send({ type: 'user.retry' });
    await second.until((s) => s.matches('transferring'));
    expect(p.requests.map((r) => r.transfer)).to.deep.equal([undefined, transfer(2), transfer(2)]);
    second.actor.stop();
  });
});
