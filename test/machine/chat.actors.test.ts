import { expect } from '@open-wc/testing';
import { createActor, sendTo, setup, SimulatedClock } from 'xstate';
import type { AnyEventObject } from 'xstate';
import type { CallOptions, ChatApi, ChatResource } from '../../src/api/types.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { defaultTiming } from '../../src/machine/chat.types.js';
import type { ChatActorInputs, ChatTiming } from '../../src/machine/chat.types.js';
import { CHAT_URL, apiError, deferred, fakeApi, flush, line, next, resource } from './fixtures.js';
import type { Deferred } from './fixtures.js';

interface Read {
  url: string;
  at: number;
  signal?: AbortSignal;
  result: Deferred<ChatResource>;
}

/** A fake `getChat` whose reads the test answers one by one, on a simulated clock. */
function scriptedChat(clock: SimulatedClock) {
  const reads: Read[] = [];
  const api = fakeApi({
    getChat: (url: string, options?: CallOptions) => {
      const result = deferred<ChatResource>();
      reads.push({ url, at: clock.now(), signal: options?.signal, result });
      return result.promise;
    },
  });
  return { api, reads };
}

/** Runs an actor of `createChatActors` under a parent machine that records what it sends back. */
function run<K extends keyof ChatActorInputs>(api: ChatApi, clock: SimulatedClock, src: K, input: ChatActorInputs[K]) {
  const events: AnyEventObject[] = [];
  const parent = setup({ actors: createChatActors(api, clock) }).createMachine({
    invoke: { id: 'child', src, input } as never,
    on: {
      // Forwarded to the actor under test, as the chat machine does.
      'poll.now': { actions: sendTo('child', { type: 'poll.now' }) },
      '*': { actions: ({ event }) => events.push(event) },
    },
  });
  const actor = createActor(parent, { clock }).start();
  return { actor, events };
}

const pollWith = (api: ChatApi, clock: SimulatedClock, timing: Partial<ChatTiming> = {}) =>
  run(api, clock, 'pollChat', { url: CHAT_URL, timing: { ...defaultTiming, pollInterval: 1000, ...timing } });

