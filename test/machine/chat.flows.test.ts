import { expect } from '@open-wc/testing';
import { SimulatedClock } from 'xstate';
import type { ChatResource } from '../../src/api/types.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import type { ChatActorInputs, ChatEmitted } from '../../src/machine/chat.types.js';
import { statusOf } from '../../src/machine/status.js';
import {
  CHAT_URL,
  apiError,
  deferred,
  engagement,
  fakeActors,
  liveChatApi,
  flush,
  line,
  next,
  resource,
  startChat,
  state,
  survey,
} from './fixtures.js';
import type { Deferred, Persisted } from './fixtures.js';

const types = (emitted: ChatEmitted[]) => emitted.map((e) => e.type);
const received = (emitted: ChatEmitted[]) =>
  emitted.flatMap((e) => (e.type === 'message.received' ? [e.message.text] : []));

/** Starts a chat with fake actors and brings it to `live` (no pre-chat survey). */
async function liveChat(f = fakeActors(), input = { skill: 'Sales' }) {
  const chat = startChat(f.actors, input);
  await chat.until((s) => s.matches('ready'));
  chat.actor.send({ type: 'user.open' });
  await chat.until((s) => s.matches('live'));
  return { ...chat, f };
}

const serverChat = (r: ChatResource, nextUrl: string | null = null) => ({ type: 'server.chat' as const, resource: r, nextUrl });

