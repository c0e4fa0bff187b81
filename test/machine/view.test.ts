import { expect } from '@open-wc/testing';
import type { StateValue } from 'xstate';
import { chatMachine } from '../../src/machine/chat.machine.js';
import type { ChatContext, ErrorInfo } from '../../src/machine/chat.types.js';
import { configErrorView, viewOf, type ChatView } from '../../src/machine/view.js';
import {
  CHAT_URL,
  apiError,
  contextWith,
  deferred,
  engagement,
  fakeActors,
  line,
  next,
  resource,
  startChat,
  state,
  survey,
} from './fixtures.js';

const at = (value: StateValue, context: Partial<ChatContext> = {}) =>
  chatMachine.resolveState({ value, context: contextWith(context) });
const errorInfo = (during: ErrorInfo['during'], retryable = true): ErrorInfo => ({ code: 'server', message: 'x', retryable, during });
const serverChat = (r: ReturnType<typeof resource>, nextUrl: string | null = null) => ({ type: 'server.chat' as const, resource: r, nextUrl });
/** The view without the launcher's fields, for comparing screens. */
const screen = ({ notice: _n, leaveMessage: _l, unread: _u, ...rest }: ChatView) => rest;

/** A chat started with fake actors and opened, in the queue. */
async function waitingChat(f = fakeActors()) {
  const chat = startChat(f.actors);
  await chat.until((s) => s.matches('ready'));
  chat.actor.send({ type: 'user.open' });
  await chat.until((s) => s.matches('live') && s.context.estimatedWaitTime !== null);
  return { ...chat, f, view: () => viewOf(chat.actor.getSnapshot()) };
}