describe('pollChat', () => {
  it('starts the next read pollInterval after the previous one STARTED, following next links', async () => {
    const clock = new SimulatedClock();
    const { api, reads } = scriptedChat(clock);
    const { actor, events } = pollWith(api, clock);
    expect(reads.map((r) => [r.url, r.at])).to.deep.equal([[CHAT_URL, 0]]);

    clock.increment(400);
    const first = resource([line(0, 'agent', 'hi')], {}, next(1));
    reads[0].result.resolve(first);
    await flush();
    expect(events).to.deep.equal([{ type: 'server.chat', resource: first, nextUrl: next(1) }]);
    clock.increment(599);
    await flush();
    expect(reads).to.have.length(1);
    clock.increment(1);
    await flush();
    expect(reads.map((r) => [r.url, r.at])).to.deep.equal([[CHAT_URL, 0], [next(1), 1000]]);

    // A read slower than the interval is followed at once.
    clock.increment(1500);
    reads[1].result.resolve(resource([], {}));
    await flush();
    expect(reads.map((r) => [r.url, r.at])[2]).to.deep.equal([next(1), 2500], 'no next link: the same URL again');
    actor.stop();
  });

  it('retries failures after the configured pauses, the last one repeating with jitter, and resets on success', async () => {
    const clock = new SimulatedClock();
    const { api, reads } = scriptedChat(clock);
    const { actor, events } = pollWith(api, clock, { pollRetryDelays: [100, 200, 300] });
    const failNext = async () => {
      reads[reads.length - 1].result.reject(apiError('server', 503));
      await flush();
    };
    const advance = async (ms: number) => {
      clock.increment(ms);
      await flush();
    };
    await failNext();
    await advance(100);
    await failNext();
    await advance(200);
    await failNext();
    await advance(300);
    await failNext();
    await advance(299);
    expect(reads).to.have.length(4);
    await advance(76);
    expect(reads.map((r) => r.at).slice(0, 4)).to.deep.equal([0, 100, 300, 600]);
    expect(reads[4]!.at).to.be.within(900, 975, 'the last pause repeats, with up to 25 % jitter');
    expect(events.map((e) => [e.type, e.attempt, e.error?.code])).to.deep.equal([
      ['poll.failed', 1, 'server'],
      ['poll.failed', 2, 'server'],
      ['poll.failed', 3, 'server'],
      ['poll.failed', 4, 'server'],
    ]);

    const resumed = reads[4]!.at;
    reads[4].result.resolve(resource([]));
    await advance(1000);
    await failNext();
    expect(events.at(-1)).to.deep.include({ type: 'poll.failed', attempt: 1 });
    await advance(100);
    expect(reads.at(-1)?.at).to.equal(resumed + 1100);
    actor.stop();
  });

  it('caps every pause at a quarter of the interaction timeout, honours Retry-After, and wakes on poll.now', async () => {
    const clock = new SimulatedClock();
    const { api, reads } = scriptedChat(clock);
    const { actor } = pollWith(api, clock, { pollRetryDelays: [60_000, 1000, 1000], interactionTimeout: 40 });
    reads[0].result.reject(apiError('server', 503));
    await flush();
    clock.increment(9_999);
    await flush();
    expect(reads).to.have.length(1);
    clock.increment(1);
    await flush();
    expect(reads.map((r) => r.at)).to.deep.equal([0, 10_000], 'capped at 40 s / 4');

    reads[1].result.reject(Object.assign(apiError('too-many-requests', 429), { retryAfter: 7000 }));
    await flush();
    clock.increment(6_999);
    await flush();
    expect(reads).to.have.length(2, 'Retry-After is honoured');
    clock.increment(1);
    await flush();
    expect(reads).to.have.length(3);

    reads[2].result.reject(apiError('network'));
    await flush();
    actor.send({ type: 'poll.now' } as never);
    await flush();
    expect(reads).to.have.length(4, 'the connection is back: read at once');
    actor.stop();
  });

  it('reports the chat gone after more than pollFailureTolerance consecutive failures, and stops', async () => {
    const clock = new SimulatedClock();
    const { api, reads } = scriptedChat(clock);
    const { actor, events } = pollWith(api, clock, { pollRetryDelays: [100], pollFailureTolerance: 3 });
    for (let i = 0; i < 4; i++) {
      reads[i].result.reject(apiError('network'));
      await flush();
      clock.increment(125);
      await flush();
    }
    expect(events.map((e) => e.type)).to.deep.equal(['poll.failed', 'poll.failed', 'poll.failed', 'poll.gone']);
    clock.increment(10_000);
    await flush();
    expect(reads).to.have.length(4);
    actor.stop();
  });

  it('reports a 404 as gone at once, and another 4xx after one retry, but retries a 429', async () => {
    const clock = new SimulatedClock();
    const gone = scriptedChat(clock);
    const one = pollWith(gone.api, clock);
    gone.reads[0].result.reject(apiError('not-found', 404));
    await flush();
    expect(one.events.map((e) => [e.type, e.error.code])).to.deep.equal([['poll.gone', 'not-found']]);
    one.actor.stop();

    const bad = scriptedChat(clock);
    const two = pollWith(bad.api, clock, { pollRetryDelays: [100] });
    bad.reads[0].result.reject(apiError('bad-request', 400));
    await flush();
    clock.increment(100);
    await flush();
    bad.reads[1].result.reject(apiError('bad-request', 400));
    await flush();
    expect(two.events.map((e) => e.type)).to.deep.equal(['poll.failed', 'poll.gone']);
    two.actor.stop();

    const busy = scriptedChat(clock);
    const three = pollWith(busy.api, clock, { pollRetryDelays: [100] });
    for (let i = 0; i < 3; i++) {
      busy.reads[i].result.reject(apiError('too-many-requests', 429));
      await flush();
      clock.increment(125);
      await flush();
    }
    expect(three.events.map((e) => e.type)).to.deep.equal(['poll.failed', 'poll.failed', 'poll.failed']);
    expect(busy.reads).to.have.length(4);
    three.actor.stop();
  });

  it('aborts the read in flight and polls no more once stopped', async () => {
    const clock = new SimulatedClock();
    const { api, reads } = scriptedChat(clock);
    const { actor, events } = pollWith(api, clock);
    actor.stop();
    expect(reads[0].signal?.aborted).to.equal(true);
    reads[0].result.resolve(resource([line(0, 'agent', 'late')]));
    clock.increment(10_000);
    await flush();
    expect([reads.length, events.length]).to.deep.equal([1, 0]);
  });

  it('clears its timer when stopped between reads', async () => {
    const clock = new SimulatedClock();
    const { api, reads } = scriptedChat(clock);
    const { actor } = pollWith(api, clock);
    reads[0].result.resolve(resource([]));
    await flush();
    actor.stop();
    clock.increment(10_000);
    await flush();
    expect(reads).to.have.length(1);
  });
});

