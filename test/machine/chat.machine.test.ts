import { expect } from '@open-wc/testing';
import { initialTransition, transition } from 'xstate';
import type { StateValue } from 'xstate';
import { chatMachine } from '../../src/machine/chat.machine.js';
import { statusOf } from '../../src/machine/status.js';
import type { ChatContext, ChatEmitted, ChatEvent, ErrorInfo, Message } from '../../src/machine/chat.types.js';
import { ChatApiError } from '../../src/api/errors.js';
import { CHAT_URL, apiError, contextWith, engagement, line, resource, state, survey } from './fixtures.js';
import type { Snapshot } from './fixtures.js';

type Actions = ReturnType<typeof transition<typeof chatMachine>>[1];

const at = (value: StateValue, context: Partial<ChatContext> = {}) =>
  chatMachine.resolveState({ value, context: contextWith(context) });
const step = (snapshot: Snapshot, event: ChatEvent) => transition(chatMachine, snapshot, event);
const done = (snapshot: Snapshot, id: string, output: unknown) =>
  transition(chatMachine, snapshot, { type: `xstate.done.actor.${id}`, output, actorId: id } as never);
const failure = (snapshot: Snapshot, id: string, error: unknown) =>
  transition(chatMachine, snapshot, { type: `xstate.error.actor.${id}`, error, actorId: id } as never);
const emits = (actions: Actions) =>
  actions.filter((a) => (a.type as string) === 'xstate.emit').map((a) => (a.params as { event: ChatEmitted }).event);
const spawns = (actions: Actions) =>
  actions
    .filter((a) => a.type === 'xstate.spawnChild')
    .map((a) => [(a.params as { src: string }).src, (a.params as { input?: unknown }).input]);

const LIVE = { live: { conversation: 'chatting', outbox: 'idle', typing: 'idle' } };
const liveCtx = { chatUrl: CHAT_URL, nextUrl: CHAT_URL, chatState: 'chatting' as const, open: true };
const visitorLine = (n: number, status: Message['status']): Message => ({
  key: 'v' + n,
  source: 'visitor',
  text: 'line ' + n,
  textType: 'plain',
  by: 'visitor',
  time: '',
  status,
});
const errorInfo = (during: ErrorInfo['during']): ErrorInfo => ({ code: 'server', message: 'x', retryable: true, during });

