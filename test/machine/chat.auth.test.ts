import { expect } from '@open-wc/testing';
import { SimulatedClock } from 'xstate';
import type { ChatRequest, Engagement, VisitorAuthRequest } from '../../src/api/types.js';
import { toWebTagEngagement } from '../../src/api/web-tag.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import type { ChatEmitted, ChatInput } from '../../src/machine/chat.types.js';
import { restorable, worthKeeping } from '../../src/machine/restorable.js';
import { statusOf } from '../../src/machine/status.js';
import { CHAT_URL, apiError, deferred, engagement, fakeActors, flush, liveChatApi, startChat, type Deferred } from './fixtures.js';

// Visitor authentication (protocol §1.1 row 7a, §2.4, §5.5): on an authenticated engagement (its
// details name a connector) the chat request waits for the host's key (`getAuthCode`) and the
// platform's visitor authentication, and carries the ids it answered.

const IDS = { participantId: 'P-42', conversationId: 'C-42' };
const SSO_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.c2lnbmF0dXJl';

/** An Available engagement; `connectorId` makes it authenticated. */
const engaged = (connectorId?: string): Engagement => ({
  ...engagement(),
  details: { campaignId: '33', engagementId: '35', contextId: '1', skillName: 'Sales', language: 'de-DE', ...(connectorId && { connectorId }) },
});

const errorsOf = (emitted: ChatEmitted[]) => emitted.flatMap((e) => (e.type === 'error.raised' ? [e.error] : []));

/** A chat on an authenticated engagement, opened (so it goes straight for the chat request). */
async function open(overrides: Parameters<typeof fakeActors>[0] = {}, input: ChatInput = {}) {
  const f = fakeActors({ getEngagement: async () => engaged('568046210'), ...overrides });
  const chat = startChat(f.actors, input);
  await chat.until((s) => s.matches('ready'));
  chat.actor.send({ type: 'user.open' });
  return { ...chat, f };
}

