import { expect } from '@open-wc/testing';
import { SimulatedClock } from 'xstate';
import type { Engagement } from '../../src/api/types.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { restorable } from '../../src/machine/restorable.js';
import type { ChatEmitted, ChatInput } from '../../src/machine/chat.types.js';
import { CHAT_URL, apiError, engagement, fakeActors, fakeApi, flush, startChat, survey } from './fixtures.js';

/** An Available engagement with its details, valid for `validForSeconds`. */
const engaged = (validForSeconds = 900, contextId = '1', sessionId = 'S1'): Engagement => ({
  ...engagement(),
  sessionId,
  details: { campaignId: '33', engagementId: '35', contextId, engagementRevision: 7, validForSeconds, skillName: 'Sales' },
});

const funnel = (emitted: ChatEmitted[]) => emitted.flatMap((e) => (e.type === 'funnel' ? [e.step.type] : []));
const reported = (f: ReturnType<typeof fakeActors>) => f.session.updates.map((u) => u.update);

async function ready(f = fakeActors(), input: ChatInput = { skill: 'Sales' }) {
  const chat = startChat(f.actors, input);
  await chat.until((s) => s.matches('ready'));
  return { ...chat, f };
}

describe('engagement: App Engagement session', () => {
  it('sends the kept ids, sections and attributes with create session, and tells the ids it got', async () => {
    const f = fakeActors({ getEngagement: async () => ({ ...engagement(), visitorId: 'V9', sessionId: 'S9' }) });
    const attributes = [{ type: 'searchInfo' as const, keywords: ['tent'] }];
    const { emitted } = await ready(f, { visitor: { visitorId: 'V8', sessionId: 'S8' }, sections: ['shop'], engagementAttributes: attributes });
    expect(f.inputsOf('getEngagement')).to.deep.equal([
      { visitorId: 'V8', sessionId: 'S8', consumerSections: ['shop'], engagementAttributes: attributes },
    ]);
    expect(emitted.filter((e) => e.type === 'engagement.session')).to.deep.equal([
      { type: 'engagement.session', visitorId: 'V9', sessionId: 'S9' },
    ]);
  });

  it('asks again (same visitor and session) with growing pauses while the answer is neither Available nor NotAvailable, then falls back to availability', async () => {
    let answers = 0;
    const f = fakeActors({
      getEngagement: async () => {
        answers++;
        return { ...engagement(), status: 'Pending', visitorId: 'VP', sessionId: 'SP' };
      },
    });
    const { clock, until } = startChat(f.actors, { timing: { engagementRetryDelays: [100, 200] } });
    await flush();
    expect(answers).to.equal(1);
    (clock as SimulatedClock).increment(99);
    await flush();
    expect(answers).to.equal(1);
    (clock as SimulatedClock).increment(1);
    await flush();
    expect(answers).to.equal(2);
    (clock as SimulatedClock).increment(200);
    await until((s) => s.matches('ready'));
    expect(answers).to.equal(3);
    expect(f.inputsOf('checkAvailability')).to.have.length(1);
    expect(f.inputsOf('getEngagement').map((i) => [i.visitorId, i.sessionId])).to.deep.equal([
      [undefined, undefined],
      ['VP', 'SP'],
      ['VP', 'SP'],
    ]);
  });

  it('is answered on the next try when the status comes', async () => {
    let answers = 0;
    const f = fakeActors({
      getEngagement: async () => (++answers < 3 ? { ...engagement(), status: 'Pending' } : engaged()),
    });
    const { clock, until } = startChat(f.actors, {});
    await flush();
    clock.increment(100);
    await flush();
    clock.increment(200);
    await until((s) => s.matches('ready'));
    expect([answers, f.inputsOf('checkAvailability').length]).to.deep.equal([3, 0]);
  });

  it('replaces a session the platform no longer knows (404): without the session, then without the visitor', async () => {
    const asked: unknown[] = [];
    const api = fakeApi({
      getEngagement: async (request) => {
        asked.push({ visitorId: request.visitorId, sessionId: request.sessionId });
        if (request.sessionId || request.visitorId === 'gone') throw apiError('not-found', 404);
        return { ...engagement(), visitorId: request.visitorId ?? 'NEW', sessionId: 'S2' };
      },
    });
    const known = startChat(createChatActors(api), { visitor: { visitorId: 'V1', sessionId: 'old' } });
    await known.until((s) => s.matches('ready'));
    expect(known.actor.getSnapshot().context.engagement?.visitorId).to.equal('V1');
    const gone = startChat(createChatActors(api), { visitor: { visitorId: 'gone', sessionId: 'old' } });
    await gone.until((s) => s.matches('ready'));
    expect(gone.actor.getSnapshot().context.engagement?.visitorId).to.equal('NEW');
    expect(asked).to.deep.equal([
      { visitorId: 'V1', sessionId: 'old' },
      { visitorId: 'V1', sessionId: undefined },
      { visitorId: 'gone', sessionId: 'old' },
      { visitorId: 'gone', sessionId: undefined },
      { visitorId: undefined, sessionId: undefined },
    ]);
  });
});

