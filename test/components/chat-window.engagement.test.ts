import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import type { EngagementRequest, ChatRequest, SessionUpdate } from '../../src/api/types.js';
import type { LpFunnelEvent } from '../../src/events/lp-funnel.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, fastTiming, renderWindow, statusIs, until } from '../helpers/fixtures.js';

const DETAILS = { campaignId: '33', engagementId: '35', contextId: '1', engagementRevision: 7, validForSeconds: 900 };

/** Captures console.error while `run` runs. */
async function errors(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.error = original;
  }
  return seen;
}

declare global {
  interface Window {
    lpBrand?: { chat?: Record<string, (data: unknown) => void> };
    startLpChat?: (data: unknown) => void;
  }
}

describe('<lp-chat-window> monitored flow (js-method-name)', () => {
  it('defines the Web Tag method on a dotted context as soon as it is connected, and removes it with the element', async () => {
    const el = document.createElement('lp-chat-window');
    el.setAttribute('account', '123456');
    el.setAttribute('js-method-name', 'start');
    el.setAttribute('js-context', 'lpBrand.chat');
    el.consent = 'interaction';
    document.body.append(el);
    expect(typeof window.lpBrand?.chat?.start).to.equal('function');
    el.remove();
    expect(window.lpBrand?.chat?.start).to.equal(undefined);
    delete window.lpBrand;
  });

  it('the Web Tag call opens the window and starts a chat with its ids, with no App Engagement call; again while live just opens it', async () => {
    const api = new FakeChatApi();
    const el = await fixture<LpChatWindow>(
      html`<lp-chat-window account="123456" js-method-name="startLpChat" .api=${api} .timing=${fastTiming}></lp-chat-window>`,
    );
    await statusIs(el, 'available');
    const opened = oneEvent(el, 'lp-open');
    window.startLpChat!({ svid: 'SV', ssid: 'SS', scid: 4, eid: 27469613, cid: 26948813, lang: 'en-US', skill: 'Sales' });
    expect((await opened).detail.source).to.equal('web-tag');
    await statusIs(el, 'waiting');
    expect(api.callsOf('getEngagement')).to.deep.equal([]);
    expect(api.callsOf('getAvailability')).to.have.length(2, 'availability, then the recheck');
    const [request] = api.callsOf('requestChat')[0] as [ChatRequest];
    expect(request.engagement).to.deep.include({ visitorId: 'SV', sessionId: 'SS' });
    expect(request.engagement!.details).to.deep.equal({
      campaignId: '26948813',
      engagementId: '27469613',
      contextId: '4',
      language: 'en-US',
      skillName: 'Sales',
    });

    el.close();
    await el.updateComplete;
    window.startLpChat!({ svid: 'SV2' });
    await el.updateComplete;
    expect(el.isOpen).to.equal(true);
    expect(el.status).to.equal('waiting');
    expect(api.callsOf('requestChat')).to.have.length(1);
    el.remove();
    expect(window.startLpChat).to.equal(undefined);
  });

  it('a Web Tag call before the conversation has loaded loads it, and the chat carries the ids', async () => {
    const api = new FakeChatApi();
    const el = document.createElement('lp-chat-window');
    el.setAttribute('account', '123456');
    el.setAttribute('js-method-name', 'startLpChat');
    el.consent = 'interaction';
    el.api = api;
    el.timing = fastTiming;
    document.body.append(el);
    await aTimeout(20);
    expect(api.calls).to.deep.equal([]);
    window.startLpChat!({ svid: 'SV', ssid: 'SS', scid: '2', eid: '5', cid: '6' });
    await statusIs(el, 'waiting');
    expect((api.callsOf('requestChat')[0] as [ChatRequest])[0].engagement).to.deep.include({ visitorId: 'SV', sessionId: 'SS' });
    el.remove();
  });
});