describe('visitor authentication: the machine', () => {
  it('asks the host, authenticates with the engagement, then requests the chat with the ids it answered', async () => {
    const { f, until } = await open();
    await until((s) => s.matches('live'));
    expect(f.calls.map((c) => c.name)).to.deep.equal([
      'getEngagement',
      'checkAvailability',
      'loadPreChatSurvey',
      'getAuthCode',
      'authenticate',
      'requestChat',
      'getEstimatedWaitTime',
    ]);
    expect(f.inputsOf('authenticate')).to.deep.equal([{ engagement: engaged('568046210') }]);
    const [request] = f.inputsOf('requestChat');
    expect(request!.engagement).to.deep.equal(engaged('568046210'));
    expect(request!.authentication).to.deep.equal({ participantId: 'P-1', conversationId: 'C-1' });
  });

  it('asks nothing of the host for an engagement without a connector, nor when no engagement could be had', async () => {
    const plain = fakeActors({ getEngagement: async () => engaged() });
    const chat = startChat(plain.actors, {});
    chat.actor.send({ type: 'user.open' });
    await chat.until((s) => s.matches('live'));
    expect(plain.inputsOf('getAuthCode')).to.deep.equal([]);
    expect(plain.inputsOf('requestChat')[0]).to.not.have.property('authentication');

    const none = fakeActors({ getEngagement: async () => Promise.reject(apiError('server', 503)) });
    const other = startChat(none.actors, {});
    other.actor.send({ type: 'user.open' });
    await other.until((s) => s.matches('live'));
    expect(none.inputsOf('getAuthCode')).to.deep.equal([]);
  });

  it('authenticates the Web Tag’s authenticated engagement (connector.id) too', async () => {
    const f = fakeActors();
    const chat = startChat(f.actors, { monitored: true });
    await chat.until((s) => s.matches('ready'));
    const tagged = toWebTagEngagement({ svid: 'SV', ssid: 'SS', scid: 4, eid: 35, cid: 33, connector: { id: 568046210 } });
    chat.actor.send({ type: 'webtag.engage', engagement: tagged });
    chat.actor.send({ type: 'user.open' });
    await chat.until((s) => s.matches('live'));
    expect(f.inputsOf('authenticate')).to.deep.equal([{ engagement: tagged }]);
    expect(tagged.details?.connectorId).to.equal('568046210');
  });

  it('is "connecting" while it authenticates', async () => {
    const key = deferred();
    const { until, actor } = await open({ getAuthCode: () => key.promise });
    await until((s) => s.matches({ authenticating: 'asking' }));
    expect(statusOf(actor.getSnapshot())).to.equal('connecting');
    key.resolve();
    await until((s) => s.matches('live'));
  });

  for (const [step, failing] of [
    ['the host gives no key', { getAuthCode: () => Promise.reject(apiError('unauthorized')) }],
    ['the platform refuses the key', { authenticate: () => Promise.reject(apiError('unauthorized', 401)) }],
  ] as const) {
    it(`fails for the visitor to read when ${step}; "try again" asks the host again`, async () => {
      let fail = true;
      const impl = Object.values(failing)[0] as () => Promise<never>;
      const name = Object.keys(failing)[0] as 'getAuthCode' | 'authenticate';
      const { f, actor, emitted, until } = await open({
        [name]: (input: never) => (fail ? impl() : name === 'authenticate' ? Promise.resolve({ participantId: 'P-1', conversationId: 'C-1' }) : Promise.resolve(input)),
      });
      await until((s) => s.matches('failed'));
      expect(actor.getSnapshot().context.error).to.include({ during: 'authentication', code: 'unauthorized' });
      expect(errorsOf(emitted).map((e) => e.during)).to.deep.equal(['authentication']);
      expect(f.inputsOf('requestChat')).to.deep.equal([], 'no chat is requested');
      fail = false;
      actor.send({ type: 'user.retry' });
      await until((s) => s.matches('live'));
      expect(f.inputsOf('getAuthCode')).to.have.length(2, 'the host is asked again');
      expect(f.inputsOf('requestChat')[0]!.authentication).to.deep.equal({ participantId: 'P-1', conversationId: 'C-1' });
    });
  }

  it('with authFallback, a visitor who cannot be authenticated gets an ordinary chat on the engagement’s skill, and the host an lp-error', async () => {
    for (const failing of [
      { getAuthCode: () => Promise.reject(apiError('unauthorized')) },
      { authenticate: () => Promise.reject(apiError('unauthorized', 401)) },
    ]) {
      const { f, actor, emitted, until } = await open(failing, { authFallback: true, language: undefined });
      await until((s) => s.matches('live'));
      const [request] = f.inputsOf('requestChat') as ChatRequest[];
      // Not the authenticated engagement (the platform refuses a request naming it without the ids).
      expect(request).to.include({ skill: 'Sales', engagement: undefined });
      expect(request).to.not.have.property('authentication');
      expect(actor.getSnapshot().context.error).to.equal(null, 'nothing for the visitor to read');
      expect(errorsOf(emitted)).to.have.length(1);
      expect(errorsOf(emitted)[0]).to.include({ during: 'authentication', code: 'unauthorized' });
    }
  });

  it('the host’s skill wins in a fallback chat too', async () => {
    const { f, until } = await open({ getAuthCode: () => Promise.reject(apiError('unauthorized')) }, { authFallback: true, skill: 'Billing' });
    await until((s) => s.matches('live'));
    expect(f.inputsOf('requestChat')[0]).to.include({ skill: 'Billing' });
  });

  it('an engagement past its validity is created again first, then authenticated', async () => {
    let creates = 0;
    const f = fakeActors({ getEngagement: async () => ({ ...engaged('568046210'), sessionId: `S${++creates}` }) });
    const chat = startChat(f.actors, {});
    await chat.until((s) => s.matches('ready'));
    chat.actor.send({ type: 'engagement.expired' });
    chat.actor.send({ type: 'user.open' });
    await chat.until((s) => s.matches('live'));
    expect(f.calls.map((c) => c.name).filter((n) => /Engagement|auth|requestChat/i.test(n))).to.deep.equal([
      'getEngagement',
      'getEngagement',
      'getAuthCode',
      'authenticate',
      'requestChat',
    ]);
    expect(f.inputsOf('authenticate')[0]!.engagement.sessionId).to.equal('S2');
  });

  it('is kept across pages on its way and after a failure (a page going away cancels its request); restored, it asks the host again', async () => {
    const key = deferred();
    const asking = await open({ getAuthCode: () => key.promise });
    await asking.until((s) => s.matches('authenticating'));
    expect(worthKeeping(asking.actor.getSnapshot())).to.equal(true);

    let fail = true;
    const { f, actor, until } = await open({
      authenticate: () => (fail ? Promise.reject(apiError('network')) : Promise.resolve({ participantId: 'P-1', conversationId: 'C-1' })),
    });
    await until((s) => s.matches('failed'));
    expect(worthKeeping(actor.getSnapshot())).to.equal(true);
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    fail = false;
    const restored = restorable(persisted);
    expect([restored.value, restored.context.error]).to.deep.equal([{ authenticating: 'asking' }, null]);
    const again = startChat(f.actors, {}, { snapshot: restored });
    await again.until((s) => s.matches('live'));
    expect(f.inputsOf('getAuthCode')).to.have.length(2);
    expect(f.inputsOf('requestChat')[0]!.authentication).to.deep.equal({ participantId: 'P-1', conversationId: 'C-1' });
  });
});