describe('chat flows (fake actors)', () => {
  it('runs a whole chat: pre-chat survey, queue, chatting, lines, typing, agent end, exit survey, transcript, close and reopen', async () => {
    const sends: Array<{ input: ChatActorInputs['sendLine']; result: Deferred<string | undefined> }> = [];
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      loadExitSurvey: async () => survey('X1'),
      sendLine: (input) => {
        const result = deferred<string | undefined>();
        sends.push({ input, result });
        return result.promise;
      },
    });
    const { actor, clock, emitted, until } = startChat(f.actors, { skill: 'Sales', timing: { typingIdle: 1000 } });
    await until((s) => s.matches('ready'));
    expect(statusOf(actor.getSnapshot())).to.equal('available');

    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ preChat: 'form' }));
    expect(actor.getSnapshot().context.survey?.id).to.equal('P1');
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'Ann' } });
    await until((s) => s.matches('live') && s.context.estimatedWaitTime === 30);
    expect(f.inputsOf('requestChat')[0].survey).to.deep.equal({ id: 'P1', answers: { q1: 'Ann' } });
    expect(f.poll.urls).to.deep.equal([CHAT_URL]);
    expect(f.inputsOf('getEstimatedWaitTime')).to.deep.equal([{ skill: 'Sales' }]);

    f.poll.send(serverChat(resource([state(0, 'waiting'), line(1, 'system', 'Please wait', { systemMessageId: 4 })], { state: 'waiting' }), next(2)));
    expect(statusOf(actor.getSnapshot())).to.equal('waiting');
    actor.send({ type: 'user.send', text: 'first' });
    await flush();
    expect(sends).to.have.length(0, 'held while waiting');

    f.poll.send(
      serverChat(
        resource([state(2, 'chatting'), line(3, 'system', 'You are now chatting with Natalie.', { systemMessageId: 3 })], {
          state: 'chatting',
          agentName: 'Natalie',
        }),
        next(4),
      ),
    );
    expect(statusOf(actor.getSnapshot())).to.equal('chatting');
    expect(actor.getSnapshot().context.agentName).to.equal('Natalie');
    expect(sends.map((s) => s.input.text)).to.deep.equal(['first']);
    actor.send({ type: 'user.send', text: 'second' });
    await flush();
    expect(sends).to.have.length(1, 'one line at a time');
    sends[0].result.resolve('4');
    await flush();
    expect(sends.map((s) => s.input.text)).to.deep.equal(['first', 'second']);

    // The echoes come while 'second' is still in flight.
    f.poll.send(serverChat(resource([line(4, 'visitor', 'first'), line(5, 'visitor', 'second'), line(6, 'agent', 'Hello Ann')]), next(7)));
    sends[1].result.resolve(undefined);
    await flush();
    const { messages, nextUrl } = actor.getSnapshot().context;
    expect(messages.map((m) => [m.source, m.text, m.status])).to.deep.equal([
      ['system', 'Please wait', 'sent'],
      ['visitor', 'first', 'sent'], // where it was typed, while waiting
      ['system', 'You are now chatting with Natalie.', 'sent'],
      ['visitor', 'second', 'sent'],
      ['agent', 'Hello Ann', 'sent'],
    ]);
    expect([messages[1], messages[3]].map((m) => [m.key, m.eventId])).to.deep.equal([['v1', '4'], ['v2', '5']]);
    expect(nextUrl).to.equal(next(7));
    expect(received(emitted)).to.deep.equal(['Please wait', 'You are now chatting with Natalie.', 'Hello Ann']);

    actor.send({ type: 'user.typing' });
    clock.increment(600);
    actor.send({ type: 'user.typing' });
    clock.increment(600);
    await flush();
    expect(f.inputsOf('setTyping').map((i) => i.typing)).to.deep.equal([true]);
    clock.increment(400);
    await flush();
    expect(f.inputsOf('setTyping').map((i) => i.typing)).to.deep.equal([true, false]);
    expect(actor.getSnapshot().matches({ live: { typing: 'idle' } })).to.equal(true);

    f.poll.send(serverChat(resource([line(7, 'system', 'Natalie has left the chat', { systemMessageId: 5 }), state(8, 'ended')])));
    expect(statusOf(actor.getSnapshot())).to.equal('ended');
    expect(actor.getSnapshot().context.endedBy).to.equal('agent');
    expect(f.poll.stops).to.equal(1);
    await until((s) => s.matches({ ended: { postChat: 'survey' } }));
    actor.send({ type: 'user.requestTranscript', email: 'ann@example.com' });
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'great' } });
    await until((s) => s.matches({ ended: { postChat: 'done', transcript: 'idle' } }));
    expect(actor.getSnapshot().context.transcript).to.equal('sent');
    expect(f.inputsOf('submitExitSurvey')).to.deep.equal([{ chatUrl: CHAT_URL, surveyId: 'X1', answers: { q1: 'great' } }]);
    expect(f.inputsOf('requestTranscript')).to.deep.equal([{ chatUrl: CHAT_URL, email: 'ann@example.com' }]);

    actor.send({ type: 'user.close' });
    const after = actor.getSnapshot();
    expect([after.value, after.context.open, after.context.messages.length]).to.deep.equal([
      { ended: { postChat: 'done', transcript: 'idle' } },
      false,
      6,
    ]);
    actor.send({ type: 'user.open' });
    expect(actor.getSnapshot().matches({ ended: { postChat: 'done' } })).to.equal(true, 'the thanks are still there');
    expect(actor.getSnapshot().context.transcript).to.equal('sent');
    expect(types(emitted).filter((t) => t.startsWith('window.'))).to.deep.equal(['window.opened', 'window.closed', 'window.opened']);
    expect(types(emitted)).not.to.include('error.raised');
    actor.stop();
  });

  it('lets the visitor end the chat', async () => {
    const { actor, f, until } = await liveChat();
    actor.send({ type: 'user.end' });
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect(f.inputsOf('endChat')).to.deep.equal([{ chatUrl: CHAT_URL }]);
    expect(actor.getSnapshot().context.endedBy).to.equal('visitor');
    expect(f.poll.stops).to.equal(1);
    actor.send({ type: 'user.newChat' });
    await until((s) => s.matches('live'));
    expect(f.poll.urls).to.deep.equal([CHAT_URL, CHAT_URL]);
    expect(actor.getSnapshot().context.open).to.equal(true);
    actor.stop();
  });

  it('goes without the surveys that are not configured', async () => {
    const { actor, f, until } = await liveChat();
    expect(f.inputsOf('requestChat')[0].survey).to.equal(undefined);
    f.poll.send(serverChat(resource([state(0, 'ended')])));
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect(actor.getSnapshot().context.endedBy).to.equal('system', 'ended while still waiting');
    actor.stop();
  });

  it('rechecks availability on every open: agents who came online after the page loaded get the chat', async () => {
    let online = false;
    const f = fakeActors({
      getEngagement: async () => engagement('NotAvailable'),
      checkAvailability: async () => online,
      loadOfflineSurvey: async () => null,
    });
    const { actor, until } = startChat(f.actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ offline: 'noSurvey' }));
    actor.send({ type: 'user.close' });
    online = true;
    actor.send({ type: 'user.open' });
    await until((s) => !s.matches('ready') && !s.matches('checking') && !s.matches('offline'));
    expect(actor.getSnapshot().context.available).to.equal(true);
    expect(f.inputsOf('checkAvailability')).to.have.length(2);
    actor.stop();
  });

  it('leaves a message when nobody is available, retrying a failed submission', async () => {
    let attempts = 0;
    const f = fakeActors({
      getEngagement: async () => engagement('NotAvailable'),
      checkAvailability: async () => false,
      loadOfflineSurvey: async () => survey('O1'),
      submitOfflineSurvey: async () => {
        if (++attempts === 1) throw apiError('server', 503);
      },
    });
    const { actor, emitted, until } = startChat(f.actors);
    await until((s) => s.matches('ready'));
    expect(statusOf(actor.getSnapshot())).to.equal('unavailable');
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ offline: 'form' }));
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'call me' } });
    await until((s) => s.matches({ offline: 'form' }) && s.context.error !== null);
    expect(actor.getSnapshot().context.error?.during).to.equal('offline');
    expect(actor.getSnapshot().context.answers).to.deep.equal({ q1: 'call me' });
    expect(types(emitted)).to.include('error.raised');
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'call me' } });
    await until((s) => s.matches({ offline: 'sent' }));
    expect(actor.getSnapshot().context.error).to.equal(null);
    expect(f.inputsOf('submitOfflineSurvey')[1]).to.deep.equal({
      surveyId: 'O1',
      answers: { q1: 'call me' },
      skill: 'Sales',
      engagement: engagement('NotAvailable'),
    });
    actor.send({ type: 'user.close' });
    expect(actor.getSnapshot().value).to.equal('ready');
    actor.stop();
  });

  it('says nobody is available when there is no offline survey', async () => {
    const f = fakeActors({ checkAvailability: async () => false });
    const { actor, until } = startChat(f.actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ offline: 'noSurvey' }));
    expect(actor.getSnapshot().context.available).to.equal(false);
    actor.stop();
  });

  it('marks a line that failed to send, and sends it on retry', async () => {
    let fail = true;
    const f = fakeActors({
      sendLine: async () => {
        if (fail) throw apiError('server', 500);
        return '9';
      },
    });
    const { actor, emitted, until } = await liveChat(f);
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    actor.send({ type: 'user.send', text: 'hello' });
    actor.send({ type: 'user.send', text: 'again' });
    await until((s) => s.context.messages.every((m) => m.status === 'failed'));
    expect(types(emitted).filter((t) => t === 'error.raised')).to.have.length(2);
    fail = false;
    actor.send({ type: 'user.retryLine', key: 'v1' });
    await until((s) => s.context.messages[0].status === 'sent');
    expect(actor.getSnapshot().context.messages.map((m) => [m.status, m.eventId])).to.deep.equal([
      ['sent', '9'],
      ['failed', undefined],
    ]);
    expect(f.inputsOf('sendLine').map((i) => i.text)).to.deep.equal(['hello', 'again', 'hello']);
    actor.stop();
  });

  it('sends the lines typed while waiting, in order, once chatting', async () => {
    const order: string[] = [];
    const f = fakeActors({
      sendLine: async ({ text }) => {
        order.push(text);
        await flush();
        return undefined;
      },
    });
    const { actor, until } = await liveChat(f);
    for (const text of ['one', 'two', 'three']) actor.send({ type: 'user.send', text });
    await flush();
    expect(order).to.deep.equal([]);
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    await until((s) => s.context.messages.every((m) => m.status === 'sent'));
    expect(order).to.deep.equal(['one', 'two', 'three']);
    actor.stop();
  });

  it('shows reconnecting while polls fail and recovers', async () => {
    const { actor, f, emitted } = await liveChat();
    const error = { code: 'network' as const, message: 'offline', retryable: true, during: 'poll' as const };
    f.poll.send({ type: 'poll.failed', error, attempt: 1 });
    f.poll.send({ type: 'poll.failed', error, attempt: 2 });
    expect(actor.getSnapshot().context.connection).to.equal('reconnecting');
    expect(statusOf(actor.getSnapshot())).to.equal('waiting', 'not fatal');
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    expect([actor.getSnapshot().context.connection, actor.getSnapshot().context.error]).to.deep.equal(['online', null]);
    expect(types(emitted).filter((t) => t === 'error.raised')).to.have.length(1);
    actor.stop();
  });

  it('ends the chat when it is gone', async () => {
    const { actor, f, until } = await liveChat();
    f.poll.send({ type: 'poll.gone', error: { code: 'not-found', message: 'Chat session not found', retryable: false, during: 'poll' } });
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect(actor.getSnapshot().context.endedBy).to.equal('system');
    expect(actor.getSnapshot().context.error?.code).to.equal('not-found');
    actor.stop();
  });

  it('falls back to the availability check when the engagement fails', async () => {
    const f = fakeActors({ getEngagement: async () => Promise.reject(apiError('unauthorized', 401)) });
    const { actor, until } = startChat(f.actors);
    await until((s) => s.matches('ready'));
    expect([actor.getSnapshot().context.available, actor.getSnapshot().context.engagement]).to.deep.equal([true, null]);
    expect(f.inputsOf('checkAvailability')).to.deep.equal([{ skill: 'Sales' }]);
    actor.stop();
  });

  it('fails a chat request and retries it', async () => {
    let attempts = 0;
    const f = fakeActors({
      loadPreChatSurvey: async () => survey('P1'),
      requestChat: async () => {
        if (++attempts === 1) throw apiError('server', 503);
        return CHAT_URL;
      },
    });
    const { actor, emitted, until } = startChat(f.actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ preChat: 'form' }));
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'Ann' } });
    await until((s) => s.matches('failed'));
    expect(statusOf(actor.getSnapshot())).to.equal('error');
    expect(actor.getSnapshot().context.error).to.deep.include({ during: 'request', retryable: true });
    expect(types(emitted)).to.include('error.raised');
    actor.send({ type: 'user.retry' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('requestChat').map((i) => i.survey)).to.deep.equal([
      { id: 'P1', answers: { q1: 'Ann' } },
      { id: 'P1', answers: { q1: 'Ann' } },
    ]);
    expect(actor.getSnapshot().context.error).to.equal(null);
    actor.stop();
  });

  it('counts unread lines while minimised and clears them on open', async () => {
    const { actor, f, emitted } = await liveChat();
    actor.send({ type: 'user.close' });
    f.poll.send(serverChat(resource([state(0, 'chatting'), line(1, 'agent', 'are you there?')])));
    expect(actor.getSnapshot().context.unread).to.equal(1);
    actor.send({ type: 'user.open' });
    expect(actor.getSnapshot().context.unread).to.equal(0);
    expect(actor.getSnapshot().matches('live')).to.equal(true);
    expect(types(emitted).filter((t) => t.startsWith('window.'))).to.deep.equal(['window.opened', 'window.closed', 'window.opened']);
    actor.stop();
  });

  it('fails loudly when an actor was not provided', async () => {
    const { actor, until } = startChat({});
    await until((s) => s.matches('failed'));
    expect(actor.getSnapshot().context.error?.message).to.contain('"checkAvailability" not provided');
    actor.stop();
  });
});

