import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, endChat, lines, openToWaiting, renderWindow, statusIs, textOf, until } from '../helpers/fixtures.js';

describe('<lp-chat-window> connection and configuration', () => {
  it('says "Reconnecting…" while polls fail, and reports the outage once', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api, false, { pollRetryDelays: [20], pollFailureTolerance: 20 });
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    const errors: string[] = [];
    el.addEventListener('lp-error', (e) => errors.push(`${e.detail.code} ${e.detail.during}`));
    const before = api.callsOf('getChat').length;
    api.fail('getChat', 'network', 8);
    // Three failed reads at least: retries of the same outage.
    await until(el, () => api.callsOf('getChat').length >= before + 3 && textOf(el, '.notice') === 'Reconnecting…');
    expect($(el, '.notice').getAttribute('role')).to.equal('status');
    expect(el.status).to.equal('chatting');
    expect(errors).to.deep.equal(['network poll']);
    await expect(el).to.be.accessible();
    // Back online: the banner goes, and still one report for the whole outage.
    await until(el, () => api.callsOf('getChat').length > before + 8 && textOf(el, '.notice') === '');
    expect(errors).to.deep.equal(['network poll']);
  });

  it('a chat that is gone is shown as ended, its transcript kept, with a new chat on offer', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    api.say('one moment');
    await until(el, () => lines(el).includes('agent: one moment'));
    api.fail('getChat', 'not-found');
    await statusIs(el, 'ended');
    await until(el, () => textOf(el, '.after-chat') !== '');
    expect(textOf(el, '[part=status]')).to.equal('The chat has ended.');
    expect(lines(el)).to.include('agent: one moment');
    expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null, 'nothing failed on this side');
    expect(el.shadowRoot!.querySelector('.after-chat input'), 'no transcript of a chat that is gone').to.equal(null);
    expect(api.callsOf('getExitSurvey')).to.have.length(0);
    $(el, '.after-chat button').click();
    await statusIs(el, 'waiting');
    await expect(el).to.be.accessible();
  });

  it('while the chat is ending the composer is disabled and the header says so', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    const release = api.hold('endChat');
    await endChat(el);
    await until(el, () => textOf(el, '[part=status]') === 'Ending chat…');
    expect($<HTMLTextAreaElement>(el, '[part=input]').disabled).to.equal(true);
    expect($<HTMLButtonElement>(el, '[part=send-button]').disabled).to.equal(true);
    release();
    await statusIs(el, 'ended');
  });

  it('a visitor line typed while waiting is sent once an agent joins', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await openToWaiting(el);
    expect($<HTMLTextAreaElement>(el, '[part=input]').disabled).to.equal(false);
    $<HTMLTextAreaElement>(el, '[part=input]').value = 'early bird';
    $(el, '[part=send-button]').click();
    await until(el, () => textOf(el, '.message__status') === 'Waiting to send');
    api.accept();
    await until(el, () => api.callsOf('addLine').length === 1 && textOf(el, '.message__status') === '');
    const polls = api.callsOf('getChat').length;
    await until(el, () => api.callsOf('getChat').length >= polls + 4);
    expect(api.callsOf('addLine')).to.have.length(1);
    expect(lines(el).filter((l) => l.startsWith('visitor'))).to.deep.equal(['visitor: early bird']);
  });

  it('passes skill, language and timing to the conversation', async () => {
    const api = new FakeChatApi();
    const reads: number[] = [];
    const getChat = api.getChat.bind(api);
    api.getChat = (url, options) => {
      reads.push(performance.now());
      return getChat(url, options);
    };
    const el = await fixture<LpChatWindow>(
      html`<lp-chat-window account="123456" skill="Support" lang="fr-FR" .api=${api} .timing=${{ pollInterval: 60 }}></lp-chat-window>`,
    );
    await statusIs(el, 'available');
    el.open();
    await statusIs(el, 'waiting');
    expect(api.callsOf('requestChat')[0][0]).to.deep.include({ skill: 'Support', language: 'fr-FR' });
    // The window speaks French, and says so.
    expect($(el, '[part=window]').closest('[lang]')!.getAttribute('lang')).to.equal('fr');
    expect(textOf(el, '[part=status]')).to.equal('En attente d’un conseiller…');
    // The poll interval is the one given (the default is 2 s): reads come every 60 ms, not sooner.
    await until(el, () => reads.length >= 6, 'six reads');
    const gaps = reads.slice(1, 6).map((t, i) => t - reads[i]);
    expect(Math.min(...gaps)).to.be.at.least(55);
    expect(Math.max(...gaps)).to.be.below(1000);
  });

  it('without an injected API it builds one from its attributes (csds here: the test server)', async () => {
    const el = await fixture<LpChatWindow>(html`<lp-chat-window account="123456" csds=${location.origin}></lp-chat-window>`);
    const error = await oneEvent(el, 'lp-error');
    expect(error.detail).to.include({ code: 'not-found', during: 'engagement' });
    await statusIs(el, 'error');
  });

  it('an unusable csds URL is a configuration error too', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (message: unknown) => logged.push(message);
    try {
      const el = await fixture<LpChatWindow>(html`<lp-chat-window account="123456" csds="ftp://example.com" open></lp-chat-window>`);
      expect(el.status).to.equal('error');
      expect(textOf(el, '[role=alert]')).to.equal('This chat window is not set up correctly.');
      expect(logged).to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('an account set as a property right after insertion counts: nothing is logged', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (message: unknown) => logged.push(message);
    const el = document.createElement('lp-chat-window');
    try {
      document.body.append(el);
      el.account = '123456';
      el.csds = location.origin;
      // The window builds its API from them and asks this origin (which knows no such account).
      const error = await oneEvent(el, 'lp-error');
      expect(error.detail).to.include({ code: 'not-found', during: 'engagement' });
      expect(logged).to.deep.equal([]);
      expect(textOf(el, '.window__body')).not.to.contain('not set up correctly');
    } finally {
      el.remove();
      console.error = original;
    }
  });

  it('an account set after insertion still starts the window', async () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const api = new FakeChatApi();
      const el = await fixture<LpChatWindow>(html`<lp-chat-window></lp-chat-window>`);
      await statusIs(el, 'error');
      el.api = api;
      el.account = '123456';
      await statusIs(el, 'available');
      expect(el.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
    } finally {
      console.error = original;
    }
  });
});
