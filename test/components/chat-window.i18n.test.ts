import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import { en } from '../../src/i18n/strings.js';
import ar from '../../src/i18n/locales/ar.js';
import de from '../../src/i18n/locales/de.js';
import es from '../../src/i18n/locales/es.js';
import fr from '../../src/i18n/locales/fr.js';
import he from '../../src/i18n/locales/he.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, fastTiming, launcherName, openToWaiting, statusIs, textOf, until } from '../helpers/fixtures.js';

/** A window over `api` with the given `lang` attribute (none: null), after its first render. */
const render = (api: FakeChatApi, lang: string | null) =>
  fixture<LpChatWindow>(html`<lp-chat-window account="123456" lang=${lang ?? undefined} .api=${api} .timing=${fastTiming}></lp-chat-window>`);

/** The language and direction the window's content is marked with. */
const marked = (el: LpChatWindow) => [$(el, '.root').lang, $(el, '.root').dir, getComputedStyle($(el, '[part=launcher]')).direction];

const engagement = (language: string) => ({ campaignId: '1', engagementId: '2', contextId: '3', language });

describe('<lp-chat-window> languages', () => {
  const page = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = page;
    delete (navigator as { languages?: unknown }).languages;
  });

  it('the lang attribute: the first thing shown is already in that language', async () => {
    const api = new FakeChatApi();
    const el = document.createElement('lp-chat-window');
    el.setAttribute('account', '123456');
    el.setAttribute('lang', 'es-MX');
    el.api = api;
    const names: string[] = [];
    document.body.append(el);
    const record = () => {
      const name = el.shadowRoot!.querySelector('[part=launcher] .vh')?.textContent;
      if (name) names.push(name);
    };
    new MutationObserver(record).observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    try {
      await el.updateComplete;
      await statusIs(el, 'available');
      expect(launcherName(el)).to.equal(es.launcher);
      expect(names.length).to.be.above(0);
      expect(names.every((name) => name === es.launcher)).to.equal(true, names.join(' | '));
      expect(marked(el)).to.deep.equal(['es', 'ltr', 'ltr']);
    } finally {
      el.remove();
    }
  });

  it('without the attribute: the engagement’s language, which the chat request leaves to the platform', async () => {
    const api = new FakeChatApi();
    api.engagementDetails = engagement('de-DE');
    api.waitTime = 150;
    document.documentElement.lang = 'fr';
    const el = await render(api, null);
    await until(el, () => launcherName(el) === de.launcher, 'German once the engagement is there');
    await openToWaiting(el);
    expect(api.callsOf('requestChat')[0][0]).to.have.property('language', undefined);
    expect(textOf(el, '[part=status]')).to.equal(de.waiting);
    // The estimated wait, with Intl's German plural.
    await until(el, () => textOf(el, '.window__body').includes('Wartezeit'));
    expect(textOf(el, '.window__body')).to.contain('Geschätzte Wartezeit: etwa 3 Minuten');
    expect(marked(el)).to.deep.equal(['de', 'ltr', 'ltr']);
  });

  it('the attribute wins over the engagement, and goes with the chat request', async () => {
    const api = new FakeChatApi();
    api.engagementDetails = engagement('de-DE');
    const el = await render(api, 'fr-CA');
    await openToWaiting(el);
    expect(launcherName(el)).to.equal(fr.launcher);
    expect(textOf(el, '[part=status]')).to.equal(fr.waiting);
    expect(api.callsOf('requestChat')[0][0]).to.have.property('language', 'fr-CA');
  });

  it('without either: the page’s <html lang>, then the browser’s languages, then English', async () => {
    document.documentElement.lang = 'de-CH';
    let el = await render(new FakeChatApi(), null);
    expect(launcherName(el)).to.equal(de.launcher);
    fixtureCleanup();

    document.documentElement.lang = 'ja';
    Object.defineProperty(navigator, 'languages', { value: ['pt-BR', 'he-IL', 'en'], configurable: true });
    el = await render(new FakeChatApi(), null);
    expect(launcherName(el)).to.equal(he.launcher);
    fixtureCleanup();

    Object.defineProperty(navigator, 'languages', { value: ['pt-BR', 'ja'], configurable: true });
    el = await render(new FakeChatApi(), 'zh');
    expect(launcherName(el)).to.equal(en.launcher);
    expect(marked(el)).to.deep.equal(['en', 'ltr', 'ltr']);
  });

  it('a change of language goes from one table to the next, never through nothing or English', async () => {
    const el = await render(new FakeChatApi(), 'es');
    await statusIs(el, 'available');
    const names: string[] = [];
    new MutationObserver(() => names.push(launcherName(el))).observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    el.lang = 'ar';
    await until(el, () => launcherName(el) === ar.launcher);
    expect(names.length).to.be.above(0);
    expect(names.every((name) => name === es.launcher || name === ar.launcher)).to.equal(true, names.join(' | '));
    el.lang = 'en-GB';
    await until(el, () => launcherName(el) === en.launcher);
  });

  it('Hebrew, right to left: the window mirrors, and is accessible', async () => {
    await setViewport({ width: 1024, height: 768 });
    const api = new FakeChatApi();
    const el = await render(api, 'he');
    expect(marked(el)).to.deep.equal(['he', 'rtl', 'rtl']);
    await openToWaiting(el);
    api.accept('Natalie');
    api.say('Hello.');
    await statusIs(el, 'chatting');
    $(el, '[part=input]').focus();
    await sendKeys({ type: 'שלום' });
    await sendKeys({ press: 'Enter' });
    await until(el, () => el.shadowRoot!.querySelector('[part~=message--visitor]'));
    const box = (selector: string) => $(el, selector).getBoundingClientRect();
    // The launcher and the window on the left.
    expect(box('[part=launcher]').left).to.equal(20);
    expect(box('[part=window]').left).to.equal(20);
    // The visitor's line at the end of the line (left), the agent's at its start (right).
    const log = box('[part=log]');
    const [visitor, agent] = [box('[part~=message--visitor] [part=bubble]'), box('[part~=message--agent] [part=bubble]')];
    expect(visitor.left - log.left).to.be.below(30);
    // The agent's initials open their line, at its start (right), the bubble after them.
    const avatar = box('[part~=message--agent] [part=avatar]');
    expect(log.right - avatar.right).to.be.below(30);
    expect(agent.right).to.be.at.most(avatar.left);
    expect(visitor.right).to.be.below(agent.left);
    // The title at the start (right), minimise at the end (left).
    expect(box('[part=close-button]').right).to.be.below(box('[part=title]').left);
    // The English line keeps its own direction, and its full stop at its end.
    expect(getComputedStyle($(el, '[part~=message--agent] [part=bubble]')).direction).to.equal('ltr');
    expect(textOf(el, '[part=status]')).to.equal(he.chattingWith('Natalie'));
    await expect(el).to.be.accessible();
    await setViewport({ width: 800, height: 600 });
  });

  it('Arabic: the unread count in its plural, on a launcher at the bottom left', async () => {
    const api = new FakeChatApi();
    const el = await render(api, 'ar-EG');
    await openToWaiting(el);
    api.accept('Natalie');
    await statusIs(el, 'chatting');
    $(el, '[part=close-button]').click();
    await el.updateComplete;
    api.say('Are you there?');
    api.say('Hello?');
    await until(el, () => launcherName(el) !== ar.launcher);
    // Joined with the Arabic comma.
    expect(launcherName(el)).to.equal(`${ar.launcher}، رسالتان غير مقروءتين`);
    expect(textOf(el, '.launcher__badge')).to.equal('2');
    expect(getComputedStyle($(el, '[part=launcher] svg')).scale).to.equal('-1 1');
    await expect(el).to.be.accessible();
  });
});