describe('engagement: funnel', () => {
  it('reports display, accept, close and expanded once each, in order, with the engagement; nothing after the chat starts', async () => {
    const f = fakeActors({ getEngagement: async () => engaged(), loadPreChatSurvey: async () => survey() });
    const { actor, emitted, until } = await ready(f);
    actor.send({ type: 'user.open' });
    await until((s) => s.matches({ preChat: 'form' }));
    actor.send({ type: 'user.close' });
    actor.send({ type: 'user.close' });
    actor.send({ type: 'user.open' });
    actor.send({ type: 'user.open' });
    expect(funnel(emitted)).to.deep.equal(['impDisplay', 'impAccept', 'impClose', 'impExpanded']);
    expect(emitted.find((e) => e.type === 'funnel')).to.deep.equal({
      type: 'funnel',
      step: { type: 'impDisplay', campaignId: '33', engagementId: '35' },
    });
    await flush();
    expect(reported(f)).to.deep.equal([
      { impressions: ['impDisplay'] },
      { impressions: ['impAccept'] },
      { impressions: ['impClose'] },
      { impressions: ['impExpanded'] },
    ]);
    expect(f.session.updates[0]!.engagement.details?.contextId).to.equal('1');

    actor.send({ type: 'user.submitSurvey', answers: { q1: 'Ann' } });
    await until((s) => s.matches('live'));
    actor.send({ type: 'user.close' });
    actor.send({ type: 'user.open' });
    expect(funnel(emitted)).to.have.length(4, 'a chat used the engagement: its funnel is over');
  });

  it('accepts an engagement whose window was opened while it was being retrieved; a NotAvailable one reports nothing', async () => {
    const f = fakeActors({ getEngagement: async () => engaged() });
    const chat = startChat(f.actors, {});
    chat.actor.send({ type: 'user.open' });
    await chat.until((s) => s.matches('live'));
    expect(funnel(chat.emitted)).to.deep.equal(['impDisplay', 'impAccept']);

    const none = fakeActors({ getEngagement: async () => engagement('NotAvailable') });
    const { actor, emitted, until } = await ready(none);
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    expect(funnel(emitted)).to.deep.equal([]);
    expect(none.session.updates).to.deep.equal([]);
  });

  it('reports the timeout of an engagement nobody used, and creates it again (same ids) before the chat request', async () => {
    let contexts = 0;
    const f = fakeActors({ getEngagement: async (i) => engaged(60, String(++contexts), i.sessionId ?? 'S1') });
    const { actor, clock, emitted, until } = await ready(f);
    clock.increment(59_999);
    expect(funnel(emitted)).to.deep.equal(['impDisplay']);
    clock.increment(1);
    expect(funnel(emitted)).to.deep.equal(['impDisplay', 'impTimeout']);
    expect(actor.getSnapshot().context.stale).to.equal(true);

    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    expect(funnel(emitted)).to.deep.equal(['impDisplay', 'impTimeout'], 'an expired engagement is not accepted');
    expect(f.inputsOf('getEngagement').map((i) => [i.visitorId, i.sessionId])).to.deep.equal([
      [undefined, undefined],
      ['V1', 'S1'],
    ]);
    expect(f.inputsOf('requestChat')[0]!.engagement?.details?.contextId).to.equal('2', 'the chat carries the new engagement');
    expect(actor.getSnapshot().context.stale).to.equal(false);
  });

  it('uses an engagement still valid as it is; one that expires during a live chat is refreshed before the next chat', async () => {
    const f = fakeActors({ getEngagement: async () => engaged(60) });
    const { actor, clock, emitted, until } = await ready(f);
    clock.increment(30_000);
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('getEngagement')).to.have.length(1);
    clock.increment(30_000);
    expect(funnel(emitted)).to.deep.equal(['impDisplay', 'impAccept'], 'no timeout for a used engagement');
    actor.send({ type: 'user.end' });
    await until((s) => s.matches('ended'));
    actor.send({ type: 'user.newChat' });
    await until((s) => s.matches('live') && f.inputsOf('requestChat').length === 2);
    expect(f.inputsOf('getEngagement')).to.have.length(2);
  });

  it('a session the platform forgot is replaced before the next chat request: same visitor, new session', async () => {
    const f = fakeActors({ getEngagement: async (i) => ({ ...engaged(), sessionId: i.sessionId || 'S2' }) });
    const { actor, until } = await ready(f);
    f.session.lose();
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('getEngagement').map((i) => [i.visitorId, i.sessionId])).to.deep.equal([
      [undefined, undefined],
      ['V1', ''],
    ]);
    expect(f.inputsOf('requestChat')[0]!.engagement?.sessionId).to.equal('S2');
  });

  it('a refresh that fails leaves the chat to go with the engagement it had', async () => {
    let calls = 0;
    const f = fakeActors({
      getEngagement: async () => {
        if (++calls > 1) throw apiError('server', 503);
        return engaged(1);
      },
    });
    const { actor, clock, until } = await ready(f);
    clock.increment(1000);
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('requestChat')[0]!.engagement?.details?.contextId).to.equal('1');
  });

  it('a restored chat does not know how old its engagement is: it is created again before the next chat', () => {
    const persisted = {
      status: 'active',
      value: 'ended',
      children: {},
      context: { messages: [], engagement: engaged(), stale: false },
    };
    expect((restorable(persisted).context as { stale: boolean }).stale).to.equal(true);
    const monitored = { ...persisted, context: { ...persisted.context, engagement: { ...engaged(), details: { campaignId: '1', engagementId: '2', contextId: '3' } } } };
    expect((restorable(monitored).context as { stale: boolean }).stale).to.equal(false);
  });
});