describe('viewOf', () => {
  it('loading, then the launcher: no body to speak of, the launcher says whether anyone is there', async () => {
    const held = deferred<ReturnType<typeof engagement>>();
    const { actor, until } = startChat(fakeActors({ getEngagement: () => held.promise }).actors);
    expect(viewOf(actor.getSnapshot())).to.deep.equal({ kind: 'loading', notice: null, leaveMessage: false, unread: 0 });
    held.resolve(engagement('NotAvailable'));
    await until((s) => s.matches('ready'));
    expect(viewOf(actor.getSnapshot())).to.deep.equal({ kind: 'connecting', notice: null, leaveMessage: true, unread: 0 });
    actor.stop();
  });

  it('connecting while availability is rechecked, the survey loads and the chat is requested', async () => {
    const request = deferred<string>();
    const preChat = deferred<ReturnType<typeof survey> | null>();
    const { actor, until } = startChat(fakeActors({ loadPreChatSurvey: () => preChat.promise, requestChat: () => request.promise }).actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    expect(actor.getSnapshot().value).to.equal('checking');
    expect(screen(viewOf(actor.getSnapshot()))).to.deep.equal({ kind: 'connecting' });
    await until((s) => s.matches({ preChat: 'loading' }));
    expect(screen(viewOf(actor.getSnapshot()))).to.deep.equal({ kind: 'connecting' });
    preChat.resolve(null);
    await until((s) => s.matches('requesting'));
    expect(screen(viewOf(actor.getSnapshot()))).to.deep.equal({ kind: 'connecting' });
    actor.stop();
  });

  it('prechat: the survey to fill in', async () => {
    const { actor, until } = startChat(fakeActors({ loadPreChatSurvey: async () => survey('P1') }).actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ preChat: 'form' }));
    expect(viewOf(actor.getSnapshot())).to.deep.equal({ kind: 'prechat', survey: survey('P1'), notice: null, leaveMessage: false, unread: 0 });
    actor.stop();
  });

  it('error: the failure, with retry only when trying again can help, and no notice repeating it', async () => {
    const { actor, until } = startChat(fakeActors({ requestChat: async () => Promise.reject(apiError('server', 503)) }).actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('failed'));
    const view = viewOf(actor.getSnapshot());
    expect(view).to.deep.include({ kind: 'error', canRetry: true, notice: null });
    expect(view.kind === 'error' && view.error).to.deep.include({ code: 'server', during: 'request', retryable: true });
    actor.stop();

    const final = viewOf(at('failed', { open: true, error: errorInfo('engagement', false) }));
    expect(final).to.deep.include({ kind: 'error', canRetry: false, notice: null });
  });

  it('live, waiting: the conversation, the estimated wait, and a composer that takes lines already', async () => {
    const { actor, f, view } = await waitingChat();
    f.poll.send(serverChat(resource([state(0, 'waiting'), line(1, 'system', 'Please wait')], { state: 'waiting' }), next(2)));
    const v = view();
    expect(screen(v)).to.deep.equal({
      kind: 'live',
      conversation: { messages: actor.getSnapshot().context.messages, agentName: null, agentTyping: false, canRetry: true },
      waiting: true,
      ending: false,
      estimatedWait: 30,
      canSend: true,
    });
    expect(v.kind === 'live' && v.conversation.messages.map((m) => m.text)).to.deep.equal(['Please wait']);
    expect([v.notice, v.leaveMessage, v.unread]).to.deep.equal([null, false, 0]);
    actor.stop();
  });

  it('live, waiting: no estimate when the platform has none (negative values)', async () => {
    const { actor, view } = await waitingChat(fakeActors({ getEstimatedWaitTime: async () => -1 }));
    expect(view()).to.deep.include({ kind: 'live', waiting: true, estimatedWait: null });
    actor.stop();
  });

  it('live, chatting: the agent, typing; no estimate any more', async () => {
    const { actor, f, view } = await waitingChat();
    f.poll.send(serverChat(resource([state(0, 'chatting')], { state: 'chatting', agentName: 'Natalie', agentTyping: 'typing' }), next(1)));
    const v = view();
    expect(v).to.deep.include({ kind: 'live', waiting: false, ending: false, estimatedWait: null, canSend: true });
    expect(v.kind === 'live' && v.conversation).to.deep.include({ agentName: 'Natalie', agentTyping: true, canRetry: true });
    actor.stop();
  });

  it('notices: "reconnecting" while polls fail, then a line the server refused', async () => {
    const { actor, f, view, until } = await waitingChat(fakeActors({ sendLine: async () => Promise.reject(apiError('bad-request', 400)) }));
    f.poll.send({ type: 'poll.failed', error: errorInfo('poll'), attempt: 1 });
    expect(view().notice).to.deep.equal({ kind: 'reconnecting' });
    f.poll.send(serverChat(resource([state(0, 'chatting')], { state: 'chatting' }), next(1)));
    expect(view().notice).to.equal(null);
    actor.send({ type: 'user.send', text: 'hello' });
    await until((s) => s.context.messages.at(-1)?.status === 'failed');
    const v = view();
    expect(v.notice).to.deep.include({ kind: 'error' });
    expect(v.notice?.kind === 'error' && v.notice.error.during).to.equal('send');
    expect(v.kind === 'live' && v.conversation.messages.at(-1)?.status).to.equal('failed');
    actor.stop();
  });

  it('live, ending: still the conversation, nothing more can be sent or retried', async () => {
    const end = deferred();
    const { actor, f, view } = await waitingChat(fakeActors({ endChat: () => end.promise }));
    f.poll.send(serverChat(resource([state(0, 'chatting')], { state: 'chatting', agentName: 'Natalie' }), next(1)));
    actor.send({ type: 'user.end' });
    const v = view();
    expect(v).to.deep.include({ kind: 'live', waiting: false, ending: true, canSend: false });
    expect(v.kind === 'live' && v.conversation.canRetry).to.equal(false);
    end.resolve();
    actor.stop();
  });

  it('ended: loading, the exit survey, submitting, then thanks with the transcript form', async () => {
    const exit = deferred<ReturnType<typeof survey> | null>();
    const submit = deferred();
    const transcript = deferred();
    const { actor, f, view, until } = await waitingChat(
      fakeActors({ loadExitSurvey: () => exit.promise, submitExitSurvey: () => submit.promise, requestTranscript: () => transcript.promise }),
    );
    f.poll.send(serverChat(resource([line(0, 'agent', 'Bye'), state(1, 'ended')], { state: 'ended', agentName: 'Natalie' })));
    expect(screen(view())).to.deep.equal({
      kind: 'ended',
      conversation: { messages: actor.getSnapshot().context.messages, agentName: 'Natalie', agentTyping: false, canRetry: false },
      step: 'loading',
    });
    exit.resolve(survey('X1'));
    await until((s) => s.matches({ ended: { postChat: 'survey' } }));
    expect(view()).to.deep.include({ kind: 'ended', step: 'survey', survey: survey('X1') });
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'ok' } });
    expect(view()).to.deep.include({ kind: 'ended', step: 'submitting', survey: survey('X1') });
    submit.resolve();
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect(view()).to.deep.include({ kind: 'ended', step: 'thanks', transcript: 'idle', notice: null });
    actor.send({ type: 'user.requestTranscript', email: 'ann@example.com' });
    expect(view()).to.deep.include({ step: 'thanks', transcript: 'sending' });
    transcript.reject(apiError('server', 500));
    await until((s) => s.context.transcript === 'failed');
    // The transcript form shows its own failure: no notice for it.
    expect(view()).to.deep.include({ step: 'thanks', transcript: 'failed', notice: null });
    actor.stop();
  });

  it('ended without an exit survey: thanks at once', async () => {
    const { actor, f, view, until } = await waitingChat();
    f.poll.send(serverChat(resource([state(0, 'ended')], { state: 'ended' })));
    await until((s) => s.matches({ ended: { postChat: 'done' } }));
    expect(view()).to.deep.include({ kind: 'ended', step: 'thanks', transcript: 'idle' });
    actor.stop();
  });

  it('a chat that is gone ends with the failure as a notice above the conversation', async () => {
    const { actor, f, view } = await waitingChat();
    f.poll.send({ type: 'poll.gone', error: errorInfo('poll', false) });
    const v = view();
    expect(v.kind).to.equal('ended');
    expect(v.notice).to.deep.equal({ kind: 'error', error: errorInfo('poll', false) });
    actor.stop();
  });

  it('offline: loading, the form, sending, a failed submission as a notice over the form, then sent', async () => {
    const load = deferred<ReturnType<typeof survey> | null>();
    let attempts = 0;
    const f = fakeActors({
      getEngagement: async () => engagement('NotAvailable'),
      checkAvailability: async () => false,
      loadOfflineSurvey: () => load.promise,
      submitOfflineSurvey: async () => {
        if (++attempts === 1) throw apiError('server', 503);
      },
    });
    const { actor, until } = startChat(f.actors);
    const view = () => viewOf(actor.getSnapshot());
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ offline: 'loading' }));
    expect(view()).to.deep.equal({ kind: 'offline', step: 'loading', notice: null, leaveMessage: true, unread: 0 });
    load.resolve(survey('O1'));
    await until((s) => s.matches({ offline: 'form' }));
    expect(view()).to.deep.include({ kind: 'offline', step: 'form', survey: survey('O1') });
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'Ann' } });
    expect(view()).to.deep.include({ kind: 'offline', step: 'sending', survey: survey('O1') });
    await until((s) => s.matches({ offline: 'form' }));
    expect(view().notice).to.deep.include({ kind: 'error' });
    actor.send({ type: 'user.submitSurvey', answers: { q1: 'Ann' } });
    await until((s) => s.matches({ offline: 'sent' }));
    expect(view()).to.deep.include({ kind: 'offline', step: 'sent', notice: null });
    actor.stop();
  });

  it('offline without a survey: nobody is available', async () => {
    const f = fakeActors({ getEngagement: async () => engagement('NotAvailable'), checkAvailability: async () => false });
    const { actor, until } = startChat(f.actors);
    await until((s) => s.matches('ready'));
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ offline: 'noSurvey' }));
    expect(viewOf(actor.getSnapshot())).to.deep.equal({ kind: 'offline', step: 'no-survey', notice: null, leaveMessage: true, unread: 0 });
    actor.stop();
  });

  it('unread lines count while the window is closed, and not once it is open', () => {
    const closed = at({ live: { conversation: 'chatting', outbox: 'idle', typing: 'idle' } }, {
      chatUrl: CHAT_URL,
      chatState: 'chatting',
      open: false,
      unread: 3,
    });
    expect(viewOf(closed).unread).to.equal(3);
    expect(viewOf(at('ready', { open: true, unread: 3, available: true })).unread).to.equal(0);
  });

  it('a configuration error is a view of its own, without a machine', () => {
    expect(configErrorView('account')).to.deep.equal({ kind: 'config-error', reason: 'account', notice: null, leaveMessage: false, unread: 0 });
  });
});