describe('visitor authentication: the real actors', () => {
  /** A platform whose engagement is authenticated; authentications wait for the test when `held`. */
  function platform() {
    const sent: VisitorAuthRequest[] = [];
    const held = { next: undefined as Deferred<void> | undefined };
    const api = liveChatApi({
      getEngagement: async () => engaged('568046210'),
      authenticateVisitor: async (request) => {
        sent.push(request);
        await held.next?.promise;
        return IDS;
      },
    });
    return { api, sent, held };
  }

  it('hands the host’s key to the platform, and no snapshot ever holds it, kept or shared', async () => {
    const clock = new SimulatedClock();
    const { api, sent, held } = platform();
    held.next = deferred();
    const keys: string[] = [];
    const getAuthCode = async () => (keys.push(SSO_KEY), { ssoKey: SSO_KEY, redirectUri: 'https://brand.example/cb' });
    const chat = startChat(createChatActors(api, clock, getAuthCode), {}, { clock });
    await chat.until((s) => s.matches('ready'));
    const snapshots: string[] = [];
    chat.actor.subscribe(() => snapshots.push(JSON.stringify(chat.actor.getPersistedSnapshot())));
    chat.actor.send({ type: 'user.open' });
    await chat.until((s) => s.matches({ authenticating: 'verifying' }));
    await flush();
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ ssoKey: SSO_KEY, redirectUri: 'https://brand.example/cb' });
    held.next.resolve();
    await chat.until((s) => s.matches('live'));
    expect(snapshots.length).to.be.greaterThan(2);
    for (const snapshot of snapshots) expect(snapshot).to.not.contain(SSO_KEY);
    chat.actor.stop();
  });

  for (const step of ['asking', 'verifying'] as const) {
    it(`a chat restored mid-authentication (${step}) asks the host again, then goes on`, async () => {
      const clock = new SimulatedClock();
      const { api, sent, held } = platform();
      let asked = 0;
      const hostKey = deferred<{ ssoKey: string }>();
      held.next = deferred();
      const getAuthCode = () => (++asked === 1 && step === 'asking' ? hostKey.promise : { ssoKey: `key-${asked}` });
      const first = startChat(createChatActors(api, clock, getAuthCode), {}, { clock });
      await first.until((s) => s.matches('ready'));
      first.actor.send({ type: 'user.open' });
      await first.until((s) => s.matches({ authenticating: step }));
      await flush();
      const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
      first.actor.stop();

      held.next = undefined;
      const second = startChat(createChatActors(api, clock, getAuthCode), {}, { clock, snapshot: restorable(persisted) });
      await second.until((s) => s.matches('live'));
      expect(asked).to.equal(2, 'asked again');
      expect(sent.at(-1)!.ssoKey).to.equal('key-2');
      expect(second.actor.getSnapshot().context.chatUrl).to.equal(CHAT_URL);
      second.actor.stop();
    });
  }
});
