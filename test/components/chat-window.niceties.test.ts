import { expect, fixture, html } from '@open-wc/testing';
import type { LpChatComposer } from '../../components/chat-composer/chat-composer.js';
import { LpChatWindow } from '../../components/chat-window/chat-window.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, $$, fastTiming, lines, openToChatting, until } from '../helpers/fixtures.js';

/** A window over `api` with extra attributes, chatting with Natalie. */
async function chatting(api: FakeChatApi, attributes: Record<string, string> = {}): Promise<LpChatWindow> {
  const el = await fixture<LpChatWindow>(html`<lp-chat-window account="123456" skill="Sales" .api=${api} .timing=${fastTiming}></lp-chat-window>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await openToChatting(el, api, 'Natalie Brown');
  return el;
}

describe('<lp-chat-window> times, avatars, limit and title notice', () => {
  beforeEach(() => {
    document.title = 'Tests';
  });

  it('has them off or at their defaults unless asked: no title notice, no sound, 2,000 characters, initials', () => {
    const el = new LpChatWindow();
    expect([el.notifyTitle, el.notifySound, el.maxLength, el.agentAvatar]).to.deep.equal([false, false, 2000, '']);
    el.setAttribute('notify-title', '');
    el.setAttribute('notify-sound', '');
    el.setAttribute('max-length', '500');
    el.setAttribute('agent-avatar', '/bot.png');
    expect([el.notifyTitle, el.notifySound, el.maxLength, el.agentAvatar]).to.deep.equal([true, true, 500, '/bot.png']);
  });

  it("shows each group's agent initials and time in the window's language", async () => {
    const api = new FakeChatApi();
    const el = await chatting(api, { lang: 'de-DE' });
    api.say('Hallo');
    api.say('Wie kann ich helfen?');
    await until(el, () => lines(el).includes('agent: Wie kann ich helfen?'));
    const [first, second] = $$(el, 'lp-chat-message').filter((m) => m.querySelector('.message--agent'));
    expect(first!.querySelector('[part=avatar]')!.textContent).to.equal('NB');
    expect(first!.querySelector('[part=time]')!.textContent).to.match(/^\d{2}:\d{2}$/);
    expect(second!.querySelector('[part=avatar]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('sends nothing longer than max-length', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api, { 'max-length': '10' });
    const input = $<HTMLTextAreaElement>(el, '[part=input]');
    input.value = 'x'.repeat(11);
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await el.updateComplete;
    await $<LpChatComposer>(el, 'lp-chat-composer').updateComplete;
    expect($<HTMLButtonElement>(el, '[part=send-button]').disabled).to.equal(true);
    expect($(el, '[part=counter]').textContent).to.equal('11/10');
  });

  it('leaves the title alone by default', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    $(el, '[part=close-button]').click();
    api.say('Are you there?');
    await until(el, () => $(el, '[part=launcher]').textContent!.includes('1 unread'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.title).to.equal('Tests');
  });

  it('with notify-title, counts unread lines in the title while minimised; opening, or leaving the page, restores it', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api, { 'notify-title': '' });
    $(el, '[part=close-button]').click();
    api.say('Are you there?');
    api.say('Hello?');
    await until(el, () => document.title === '(2) Tests', `title (2) (is ${document.title})`);
    $(el, '[part=launcher]').click();
    await until(el, () => document.title === 'Tests', `title restored (is ${document.title})`);
    $(el, '[part=close-button]').click();
    api.say('Again');
    await until(el, () => document.title === '(1) Tests', `title (1) (is ${document.title})`);
    el.remove();
    expect(document.title).to.equal('Tests');
  });
});
