import { expect } from '@open-wc/testing';
import { createActor, SimulatedClock } from 'xstate';
import type { ChatResource } from '../../src/api/types.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { chatMachine } from '../../src/machine/chat.machine.js';
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
  it('a line whose echo, its text changed by the server, comes before the answer to its POST is shown once, as the server has it', async () => {
    const sends: Deferred<string | undefined>[] = [];
    const f = fakeActors({
      sendLine: () => {
        const result = deferred<string | undefined>();
        sends.push(result);
        return result.promise;
      },
    });
    const { actor, until } = await liveChat(f);
    f.poll.send(serverChat(resource([state(0, 'chatting')], { state: 'chatting', agentName: 'Natalie' }), next(1)));
    actor.send({ type: 'user.send', text: 'My card is 4111 1111 1111 1111' });
    await until(() => sends.length === 1);
    // The echo (the server masked the number) and an agent line come while the POST is out.
    f.poll.send(serverChat(resource([line(1, 'visitor', 'My card is ****************'), line(2, 'agent', 'Thanks')]), next(3)));
    sends[0]!.resolve('1');
    await until((s) => s.matches({ live: { outbox: 'idle' } }));
    const lines = actor.getSnapshot().context.messages.filter((m) => m.source !== 'system');
    expect(lines.map((m) => [m.source, m.text, m.status, m.eventId])).to.deep.equal([
      ['visitor', 'My card is ****************', 'sent', '1'],
      ['agent', 'Thanks', 'sent', '2'],
    ]);
    actor.stop();
  });

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
    expect(f.keepAlives).to.deep.equal([{ chatUrl: CHAT_URL, interval: 15000 }], 'kept alive while the exit survey was open');
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

  it('marks a refused line and the lines behind it Not sent, and sends them in order on retry', async () => {
    let fail = true;
    const f = fakeActors({
      sendLine: async () => {
        if (fail) throw apiError('bad-request', 400);
        return '9';
      },
    });
    const { actor, emitted, until } = await liveChat(f);
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    actor.send({ type: 'user.send', text: 'hello' });
    actor.send({ type: 'user.send', text: 'again' });
    await until((s) => s.context.messages.every((m) => m.status === 'failed'));
    expect(types(emitted).filter((t) => t === 'error.raised')).to.have.length(1);
    expect(f.inputsOf('sendLine').map((i) => i.text)).to.deep.equal(['hello'], 'the second line never overtakes the first');
    fail = false;
    actor.send({ type: 'user.retryLine', key: 'v1' });
    await until((s) => s.context.messages.every((m) => m.status === 'sent'));
    expect(f.inputsOf('sendLine').map((i) => i.text)).to.deep.equal(['hello', 'hello', 'again']);
    actor.stop();
  });

  it('retries a line on the documented schedule, reading the chat before each new attempt, in order', async () => {
    const outcomes: Array<() => Promise<string>> = [
      async () => Promise.reject(apiError('server', 500)),
      async () => Promise.reject(apiError('timeout')),
      async () => '7',
      async () => '8',
    ];
    const f = fakeActors({ sendLine: () => outcomes.shift()!() });
    const { actor, clock, until } = await liveChat(f);
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    actor.send({ type: 'user.send', text: 'one' });
    actor.send({ type: 'user.send', text: 'two' });
    await until((s) => s.matches({ live: { outbox: 'retrying' } }));
    expect(actor.getSnapshot().context.messages.map((m) => m.status)).to.deep.equal(['queued', 'queued']);
    clock.increment(4999);
    await flush();
    expect(f.inputsOf('readChat')).to.have.length(0);
    clock.increment(1);
    await until((s) => s.matches({ live: { outbox: 'retrying' } }) && s.context.sendAttempt === 2);
    expect(f.inputsOf('readChat')).to.deep.equal([{ url: `${CHAT_URL}?from=1` }], 'read before sending again');
    clock.increment(10_000);
    await until((s) => s.context.messages.every((m) => m.status === 'sent'));
    expect(f.inputsOf('sendLine').map((i) => i.text)).to.deep.equal(['one', 'one', 'one', 'two']);
    expect(actor.getSnapshot().context.messages.map((m) => m.eventId)).to.deep.equal(['7', '8']);
    actor.stop();
  });

  it('never sends twice a line whose answer was lost after the server took it', async () => {
    const f = fakeActors({
      sendLine: async () => Promise.reject(apiError('network')),
      readChat: async () => resource([line(1, 'visitor', 'only once')]),
    });
    const { actor, clock, until } = await liveChat(f);
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    actor.send({ type: 'user.send', text: 'only once' });
    await until((s) => s.matches({ live: { outbox: 'retrying' } }));
    clock.increment(5000);
    await until((s) => s.context.messages[0]!.status === 'sent');
    expect(f.inputsOf('sendLine')).to.have.length(1);
    expect(actor.getSnapshot().context.messages.map((m) => [m.text, m.eventId])).to.deep.equal([['only once', '1']]);
    actor.stop();
  });

  it('gives a line up after the last pause, and sends at once when the connection comes back', async () => {
    let down = true;
    const f = fakeActors({
      sendLine: async () => (down ? Promise.reject(apiError('server', 503)) : '4'),
      readChat: async () => (down ? Promise.reject(apiError('network')) : resource([])),
    });
    const { actor, clock, until } = await liveChat(f, { skill: 'Sales', timing: { sendRetryDelays: [100, 100] } } as never);
    f.poll.send(serverChat(resource([state(0, 'chatting')])));
    actor.send({ type: 'user.send', text: 'lost' });
    for (let i = 0; i < 3; i++) {
      await flush();
      clock.increment(100);
    }
    await until((s) => s.context.messages[0]!.status === 'failed');
    expect(actor.getSnapshot().context.error?.during).to.equal('send');

    actor.send({ type: 'user.send', text: 'next' });
    await until((s) => s.matches({ live: { outbox: 'retrying' } }));
    down = false;
    actor.send({ type: 'net.online' });
    await until((s) => s.context.messages[1]!.status === 'sent');
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

  it('ends the chat when it is gone, without asking it for an exit survey', async () => {
    const { actor, f, until } = await liveChat();
    f.poll.send({ type: 'poll.gone', error: { code: 'not-found', message: 'Chat session not found', retryable: false, during: 'poll' } });
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect([actor.getSnapshot().context.endedBy, actor.getSnapshot().context.vanished]).to.deep.equal(['system', true]);
    expect(f.inputsOf('loadExitSurvey')).to.have.length(0);
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
    expect(received(emitted)).to.deep.equal(['are you there?']);
    actor.stop();
  });

  it('fails loudly when an actor was not provided', async () => {
    const { actor, until } = startChat({ engagementSession: fakeActors().actors.engagementSession });
    await until((s) => s.matches('failed'));
    expect(actor.getSnapshot().context.error?.message).to.contain('"checkAvailability" not provided');
    actor.stop();
    // Without the App Engagement session actor, the machine itself stops at once.
    const bare = createActor(chatMachine, { input: {} });
    bare.subscribe({ error: () => undefined });
    bare.start();
    await flush();
    expect(bare.getSnapshot().status).to.equal('error');
    expect(String((bare.getSnapshot() as { error?: unknown }).error)).to.contain('"engagementSession" not provided');
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
    clock.increment(375);
    await until((s) => s.context.connection === 'online' && s.context.chatState === 'chatting');
    actor.stop();
  });

  it('keeps the chat going when a typing report, the wait time or the keep-alive fails', async () => {
    const clock = new SimulatedClock();
    const posted: string[] = [];
    let reads = 0;
    const api = liveChatApi({
      getEstimatedWaitTime: async () => Promise.reject(apiError('server', 500)),
      setVisitorTyping: async () => Promise.reject(apiError('malformed')),
      getInfo: async () => Promise.reject(apiError('server', 502)),
      getExitSurvey: async () => survey('X1'),
      addLine: async (_url, text) => {
        posted.push(text);
        return String(posted.length + 1);
      },
      getChat: async (url) => {
        reads++;
        return resource(reads < 4 ? [state(0, 'chatting')] : [state(0, 'chatting'), state(9, 'ended')], { state: 'chatting' }, url);
      },
    });
    const { actor, until } = startChat(createChatActors(api, clock), { timing: { pollInterval: 100, typingIdle: 50, keepAliveInterval: 50 } }, { clock });
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.context.chatState === 'chatting');
    actor.send({ type: 'user.typing' });
    await flush();
    clock.increment(50);
    await flush();
    actor.send({ type: 'user.typing' });
    actor.send({ type: 'user.send', text: 'still here' });
    await until((s) => s.context.messages.some((m) => m.status === 'sent'));
    expect(posted).to.deep.equal(['still here']);
    expect(actor.getSnapshot().status).to.equal('active');
    expect(actor.getSnapshot().context.error).to.equal(null);
    for (let i = 0; i < 4; i++) {
      clock.increment(100);
      await flush();
    }
    await until((s) => s.matches({ ended: { postChat: 'survey' } }));
    clock.increment(200);
    await flush();
    expect(actor.getSnapshot().status).to.equal('active');
    expect(actor.getSnapshot().matches({ ended: { postChat: 'survey' } })).to.equal(true);
    actor.stop();
  });
});