describe('chatMachine transitions', () => {
  it('starts loading the engagement with the engagement attributes, timing merged over the defaults', () => {
    const attrs = [{ type: 'personal' as const }];
    const [snapshot, actions] = initialTransition(chatMachine, { engagementAttributes: attrs, timing: { pollInterval: 50 } });
    expect(snapshot.value).to.deep.equal({ loading: 'engagement' });
    expect(snapshot.context.timing.pollInterval).to.equal(50);
    expect(snapshot.context.timing.typingIdle).to.equal(3000);
    expect(spawns(actions)).to.deep.equal([
      ['engagementSession', undefined],
      ['getEngagement', { visitorId: undefined, sessionId: undefined, consumerSections: undefined, engagementAttributes: attrs }],
    ]);
  });

  it('stores the engagement and its availability', () => {
    const [start] = initialTransition(chatMachine, {});
    const [ready] = done(start, '0.chat.loading.engagement', engagement('NotAvailable'));
    expect(ready.value).to.equal('ready');
    expect(ready.context.available).to.equal(false);
    expect(ready.context.engagement?.visitorId).to.equal('V1');
    expect(done(start, '0.chat.loading.engagement', engagement())[0].context.available).to.equal(true);
  });

  it('falls back to availability when the engagement fails, and fails when that fails too', () => {
    const [start] = initialTransition(chatMachine, { skill: 'Sales' });
    const [fallback, spawned] = failure(start, '0.chat.loading.engagement', apiError('server', 503));
    expect(fallback.value).to.deep.equal({ loading: 'availability' });
    expect(spawns(spawned)).to.deep.equal([['checkAvailability', { skill: 'Sales' }]]);
    expect(done(fallback, '0.chat.loading.availability', true)[0].context.available).to.equal(true);
    const [failed, actions] = failure(fallback, '0.chat.loading.availability', apiError('network'));
    expect(failed.value).to.equal('failed');
    expect(failed.context.error).to.deep.equal({ code: 'network', message: 'network 0', retryable: true, during: 'engagement' });
    expect(emits(actions)).to.deep.equal([{ type: 'error.raised', error: failed.context.error }]);
    expect(step(failed, { type: 'user.retry' })[0].value).to.deep.equal({ loading: 'engagement' });
  });

  it('opens the window from ready into an availability recheck, whatever the launcher said', () => {
    const [checking, actions] = step(at('ready', { available: true, unread: 2 }), { type: 'user.open' });
    expect(checking.value).to.equal('checking');
    expect([checking.context.open, checking.context.unread]).to.deep.equal([true, 0]);
    expect(emits(actions)).to.deep.equal([], 'the element reads the window state from the snapshot');
    expect(step(at('ready', { available: false }), { type: 'user.open' })[0].value).to.equal('checking');
  });

  it('goes on to checking when the window was opened while loading', () => {
    const [start] = initialTransition(chatMachine, {});
    const [opened, actions] = step(start, { type: 'user.open' });
    expect([opened.value, opened.context.open]).to.deep.equal([{ loading: 'engagement' }, true]);
    expect(emits(actions)).to.deep.equal([]);
    expect(done(opened, '0.chat.loading.engagement', engagement())[0].value).to.equal('checking');
  });

  it('only minimises a live chat on close', () => {
    const [again] = step(at('checking', { open: true }), { type: 'user.open' });
    expect([again.value, again.context.open]).to.deep.equal(['checking', true]);
    const [minimised] = step(at(LIVE, { ...liveCtx }), { type: 'user.close' });
    expect(minimised.value).to.deep.equal(LIVE, 'closing during a chat only minimises it');
    expect(minimised.context.open).to.equal(false);
  });

  it('routes the availability recheck', () => {
    const s = at('checking', { open: true });
    expect(done(s, '0.chat.checking', true)[0].value).to.deep.equal({ preChat: 'loading' });
    expect(done(s, '0.chat.checking', false)[0].value).to.deep.equal({ offline: 'loading' });
    const [failed] = failure(s, '0.chat.checking', apiError('server', 500));
    expect([failed.value, failed.context.error?.during]).to.deep.equal(['failed', 'availability']);
    expect(step(failed, { type: 'user.retry' })[0].value).to.equal('checking');
    expect(step(failed, { type: 'user.close' })[0].value).to.equal('ready');
  });

  it('keeps an engagement failure on close so the launcher can offer retry', () => {
    const [s] = step(at('failed', { open: true, error: errorInfo('engagement') }), { type: 'user.close' });
    expect([s.value, s.context.open]).to.deep.equal(['failed', false]);
  });

  it('shows the pre-chat survey, or requests at once without one or when it fails to load', () => {
    const s = at({ preChat: 'loading' }, { open: true });
    const [form] = done(s, '0.chat.preChat.loading', survey());
    expect(form.value).to.deep.equal({ preChat: 'form' });
    expect(done(s, '0.chat.preChat.loading', null)[0].value).to.equal('requesting');
    const [requesting, actions] = failure(s, '0.chat.preChat.loading', apiError('server', 500));
    expect(requesting.value).to.equal('requesting');
    expect(requesting.context.error).to.equal(null);
    expect(emits(actions)).to.deep.equal([]);
  });

  it('requests the chat with the survey answers, skill, engagement, language, interaction timeout, referrer and browser', () => {
    const input = { skill: 'Sales', language: 'fr-FR', visitorName: 'Ann', chatReferrer: 'https://shop.example/tents', userAgent: 'UA/1' };
    const s = at({ preChat: 'form' }, { survey: survey('S9'), engagement: engagement(), input });
    const [requesting, actions] = step(s, { type: 'user.submitSurvey', answers: { q1: 'Ann' } });
    expect(requesting.value).to.equal('requesting');
    expect(spawns(actions)).to.deep.equal([
      [
        'requestChat',
        {
          skill: 'Sales',
          engagement: engagement(),
          survey: { id: 'S9', answers: { q1: 'Ann' } },
          language: 'fr-FR',
          interactionTimeout: 40,
          visitorName: 'Ann',
          chatReferrer: 'https://shop.example/tents',
          userAgent: 'UA/1',
        },
      ],
    ]);
  });

  it('goes live on the chat URL and polls from it; a request failure can be retried', () => {
    const s = at('requesting', { open: true });
    const [live, actions] = done(s, '0.chat.requesting', CHAT_URL);
    expect(live.value).to.deep.equal({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } });
    expect([live.context.chatUrl, live.context.nextUrl, live.context.chatState]).to.deep.equal([CHAT_URL, CHAT_URL, 'waiting']);
    expect(spawns(actions).map(([src]) => src)).to.have.members(['pollChat', 'getEstimatedWaitTime']);
    expect(spawns(actions).find(([src]) => src === 'pollChat')?.[1]).to.deep.include({ url: CHAT_URL });
    const [failed] = failure(s, '0.chat.requesting', apiError('too-many-requests', 429));
    expect([failed.value, failed.context.error?.during, failed.context.error?.retryable]).to.deep.equal(['failed', 'request', true]);
    const [retry] = step(failed, { type: 'user.retry' });
    expect([retry.value, retry.context.error]).to.deep.equal(['requesting', null]);
  });

  it('queues lines while waiting and ignores blank ones', () => {
    let [s] = step(at({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } }, { ...liveCtx, chatState: 'waiting' }), {
      type: 'user.send',
      text: '  hi  ',
    });
    [s] = step(s, { type: 'user.send', text: '   ' });
    expect(s.context.messages.map((m) => [m.key, m.text, m.status, m.source])).to.deep.equal([['v1', 'hi', 'queued', 'visitor']]);
    expect(s.value).to.deep.include({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } });
  });

  it('sends the first pending line once chatting starts', () => {
    const s = at({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } }, {
      ...liveCtx,
      chatState: 'waiting',
      messages: [visitorLine(1, 'queued'), visitorLine(2, 'queued')],
    });
    const [chatting, actions] = step(s, { type: 'server.chat', resource: resource([state(2, 'chatting')]), nextUrl: CHAT_URL + '?from=3' });
    expect(chatting.value).to.deep.equal({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } });
    expect(chatting.context.sendingKey).to.equal('v1');
    expect(chatting.context.messages.map((m) => m.status)).to.deep.equal(['sending', 'queued']);
    expect(chatting.context.nextUrl).to.equal(CHAT_URL + '?from=3');
    expect(spawns(actions)).to.deep.include(['sendLine', { chatUrl: CHAT_URL, text: 'line 1' }]);
  });

  it('marks a sent line with its event id and moves on to the next', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } }, {
      ...liveCtx,
      messages: [visitorLine(1, 'sending'), visitorLine(2, 'queued')],
      sendingKey: 'v1',
    });
    const [sent] = done(s, '0.chat.live.outbox.sending', '12');
    expect(sent.context.messages.map((m) => [m.status, m.eventId])).to.deep.equal([['sent', '12'], ['sending', undefined]]);
    expect(sent.context.sendingKey).to.equal('v2');
  });

  it('keeps a line whose attempt failed for a passing reason in its place, uncertain, and holds the later ones', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } }, {
      ...liveCtx,
      messages: [visitorLine(1, 'sending'), visitorLine(2, 'queued')],
      sendingKey: 'v1',
    });
    const [waiting, actions] = failure(s, '0.chat.live.outbox.sending', apiError('server', 500));
    expect(waiting.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'retrying', typing: 'idle' } });
    expect(waiting.context.messages.map((m) => [m.status, m.uncertain])).to.deep.equal([['queued', true], ['queued', undefined]]);
    expect([waiting.context.sendingKey, waiting.context.sendAttempt, waiting.context.sendRetryIn]).to.deep.equal(['v1', 1, 5000]);
    expect(waiting.context.error).to.equal(null, 'no banner while the policy retries');
    expect(emits(actions).map((e) => e.type)).to.deep.equal(['error.raised'], 'the host hears of the first failure');
    const [again, more] = failure(
      chatMachine.resolveState({ value: s.value, context: { ...s.context, sendAttempt: 1 } }),
      '0.chat.live.outbox.sending',
      apiError('timeout'),
    );
    expect([again.context.sendAttempt, again.context.sendRetryIn]).to.deep.equal([2, 10000]);
    expect(emits(more)).to.deep.equal([], 'reported once per line');
  });

  it('waits out a 429 as told, and does not doubt a line the server refused to take', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } }, {
      ...liveCtx,
      messages: [visitorLine(1, 'sending')],
      sendingKey: 'v1',
    });
    const limited = (retryAfter?: number) => new ChatApiError({ code: 'too-many-requests', message: 'slow down', status: 429, retryAfter });
    const [waiting] = failure(s, '0.chat.live.outbox.sending', limited(2500));
    expect([waiting.context.sendRetryIn, waiting.context.messages[0]!.uncertain]).to.deep.equal([2500, undefined]);
    expect(failure(s, '0.chat.live.outbox.sending', limited(200))[0].context.sendRetryIn).to.equal(1000, 'at least 1 s');
    expect(failure(s, '0.chat.live.outbox.sending', limited())[0].context.sendRetryIn).to.equal(1000);
  });

  it('gives up on a refused line at once, failing the lines behind it so none arrives out of order', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } }, {
      ...liveCtx,
      messages: [visitorLine(1, 'sent'), visitorLine(2, 'sending'), visitorLine(3, 'queued')],
      sendingKey: 'v2',
    });
    const [failed, actions] = failure(s, '0.chat.live.outbox.sending', apiError('bad-request', 400));
    expect(failed.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'idle', typing: 'idle' } });
    expect(failed.context.messages.map((m) => m.status)).to.deep.equal(['sent', 'failed', 'failed']);
    expect([failed.context.sendingKey, failed.context.error?.during]).to.deep.equal([null, 'send']);
    expect(emits(actions).map((e) => e.type)).to.deep.equal(['error.raised']);
  });

  it('gives up once the retry policy is spent', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } }, {
      ...liveCtx,
      messages: [visitorLine(1, 'sending')],
      sendingKey: 'v1',
      sendAttempt: 6,
    });
    const [failed] = failure(s, '0.chat.live.outbox.sending', apiError('server', 503));
    expect([failed.context.messages[0]!.status, failed.context.error?.during]).to.deep.equal(['failed', 'send']);
  });

  it('clears a send error once a later line is sent', () => {
    const s = at(LIVE, { ...liveCtx, messages: [visitorLine(1, 'failed')], error: errorInfo('send'), seq: 1 });
    const [sending] = step(s, { type: 'user.send', text: 'later' });
    expect([sending.context.sendingKey, sending.context.error?.during]).to.deep.equal(['v2', 'send']);
    const [sent] = done(sending, '0.chat.live.outbox.sending', '13');
    expect(sent.context.messages.map((m) => [m.status, m.eventId])).to.deep.equal([['failed', undefined], ['sent', '13']]);
    expect(sent.context.error).to.equal(null);
    const other = { ...sending.context, error: errorInfo('poll') };
    const [kept] = done(chatMachine.resolveState({ value: sending.value, context: other }), '0.chat.live.outbox.sending', '13');
    expect(kept.context.error).to.deep.equal(errorInfo('poll'), 'only a send error is cleared');
  });

  it('re-queues a failed line on retryLine, with the failed lines held behind it, in order', () => {
    const s = at(LIVE, {
      ...liveCtx,
      messages: [visitorLine(1, 'failed'), visitorLine(2, 'sent'), visitorLine(3, 'failed'), visitorLine(4, 'failed')],
      error: errorInfo('send'),
    });
    const [retried] = step(s, { type: 'user.retryLine', key: 'v3' });
    expect(retried.context.messages.map((m) => m.status)).to.deep.equal(['failed', 'sent', 'sending', 'queued']);
    expect(retried.context.sendingKey).to.equal('v3');
    expect(retried.context.error).to.equal(null);
    const [same] = step(s, { type: 'user.retryLine', key: 'v2' });
    expect(same.context.messages.map((m) => m.status)).to.deep.equal(['failed', 'sent', 'failed', 'failed']);
  });

  it('reads the chat before sending again a line whose last attempt may have arrived', () => {
    const s = at(LIVE, {
      ...liveCtx,
      lastEventId: 6,
      messages: [{ ...visitorLine(1, 'queued'), uncertain: true }],
    });
    const [reading, actions] = step(s, { type: 'user.typing' });
    expect(reading.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'reconciling', typing: { typing: 'counting' } } });
    expect(spawns(actions)).to.deep.include(['readChat', { url: `${CHAT_URL}?from=7` }]);
    // The echo is there: sent, not posted again.
    const [settled] = done(reading, '0.chat.live.outbox.reconciling', resource([line(7, 'visitor', 'line 1')]));
    expect(settled.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'idle', typing: { typing: 'counting' } } });
    expect(settled.context.messages.map((m) => [m.status, m.eventId, m.uncertain])).to.deep.equal([['sent', '7', undefined]]);
    expect(settled.context.lastEventId).to.equal(7);
    // No echo: sent again.
    const [resent, again] = done(reading, '0.chat.live.outbox.reconciling', resource([line(7, 'agent', 'hm?')]));
    expect(resent.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'sending', typing: { typing: 'counting' } } });
    expect(spawns(again)).to.deep.include(['sendLine', { chatUrl: CHAT_URL, text: 'line 1' }]);
  });

  it('a line whose echo came while its reconciling read failed is sent, not left "Sending…"', () => {
    const s = at(LIVE, { ...liveCtx, lastEventId: 6, messages: [{ ...visitorLine(1, 'queued'), uncertain: true }] });
    const [reading] = step(s, { type: 'user.typing' });
    expect(reading.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'reconciling', typing: { typing: 'counting' } } });
    // Meanwhile the poll brings its echo: the line is proved sent.
    const [echoed] = step(reading, { type: 'server.chat', resource: resource([line(7, 'visitor', 'line 1')]), nextUrl: null });
    expect(echoed.context.messages.map((m) => [m.status, m.eventId])).to.deep.equal([['sent', '7']]);
    // The reconciling read fails: the line stays sent, and the outbox is done with it.
    const [after] = failure(echoed, '0.chat.live.outbox.reconciling', apiError('server', 503));
    expect(after.context.messages.map((m) => [m.status, m.eventId, m.uncertain])).to.deep.equal([['sent', '7', undefined]]);
    expect(after.context.sendingKey).to.equal(null);
    expect(after.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'idle', typing: { typing: 'counting' } } });
  });

  it('a reconciling read that finds an echo already seen settles the line as sent', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'reconciling', typing: 'idle' } }, {
      ...liveCtx,
      lastEventId: 7,
      messages: [{ ...visitorLine(1, 'sending'), eventId: '7', uncertain: true }],
      sendingKey: 'v1',
    });
    const [settled] = done(s, '0.chat.live.outbox.reconciling', resource([]));
    expect(settled.context.messages.map((m) => [m.status, m.uncertain])).to.deep.equal([['sent', undefined]]);
    expect(settled.context.sendingKey).to.equal(null);
  });

  it('lets an echo settle a line that waits for its next attempt', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'retrying', typing: 'idle' } }, {
      ...liveCtx,
      messages: [{ ...visitorLine(1, 'queued'), uncertain: true }, visitorLine(2, 'queued')],
      sendingKey: 'v1',
      sendAttempt: 1,
    });
    const [next] = step(s, { type: 'server.chat', resource: resource([line(3, 'visitor', 'line 1')]), nextUrl: null });
    expect(next.context.messages.map((m) => m.status)).to.deep.equal(['sent', 'sending']);
    expect(next.context.sendingKey).to.equal('v2');
  });

  it('sends at once when the connection comes back during a pause', () => {
    const s = at({ live: { conversation: 'chatting', outbox: 'retrying', typing: 'idle' } }, {
      ...liveCtx,
      messages: [visitorLine(1, 'queued')],
      sendingKey: 'v1',
      sendAttempt: 1,
    });
    const [sending, actions] = step(s, { type: 'net.online' });
    expect(sending.value).to.deep.include({ live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' } });
    expect(spawns(actions)).to.deep.include(['sendLine', { chatUrl: CHAT_URL, text: 'line 1' }]);
  });

  it('shows reconnecting while the browser is offline', () => {
    const [s] = step(at(LIVE, liveCtx), { type: 'net.offline' });
    expect([s.value, s.context.connection]).to.deep.equal([LIVE, 'reconnecting']);
  });

  it('reports typing only while chatting, and not-typing when a line is sent', () => {
    const waiting = at({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } }, { ...liveCtx, chatState: 'waiting' });
    expect(step(waiting, { type: 'user.typing' })[0].value).to.deep.include({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } });
    const [typing, started] = step(at(LIVE, liveCtx), { type: 'user.typing' });
    expect(spawns(started)).to.deep.equal([['setTyping', { chatUrl: CHAT_URL, typing: true }]]);
    const [again, restarted] = step(typing, { type: 'user.typing' });
    expect(spawns(restarted)).to.deep.equal([], 'a keystroke only restarts the idle delay');
    expect(restarted.map((a) => a.type)).to.include.members(['xstate.cancel', 'xstate.raise']);
    const [sent, stopped] = step(again, { type: 'user.send', text: 'hi' });
    expect(sent.value).to.deep.equal({ live: { conversation: 'chatting', outbox: 'sending', typing: 'stopping' } });
    expect(spawns(stopped)).to.deep.include(['setTyping', { chatUrl: CHAT_URL, typing: false }]);
    expect(sent.context.messages).to.have.length(1);
    expect(done(sent, '0.chat.live.typing.stopping', undefined)[0].value).to.deep.include({
      live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' },
    });
    const [reported] = failure(sent, '0.chat.live.typing.stopping', apiError('server', 500));
    expect(reported.value, 'a failed report is ignored').to.deep.include({
      live: { conversation: 'chatting', outbox: 'sending', typing: 'idle' },
    });
    const [still] = failure(typing, '0.chat.live.typing.typing', apiError('server', 500));
    expect(still.value).to.deep.equal(typing.value);
    expect(still.context.error).to.equal(null);
  });

  it('applies polls: reconnecting on failure, online again on success, emitting new lines', () => {
    let s = at(LIVE, liveCtx);
    let actions: Actions;
    [s, actions] = step(s, { type: 'poll.failed', error: errorInfo('poll'), attempt: 1 });
    expect([s.context.connection, s.context.error?.during]).to.deep.equal(['reconnecting', 'poll']);
    expect(emits(actions)).to.have.length(1);
    [s, actions] = step(s, { type: 'poll.failed', error: errorInfo('poll'), attempt: 2 });
    expect(emits(actions)).to.have.length(0, 'one report per outage');
    [s, actions] = step(s, { type: 'server.chat', resource: resource([line(5, 'agent', 'back')]), nextUrl: null });
    expect([s.context.connection, s.context.error, s.context.nextUrl]).to.deep.equal(['online', null, CHAT_URL]);
    expect(emits(actions)).to.deep.equal([{ type: 'message.received', message: s.context.messages[0] }]);
  });

  it('ends when the server says so, failing lines it could not send', () => {
    const s = at(LIVE, { ...liveCtx, messages: [visitorLine(1, 'sending')] });
    const [ended] = step(s, { type: 'server.chat', resource: resource([line(7, 'system', 'bye', { systemMessageId: 5 }), state(8, 'ended')]), nextUrl: null });
    expect(ended.value).to.deep.equal({ ended: { postChat: 'loading', transcript: 'idle' } });
    expect(ended.context.endedBy).to.equal('agent');
    expect(ended.context.messages.map((m) => m.status)).to.deep.equal(['failed', 'sent']);
  });

  it('shows a chat that is gone (404) as ended, transcript kept, asking nothing more of it', () => {
    const error: ErrorInfo = { code: 'not-found', message: 'gone', retryable: false, during: 'poll' };
    const s = at(LIVE, { ...liveCtx, messages: [visitorLine(1, 'sent')] });
    const [ended, actions] = step(s, { type: 'poll.gone', error });
    expect(ended.value).to.deep.include({ ended: { postChat: 'done', transcript: 'idle' } });
    expect([ended.context.endedBy, ended.context.error, ended.context.vanished]).to.deep.equal(['system', null, true]);
    expect(ended.context.messages).to.deep.equal(s.context.messages);
    expect(emits(actions)).to.deep.equal([]);
    const [asked] = step(ended, { type: 'user.requestTranscript', email: 'a@b.example' });
    expect(asked.value).to.deep.include({ ended: { postChat: 'done', transcript: 'idle' } });
    expect(step(ended, { type: 'user.newChat' })[0].value).to.equal('checking');
  });

  it('ends with an error when the chat stops answering', () => {
    const error: ErrorInfo = { code: 'server', message: 'down', retryable: true, during: 'poll' };
    const [ended, actions] = step(at(LIVE, liveCtx), { type: 'poll.gone', error });
    expect(ended.value).to.deep.include({ ended: { postChat: 'loading', transcript: 'idle' } });
    expect([ended.context.endedBy, ended.context.error]).to.deep.equal(['system', error]);
    expect(emits(actions)).to.deep.equal([{ type: 'error.raised', error }]);
  });

  it('leaves no reconnecting banner or typing agent behind when the chat is gone', () => {
    let [s] = step(at(LIVE, { ...liveCtx, agentTyping: true }), { type: 'poll.failed', error: errorInfo('poll'), attempt: 1 });
    expect(s.context.connection).to.equal('reconnecting');
    const error: ErrorInfo = { code: 'server', message: 'down', retryable: true, during: 'poll' };
    [s] = step(s, { type: 'poll.gone', error });
    expect([s.context.connection, s.context.agentTyping, s.context.chatState, s.context.error]).to.deep.equal([
      'online',
      false,
      'ended',
      error,
    ]);
  });

  it('ends by the visitor, keeping an end failure', () => {
    const [ending] = step(at(LIVE, liveCtx), { type: 'user.end' });
    expect(ending.value).to.equal('ending');
    const [ended] = done(ending, '0.chat.ending', undefined);
    expect([ended.context.endedBy, ended.context.error]).to.deep.equal(['visitor', null]);
    const [endedAnyway] = failure(ending, '0.chat.ending', apiError('network'));
    expect(endedAnyway.value).to.deep.include({ ended: { postChat: 'loading', transcript: 'idle' } });
    expect([endedAnyway.context.endedBy, endedAnyway.context.error?.during]).to.deep.equal(['visitor', 'end']);
  });

  it('tracks a transcript request beside the exit survey', () => {
    const s = at({ ended: { postChat: 'survey', transcript: 'idle' } }, { ...liveCtx, chatState: 'ended', survey: survey() });
    const [sending, actions] = step(s, { type: 'user.requestTranscript', email: 'a@b.c' });
    expect(sending.value).to.deep.equal({ ended: { postChat: 'survey', transcript: 'sending' } });
    expect(sending.context.transcript).to.equal('sending');
    expect(spawns(actions)).to.deep.equal([['requestTranscript', { chatUrl: CHAT_URL, email: 'a@b.c' }]]);
    const [submitting] = step(sending, { type: 'user.submitSurvey', answers: { q1: 'x' } });
    expect(submitting.value).to.deep.equal({ ended: { postChat: 'submitting', transcript: 'sending' } });
    const [sent] = done(submitting, '0.chat.ended.transcript.sending', undefined);
    expect([sent.context.transcript, sent.value]).to.deep.equal(['sent', { ended: { postChat: 'submitting', transcript: 'idle' } }]);
    expect(failure(sending, '0.chat.ended.transcript.sending', apiError('server'))[0].context.transcript).to.equal('failed');
  });

  it('keeps the ended chat on close and reopen; starts over on new chat (to checking)', () => {
    const ENDED = { ended: { postChat: 'survey', transcript: 'idle' } };
    const s = at(ENDED, {
      ...liveCtx,
      chatState: 'ended',
      endedBy: 'agent',
      survey: survey('X1'),
      transcript: 'failed',
      messages: [visitorLine(1, 'sent')],
      lastEventId: 9,
      seq: 1,
    });
    const [closed] = step(s, { type: 'user.close' });
    expect(closed.value).to.deep.equal(ENDED);
    expect(closed.context).to.deep.equal({ ...s.context, open: false });
    const [reopened] = step(closed, { type: 'user.open' });
    expect(reopened.value).to.deep.equal(ENDED);
    expect(reopened.context).to.deep.equal({ ...s.context, open: true, unread: 0 });
    const [checking] = step(s, { type: 'user.newChat' });
    expect([checking.value, checking.context.open, checking.context.messages, checking.context.chatUrl]).to.deep.equal([
      'checking',
      true,
      [],
      null,
    ]);
    expect([checking.context.lastEventId, checking.context.endedBy, checking.context.survey, checking.context.transcript]).to.deep.equal([
      -1,
      null,
      null,
      'idle',
    ]);
    const [again] = step(closed, { type: 'user.newChat' });
    expect([again.value, again.context.open]).to.deep.equal(['checking', false]);
  });

  it('leaves the offline flow for ready on close once done', () => {
    expect(step(at({ offline: 'sent' }, { open: true }), { type: 'user.close' })[0].value).to.equal('ready');
    expect(step(at({ offline: 'noSurvey' }, { open: true }), { type: 'user.close' })[0].value).to.equal('ready');
    expect(step(at({ offline: 'form' }, { open: true, survey: survey() }), { type: 'user.close' })[0].value).to.deep.equal({ offline: 'form' });
  });
});