describe('chat flows (real actors over a fake ChatApi)', () => {
  it('restores a persisted live chat and resumes polling from the next link', async () => {
    const clock = new SimulatedClock();
    const reads: string[] = [];
    const pages: Record<string, ChatResource> = {
      [CHAT_URL]: resource([state(0, 'waiting'), state(1, 'chatting'), line(2, 'agent', 'hi')], { state: 'chatting' }, next(3)),
      [next(3)]: resource([line(3, 'agent', 'still here')], { state: 'chatting' }, next(4)),
      [next(4)]: resource([line(4, 'agent', 'after restore')], { state: 'chatting' }, next(5)),
    };
    const api = liveChatApi({
      getChat: async (url) => {
        reads.push(url);
        return pages[url] ?? resource([], { state: 'chatting' }, url);
      },
    });
    const timing = { pollInterval: 1000 };
    const first = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.context.lastEventId === 2);
    clock.increment(1000);
    await first.until((s) => s.context.lastEventId === 3);
    expect(reads).to.deep.equal([CHAT_URL, next(3)]);
    expect(first.actor.getSnapshot().context.nextUrl).to.equal(next(4));

    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as Persisted;
    first.actor.stop();
    clock.increment(5000);
    await flush();
    expect(reads).to.deep.equal([CHAT_URL, next(3)], 'a stopped chat does not poll');

    const second = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock, snapshot: persisted });
    await second.until((s) => s.context.lastEventId === 4);
    expect(reads).to.deep.equal([CHAT_URL, next(3), next(4)]);
    expect(second.actor.getSnapshot().context.messages.map((m) => m.text)).to.deep.equal(['hi', 'still here', 'after restore']);
    expect(received(second.emitted)).to.deep.equal(['after restore']);
    expect(statusOf(second.actor.getSnapshot())).to.equal('chatting');
    second.actor.stop();
  });

  it('reconnects through real poll failures and recovers', async () => {
    const clock = new SimulatedClock();
    let failing = 2;
    const api = liveChatApi({
      getChat: async (url) => {
        if (failing-- > 0) throw apiError('server', 502);
        return resource([state(0, 'chatting')], { state: 'chatting' }, url);
      },
    });
    const { actor, until } = startChat(
      createChatActors(api, clock),
      { timing: { pollInterval: 100, pollRetryDelays: [300] } },
      { clock },
    );
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.context.connection === 'reconnecting');
    clock.increment(300);
    await flush();
    expect(actor.getSnapshot().context.connection).to.equal('reconnecting');
    clock.increment(300);
    await until((s) => s.context.connection === 'online' && s.context.chatState === 'chatting');
    actor.stop();
  });
});