describe('engagement: attributes', () => {
  it('pushes a burst of changes in one update, with what the session was not told yet; none before the session exists', async () => {
    const cart = (total: number) => ({ type: 'cart' as const, total, numItems: 1 });
    const search = { type: 'searchInfo' as const, keywords: ['tent'] };
    let release!: () => void;
    const f = fakeActors({ getEngagement: () => new Promise((resolve) => (release = () => resolve(engaged()))) });
    const { actor, clock, until } = startChat(f.actors, { engagementAttributes: [search, cart(1)], timing: { attributesBurst: 250 } });
    await flush();
    // Changed while the session is being made: pushed once it is there.
    actor.send({ type: 'host.attributes', attributes: [search, cart(2)] });
    clock.increment(250);
    expect(f.session.updates).to.deep.equal([]);
    release();
    await until((s) => s.matches('ready'));
    await flush();
    expect(reported(f)).to.deep.equal([{ impressions: ['impDisplay'] }, { engagementAttributes: [cart(2)] }]);

    actor.send({ type: 'host.attributes', attributes: [search, cart(3)] });
    clock.increment(100);
    actor.send({ type: 'host.attributes', attributes: [search, cart(4)] });
    clock.increment(200);
    actor.send({ type: 'host.attributes', attributes: [search, cart(4), { type: 'lead', lead: { topic: 'tents' } }] });
    clock.increment(249);
    expect(f.session.updates).to.have.length(2);
    clock.increment(1);
    await flush();
    expect(reported(f).slice(2)).to.deep.equal([{ engagementAttributes: [cart(4), { type: 'lead', lead: { topic: 'tents' } }] }]);
    expect(actor.getSnapshot().context.attributes).to.have.length(3);
    // Nothing new: nothing sent.
    actor.send({ type: 'host.attributes', attributes: [search, cart(4)] });
    clock.increment(250);
    expect(f.session.updates).to.have.length(3);
  });
});

