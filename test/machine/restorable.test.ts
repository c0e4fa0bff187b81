import { expect } from '@open-wc/testing';
import { SimulatedClock } from 'xstate';
import type { ChatApi, ChatResource } from '../../src/api/types.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { restorable } from '../../src/machine/restorable.js';
import { CHAT_URL, flush, line, liveChatApi, next, resource, startChat, state } from './fixtures.js';

/** A chat whose reads the test scripts by URL, and whose posts it can hold. */
function platform(overrides: Partial<ChatApi> = {}) {
  const pages: Record<string, ChatResource> = {
    [CHAT_URL]: resource([state(0, 'waiting'), state(1, 'chatting')], { state: 'chatting' }, next(2)),
  };
  const calls: string[] = [];
  const api = liveChatApi({
    getExitSurvey: async () => null,
    getChat: async (url) => pages[url] ?? resource([], { state: 'chatting' }, url),
    ...overrides,
  });
  const counted = new Proxy(api, {
    get: (target, key: string) => {
      const method = (target as unknown as Record<string, (...args: unknown[]) => unknown>)[key];
      return (...args: unknown[]) => {
        calls.push(key);
        return method(...args);
      };
    },
  });
  return { api: counted, pages, calls };
}

const never = () => new Promise<never>(() => {});
const timing = { pollInterval: 1000 };

describe('restorable', () => {
  it('a line in flight is read for before it is sent again after a restore: posted once when it had arrived', async () => {
    const clock = new SimulatedClock();
    let answer: () => Promise<string> = never;
    const { api, pages, calls } = platform({ addLine: () => answer() });
    const first = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.context.chatState === 'chatting');
    first.actor.send({ type: 'user.send', text: 'on its way' });
    await first.until((s) => s.matches({ live: { outbox: 'sending' } }));
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();

    const restored = restorable(persisted);
    expect(restored.context.messages.map((m: { status: string; uncertain?: boolean }) => [m.status, m.uncertain])).to.deep.equal([
      ['queued', true],
    ]);
    // The server did take it.
    pages[next(2)] = resource([line(2, 'visitor', 'on its way')], { state: 'chatting' }, next(3));
    const second = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock, snapshot: restored });
    clock.increment(1000);
    const line0 = () => second.actor.getSnapshot().context.messages[0]!;
    await second.until(() => line0().status === 'sent');
    expect([line0().eventId, line0().uncertain]).to.deep.equal(['2', undefined]);
    expect(second.actor.getSnapshot().context.messages).to.have.length(1);
    expect(calls.filter((c) => c === 'addLine')).to.have.length(1, 'not posted again');
    second.actor.stop();

    // Had it not arrived, it is posted again, once.
    delete pages[next(2)];
    answer = async () => '2';
    const third = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock, snapshot: restorable(persisted) });
    clock.increment(1000);
    await third.until((s) => s.context.messages[0]!.status === 'sent');
    expect(calls.filter((c) => c === 'addLine')).to.have.length(2);
    third.actor.stop();
  });

  it('a chat request in flight is offered again instead of starting a second chat by itself', async () => {
    const clock = new SimulatedClock();
    let answer: () => Promise<string> = never;
    const { api, calls } = platform({ requestChat: () => answer() });
    const first = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.matches('requesting'));
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();

    const second = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock, snapshot: restorable(persisted) });
    await flush();
    expect(calls.filter((c) => c === 'requestChat')).to.have.length(1);
    expect(second.actor.getSnapshot().value).to.equal('failed');
    expect(second.actor.getSnapshot().context.error).to.include({ during: 'request', retryable: true });
    answer = async () => CHAT_URL;
    second.actor.send({ type: 'user.retry' });
    await second.until((s) => s.matches('live'));
    expect(calls.filter((c) => c === 'requestChat')).to.have.length(2);
    second.actor.stop();
  });

  it('a transcript request in flight is reported failed, to be asked again', async () => {
    const clock = new SimulatedClock();
    const { api, pages, calls } = platform({ requestTranscript: never });
    const first = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.context.chatState === 'chatting');
    pages[next(2)] = resource([state(2, 'ended')], { state: 'ended' }, next(3));
    clock.increment(1000);
    await first.until((s) => s.matches({ ended: { postChat: 'done' } }));
    first.actor.send({ type: 'user.requestTranscript', email: 'a@b.c' });
    await first.until((s) => s.context.transcript === 'sending');
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();

    const second = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock, snapshot: restorable(persisted) });
    await flush();
    expect(second.actor.getSnapshot().context.transcript).to.equal('failed');
    expect(second.actor.getSnapshot().matches({ ended: { transcript: 'idle' } })).to.equal(true);
    expect(calls.filter((c) => c === 'requestTranscript')).to.have.length(1);
    second.actor.stop();
  });

  it('leaves a snapshot without posts in flight as it is', async () => {
    const clock = new SimulatedClock();
    const { api } = platform();
    const first = startChat(createChatActors(api, clock), { skill: 'Sales', timing }, { clock });
    await first.until((s) => s.matches('ready'));
    first.actor.send({ type: 'user.open' });
    await first.until((s) => s.context.chatState === 'chatting');
    const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
    first.actor.stop();
    expect(restorable(persisted)).to.deep.equal(persisted);
  });
});
