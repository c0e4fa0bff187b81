import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, fastTiming, launcherName, statusIs } from '../helpers/fixtures.js';

// A file of its own: the conversation module must not have been loaded by an earlier test of the page.

/** Whether the page has fetched the conversation module. */
const conversationLoaded = () =>
  performance.getEntriesByType('resource').some((e) => e.name.includes('chat-window-dialog'));

describe('<lp-chat-window consent="interaction">', () => {
  it('fetches nothing and stores nothing before the visitor interacts with the launcher; a click starts everything', async () => {
    const fetches: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => (fetches.push(String(input)), original(input, init));
    try {
      const api = new FakeChatApi();
      const el = await fixture<LpChatWindow>(
        html`<lp-chat-window account="123456" consent="interaction" persist="local" .api=${api} .timing=${fastTiming}></lp-chat-window>`,
      );
      // Idle time passes, the pointer goes over the launcher, focus reaches it: no consent yet.
      await aTimeout(300);
      const launcher = $(el, '[part=launcher]');
      launcher.dispatchEvent(new PointerEvent('pointerenter'));
      launcher.focus();
      await aTimeout(100);
      expect(launcherName(el)).to.equal('Chat with us');
      expect(el.status).to.equal('loading');
      expect(api.calls).to.deep.equal([]);
      expect(fetches).to.deep.equal([]);
      expect(conversationLoaded()).to.equal(false);
      expect([localStorage.length, sessionStorage.length]).to.deep.equal([0, 0]);

      const opened = oneEvent(el, 'lp-open');
      launcher.click();
      expect((await opened).detail.source).to.equal('launcher');
      await statusIs(el, 'waiting');
      expect(conversationLoaded()).to.equal(true);
      expect(api.callsOf('getEngagement')).to.have.length(1);
      expect(localStorage.getItem('lp-chat-window:123456:visitor')).to.equal('{"visitorId":"V1","sessionId":"S1"}');
      el.remove();
    } finally {
      window.fetch = original;
    }
  });

  it('the host granting consent, or calling open(), lets it go on', async () => {
    const api = new FakeChatApi();
    const el = await fixture<LpChatWindow>(
      html`<lp-chat-window account="123456" consent="interaction" .api=${api} .timing=${fastTiming}></lp-chat-window>`,
    );
    await aTimeout(50);
    expect(api.calls).to.deep.equal([]);
    el.consent = 'granted';
    await statusIs(el, 'available');
    expect(el.isOpen).to.equal(false);

    const other = new FakeChatApi();
    const second = await fixture<LpChatWindow>(
      html`<lp-chat-window account="654321" consent="interaction" .api=${other} .timing=${fastTiming}></lp-chat-window>`,
    );
    await aTimeout(50);
    expect(other.calls).to.deep.equal([]);
    second.open();
    await statusIs(second, 'waiting');
    expect(second.isOpen).to.equal(true);
  });
});