describe('<lp-chat-window> unmonitored flow', () => {
  it('keeps the App Engagement ids and sends them again from the next page; sections and visitor-name go along', async () => {
    const api = new FakeChatApi();
    api.getEngagement = async (request: EngagementRequest = {}) => {
      api.calls.push({ method: 'getEngagement', args: [request] });
      return { status: 'Available', visitorId: request.visitorId ?? 'V7', sessionId: request.sessionId ?? 'S7', pageId: 'P1' };
    };
    const first = await fixture<LpChatWindow>(
      html`<lp-chat-window account="123456" sections="shop, tents ," visitor-name="Ann" .api=${api} .timing=${fastTiming}></lp-chat-window>`,
    );
    await statusIs(first, 'available');
    expect(sessionStorage.getItem('lp-chat-window:123456:visitor')).to.equal('{"visitorId":"V7","sessionId":"S7"}');
    expect((api.callsOf('getEngagement')[0] as [EngagementRequest])[0]).to.deep.include({ consumerSections: ['shop', 'tents'], visitorId: undefined });
    $(first, '[part=launcher]').click();
    await statusIs(first, 'waiting');
    expect((api.callsOf('requestChat')[0] as [ChatRequest])[0].visitorName).to.equal('Ann');
    first.remove();
    // The next page, after the chat: a new engagement, for the same visitor.
    await aTimeout(10);
    sessionStorage.removeItem('lp-chat-window:123456');

    const second = await renderWindow(api);
    await statusIs(second, 'available');
    expect((api.callsOf('getEngagement').at(-1) as [EngagementRequest])[0]).to.deep.include({ visitorId: 'V7', sessionId: 'S7' });
  });

  it('dispatches each funnel step as lp-funnel, once, and reports it to App Engagement', async () => {
    const api = new FakeChatApi();
    api.engagementDetails = DETAILS;
    api.preChatSurvey = { id: 'P', title: '', header: '', questions: [{ id: 'q', order: 0, mandatory: false, validation: 'alpha_numeric', label: 'Topic', type: 'text', lastKnownValue: '', entries: [] }] };
    const steps: LpFunnelEvent[] = [];
    const el = document.createElement('lp-chat-window');
    el.setAttribute('account', '123456');
    el.api = api;
    el.timing = fastTiming;
    el.addEventListener('lp-funnel', (e) => steps.push(e));
    document.body.append(el);
    await statusIs(el, 'available');
    await el.updateComplete;
    $(el, '[part=launcher]').click();
    await statusIs(el, 'prechat');
    el.close();
    await el.updateComplete;
    el.requestUpdate();
    await el.updateComplete;
    el.open();
    await el.updateComplete;
    expect(steps.map((e) => e.detail)).to.deep.equal(
      ['impDisplay', 'impAccept', 'impClose', 'impExpanded'].map((type) => ({ type, campaignId: '33', engagementId: '35' })),
    );
    expect(steps.every((e) => !e.cancelable && e.bubbles && e.composed)).to.equal(true);
    await until(el, () => api.callsOf('updateSession').length === 4);
    expect(api.callsOf('updateSession').map(([, update]) => (update as SessionUpdate).impressions)).to.deep.equal([
      ['impDisplay'],
      ['impAccept'],
      ['impClose'],
      ['impExpanded'],
    ]);
    el.remove();
  });

  it('sends the well-formed engagement attributes, names each refused one, and pushes a burst of changes in one update', async () => {
    const api = new FakeChatApi();
    const search = { type: 'searchInfo', keywords: ['tents'] };
    let el!: LpChatWindow;
    const refused = await errors(async () => {
      el = await fixture<LpChatWindow>(
        html`<lp-chat-window account="123456" .api=${api} .timing=${{ ...fastTiming, attributesBurst: 30 }}
          .engagementAttributes=${[search, { type: 'cart', total: 'lots', numItems: 1 }]}></lp-chat-window>`,
      );
      await statusIs(el, 'available');
    });
    expect(refused).to.deep.equal(['<lp-chat-window>: engagement attribute 1 (cart) refused: total must be a number']);
    expect((api.callsOf('getEngagement')[0] as [EngagementRequest])[0].engagementAttributes).to.deep.equal([search]);

    const cart = (total: number) => ({ type: 'cart' as const, total, numItems: 1 });
    el.engagementAttributes = [search as never, cart(1)];
    await el.updateComplete;
    el.engagementAttributes = [search as never, cart(2)];
    await el.updateComplete;
    await until(el, () => api.callsOf('updateSession').length === 1);
    await aTimeout(60);
    expect(api.callsOf('updateSession').map(([, update]) => update)).to.deep.equal([{ engagementAttributes: [cart(2)] }]);
  });

  it('sends attributes first given after the chat is set up, the latest of those that came while their checks loaded', async () => {
    const api = new FakeChatApi();
    const el = await fixture<LpChatWindow>(
      html`<lp-chat-window account="123456" .api=${api} .timing=${{ ...fastTiming, attributesBurst: 30 }}></lp-chat-window>`,
    );
    await statusIs(el, 'available');
    expect((api.callsOf('getEngagement')[0] as [EngagementRequest])[0].engagementAttributes).to.deep.equal([]);

    const cart = (total: number) => ({ type: 'cart' as const, total, numItems: 1 });
    el.engagementAttributes = [cart(1)];
    await el.updateComplete;
    el.engagementAttributes = [cart(2)];
    await el.updateComplete;
    await until(el, () => api.callsOf('updateSession').length === 1);
    await aTimeout(60);
    expect(api.callsOf('updateSession').map(([, update]) => update)).to.deep.equal([{ engagementAttributes: [cart(2)] }]);
  });

  it('reads the engagement-attributes attribute as JSON, and says so when it is not', async () => {
    const api = new FakeChatApi();
    const refused = await errors(async () => {
      const el = await fixture<LpChatWindow>(
        html`<lp-chat-window account="123456" engagement-attributes='[{"type":"lead","lead":{"topic":"tents"}}]' .api=${api} .timing=${fastTiming}></lp-chat-window>`,
      );
      await statusIs(el, 'available');
      expect((api.callsOf('getEngagement')[0] as [EngagementRequest])[0].engagementAttributes).to.deep.equal([{ type: 'lead', lead: { topic: 'tents' } }]);
      el.remove();
      const broken = await fixture<LpChatWindow>(
        html`<lp-chat-window account="123457" engagement-attributes="[{type: cart}]" .api=${new FakeChatApi()} .timing=${fastTiming}></lp-chat-window>`,
      );
      await statusIs(broken, 'available');
    });
    expect(refused).to.deep.equal(['<lp-chat-window>: the engagement-attributes attribute is not a JSON list']);
  });
});
