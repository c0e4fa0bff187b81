import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { ChatApiError } from '../../src/api/errors.js';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import type { ChatRequest, VisitorAuthRequest } from '../../src/api/types.js';
import type { LpErrorEvent } from '../../src/events/lp-error.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, fastTiming, statusIs, textOf, until } from '../helpers/fixtures.js';

const SSO_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.c2lnbmF0dXJl';

/** A platform whose engagement is authenticated (its details name a connector). */
function authenticatedApi(): FakeChatApi {
  const api = new FakeChatApi();
  api.engagementDetails = { campaignId: '33', engagementId: '35', contextId: '1', skillName: 'Sales', connectorId: '568046210' };
  return api;
}

async function render(api: FakeChatApi, fallback = false, getAuthCode?: () => Promise<{ ssoKey: string }>) {
  const el = await fixture<LpChatWindow>(
    html`<lp-chat-window account="123456" ?auth-fallback=${fallback} .getAuthCode=${getAuthCode} .api=${api}
      .timing=${fastTiming}></lp-chat-window>`,
  );
  await statusIs(el, 'available');
  return el;
}

const tryAgain = (el: LpChatWindow) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Try again');

describe('<lp-chat-window> authenticated visitors', () => {
  it('asks getAuthCode for the key, authenticates, and starts the chat with the ids', async () => {
    const api = authenticatedApi();
    let asked = 0;
    const el = await render(api, false, async () => (asked++, { ssoKey: SSO_KEY }));
    $(el, '[part=launcher]').click();
    await statusIs(el, 'waiting');
    expect(asked).to.equal(1);
    const [auth] = api.callsOf('authenticateVisitor')[0] as [VisitorAuthRequest];
    expect(auth.ssoKey).to.equal(SSO_KEY);
    const [request] = api.callsOf('requestChat')[0] as [ChatRequest];
    expect(request.authentication).to.deep.equal({ participantId: 'participant-1', conversationId: 'conversation-1' });
    expect(request.engagement?.details?.connectorId).to.equal('568046210');
  });

  it('without a key from the host: a clear message with "Try again", an lp-error, and no chat', async () => {
    const api = authenticatedApi();
    const el = await render(api);
    const failed = oneEvent(el, 'lp-error');
    $(el, '[part=launcher]').click();
    const { detail } = (await failed) as LpErrorEvent;
    expect(detail).to.include({ code: 'unauthorized', during: 'authentication', retryable: true });
    await statusIs(el, 'error');
    expect(textOf(el)).to.contain("We couldn't confirm who you are");
    expect(api.callsOf('requestChat')).to.deep.equal([]);
    await expect(el).to.be.accessible();

    // The visitor signs in on the page meanwhile.
    el.getAuthCode = async () => ({ ssoKey: SSO_KEY });
    tryAgain(el)!.click();
    await statusIs(el, 'waiting');
    expect(api.callsOf('authenticateVisitor')).to.have.length(1);
  });

  it('a key the platform refuses shows the same message, and "Try again" asks the host for a new one', async () => {
    const api = authenticatedApi();
    // As the API answers a refused key: retryable, a fresh key may pass.
    const accept = api.authenticateVisitor.bind(api);
    api.authenticateVisitor = async (request) => {
      if (request.ssoKey === 'expired') {
        await accept(request);
        throw new ChatApiError({ code: 'unauthorized', status: 401, message: 'Visitor authentication failed: expired', retryable: true });
      }
      return accept(request);
    };
    const keys = ['expired', 'fresh'];
    const el = await render(api, false, async () => ({ ssoKey: keys.shift()! }));
    $(el, '[part=launcher]').click();
    await statusIs(el, 'error');
    expect(textOf(el)).to.contain("We couldn't confirm who you are");
    tryAgain(el)!.click();
    await statusIs(el, 'waiting');
    expect(api.callsOf('authenticateVisitor').map(([r]) => (r as VisitorAuthRequest).ssoKey)).to.deep.equal(['expired', 'fresh']);
  });

  it('with auth-fallback, a visitor who cannot be authenticated chats as an ordinary visitor; the host gets an lp-error', async () => {
    const api = authenticatedApi();
    const el = await render(api, true, () => Promise.reject(new Error('not signed in')));
    const failed = oneEvent(el, 'lp-error');
    $(el, '[part=launcher]').click();
    expect(((await failed) as LpErrorEvent).detail).to.include({ during: 'authentication', message: 'getAuthCode failed: not signed in' });
    await statusIs(el, 'waiting');
    const [request] = api.callsOf('requestChat')[0] as [ChatRequest];
    expect([request.engagement, request.authentication, request.skill]).to.deep.equal([undefined, undefined, 'Sales']);
    expect(textOf(el)).to.not.contain("We couldn't confirm who you are");
  });

  it('never keeps the key: not in storage while it is on its way, nor after', async () => {
    const api = authenticatedApi();
    const release = api.hold('authenticateVisitor');
    const el = await render(api, false, async () => ({ ssoKey: SSO_KEY }));
    $(el, '[part=launcher]').click();
    await until(el, () => api.callsOf('authenticateVisitor').length === 1);
    // Changes are written within 250 ms.
    await aTimeout(300);
    const stored = () => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage });
    expect(JSON.parse(sessionStorage.getItem('lp-chat-window:123456')!).snapshot.value).to.deep.equal(
      { authenticating: 'verifying' },
      'the chat on its way is kept',
    );
    expect(stored()).to.not.contain(SSO_KEY);
    release();
    await statusIs(el, 'waiting');
    await aTimeout(300);
    expect(JSON.parse(sessionStorage.getItem('lp-chat-window:123456')!).snapshot.value).to.have.property('live');
    expect(stored()).to.not.contain(SSO_KEY);
  });
});