describe('engagement: the chat request', () => {
  it('carries the name the pre-chat survey asked for, unless the host named the visitor', async () => {
    const named = {
      ...survey('P1'),
      questions: [
        { id: 'q1', order: 0, mandatory: true, validation: 'alpha_numeric' as const, label: 'Topic', type: 'text' as const, lastKnownValue: '', entries: [] },
        { id: 'q2', order: 1, mandatory: true, validation: 'alpha_numeric' as const, label: 'What is your name?', type: 'text' as const, lastKnownValue: '', entries: [] },
      ],
    };
    for (const [input, expected] of [[{}, 'Dana'], [{ visitorName: 'Host' }, 'Host']] as const) {
      const f = fakeActors({ loadPreChatSurvey: async () => named });
      const { actor, until } = await ready(f, input);
      actor.send({ type: 'user.open' });
      await until((s) => s.matches({ preChat: 'form' }));
      actor.send({ type: 'user.submitSurvey', answers: { q1: 'Tents', q2: ' Dana ' } });
      await until((s) => s.matches('live'));
      expect(f.inputsOf('requestChat')[0]!.visitorName).to.equal(expected);
      actor.send({ type: 'user.send', text: 'hi' });
      expect(actor.getSnapshot().context.messages.at(-1)!.by).to.equal(expected);
    }
  });
});

describe('engagement: monitored flow (Web Tag)', () => {
  it('makes no App Engagement call; the Web Tag engagement goes with the chat, after the recheck; no funnel of its own', async () => {
    const f = fakeActors();
    const { actor, emitted, until } = await ready(f, { skill: 'Sales', monitored: true });
    expect(f.inputsOf('getEngagement')).to.deep.equal([]);
    expect(f.inputsOf('checkAvailability')).to.have.length(1);
    const tag = { ...engaged(), pageId: '', details: { campaignId: 'C', engagementId: 'E', contextId: 'X' } };
    actor.send({ type: 'webtag.engage', engagement: tag });
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('checkAvailability')).to.have.length(2);
    expect(f.inputsOf('requestChat')[0]!.engagement).to.deep.equal(tag);
    actor.send({ type: 'host.attributes', attributes: [{ type: 'searchInfo', keywords: ['x'] }] });
    await flush();
    expect(funnel(emitted)).to.deep.equal([]);
    expect(f.session.updates).to.deep.equal([]);
    expect(f.inputsOf('getEngagement')).to.deep.equal([]);
    expect(f.poll.urls).to.deep.equal([CHAT_URL]);
  });

  it('a Web Tag call while a chat is live changes nothing but the next chat', async () => {
    const f = fakeActors();
    const { actor, until } = await ready(f, { monitored: true });
    actor.send({ type: 'user.open' });
    await until((s) => s.matches('live'));
    const tag = { ...engaged(), details: { campaignId: 'C', engagementId: 'E', contextId: 'X' } };
    actor.send({ type: 'webtag.engage', engagement: tag });
    expect(actor.getSnapshot().matches('live')).to.equal(true);
    expect(f.inputsOf('requestChat')).to.have.length(1);
  });
});