describe('request actors', () => {
  it('pass their abort signal to the API, so leaving the state cancels the call', async () => {
    const clock = new SimulatedClock();
    let seen: { chatUrl: string; text: string; signal?: AbortSignal } | undefined;
    const api = fakeApi({
      addLine: (chatUrl, text, options) => {
        seen = { chatUrl, text, signal: options?.signal };
        return new Promise(() => undefined);
      },
    });
    const { actor } = run(api, clock, 'sendLine', { chatUrl: CHAT_URL, text: 'hi' });
    await flush();
    expect([seen?.chatUrl, seen?.text, seen?.signal?.aborted]).to.deep.equal([CHAT_URL, 'hi', false]);
    actor.stop();
    expect(seen?.signal?.aborted).to.equal(true);
  });

  it('map inputs onto the API calls and report results', async () => {
    const clock = new SimulatedClock();
    const calls: unknown[][] = [];
    const api = fakeApi({
      requestChat: async (request) => (calls.push(['requestChat', request]), CHAT_URL),
      setVisitorName: async (url, name) => {
        calls.push(['setVisitorName', url, name]);
        throw apiError('bad-request', 400);
      },
      submitExitSurvey: async (url, id, answers) => void calls.push(['submitExitSurvey', url, id, answers]),
      getAvailability: async (skill) => (calls.push(['getAvailability', skill]), false),
    });
    const started = run(api, clock, 'requestChat', { skill: 'Sales', interactionTimeout: 40, visitorName: 'Ann' });
    await flush();
    expect(started.events.map((e) => [e.type.startsWith('xstate.done.actor'), e.output])).to.deep.equal([[true, CHAT_URL]]);
    run(api, clock, 'submitExitSurvey', { chatUrl: CHAT_URL, surveyId: 'X1', answers: { q: 'a' } });
    const availability = run(api, clock, 'checkAvailability', { skill: 'Sales' });
    await flush();
    expect(availability.events.map((e) => e.output)).to.deep.equal([false]);
    expect(calls).to.deep.equal([
      ['requestChat', { skill: 'Sales', interactionTimeout: 40, visitorName: 'Ann' }],
      ['setVisitorName', CHAT_URL, 'Ann'],
      ['submitExitSurvey', CHAT_URL, 'X1', { q: 'a' }],
      ['getAvailability', 'Sales'],
    ]);
  });

  it('let API errors through to the machine', async () => {
    const clock = new SimulatedClock();
    const error = apiError('server', 500);
    const api = fakeApi({ endChat: () => Promise.reject(error) });
    const { events } = run(api, clock, 'endChat', { chatUrl: CHAT_URL });
    await flush();
    expect(events.map((e) => [e.type.startsWith('xstate.error.actor'), e.error])).to.deep.equal([[true, error]]);
  });
});