describe('statusOf', () => {
  const cases: Array<[StateValue, Partial<ChatContext>, string]> = [
    [{ loading: 'engagement' }, {}, 'loading'],
    ['ready', { available: true }, 'available'],
    ['ready', { available: false }, 'unavailable'],
    ['checking', {}, 'connecting'],
    [{ preChat: 'loading' }, {}, 'connecting'],
    [{ preChat: 'form' }, {}, 'prechat'],
    ['requesting', {}, 'connecting'],
    [{ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } }, { chatState: 'waiting' }, 'waiting'],
    [LIVE, { chatState: 'chatting' }, 'chatting'],
    ['ending', { chatState: 'chatting' }, 'chatting'],
    ['transferring', { chatState: 'waiting' }, 'waiting'],
    [{ ended: { postChat: 'survey', transcript: 'idle' } }, {}, 'ended'],
    [{ offline: 'form' }, {}, 'offline'],
    ['failed', {}, 'error'],
  ];
  for (const [value, context, status] of cases) {
    it(`${JSON.stringify(value)} is ${status}`, () => {
      expect(statusOf(at(value, context))).to.equal(status);
    });
  }
});

describe('chatMachine types', () => {
  it('accepts only the contract events and input', () => {
    const [s] = initialTransition(chatMachine, { skill: 'Sales' });
    // @ts-expect-error not a machine event
    expect(() => step(s, { type: 'user.shout' })).not.to.throw();
    // @ts-expect-error user.send needs its text
    step(s, { type: 'user.send' });
    // @ts-expect-error timing values are numbers
    initialTransition(chatMachine, { timing: { pollInterval: '2s' } });
    expect(s.context.input.skill).to.equal('Sales');
  });
});
