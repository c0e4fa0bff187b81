import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, fastTiming, launcherName, lines, openToChatting, openToWaiting, renderWindow, statusIs, textOf, until } from '../helpers/fixtures.js';

const KEY = 'lp-chat-window:123456';

/** The same page loaded again: a new element over the same platform (the fake API stands in for it). */
const reload = (api: FakeChatApi, persist = 'session') =>
  fixture<LpChatWindow>(
    html`<lp-chat-window account="123456" skill="Sales" persist=${persist} .api=${api} .timing=${fastTiming}></lp-chat-window>`,
  );

/** Captures console.warn while `run` runs. */
async function warnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('<lp-chat-window> across pages', () => {
  it('a new page picks a live chat up at once: open, same transcript, polling on, nothing sent twice', async () => {
    const api = new FakeChatApi();
    const first = await renderWindow(api);
    await openToWaiting(first);
    api.accept();
    api.say('How can I help?');
    await until(first, () => lines(first).includes('agent: How can I help?'));
    $<HTMLTextAreaElement>(first, '[part=input]').value = 'My order';
    $(first, '[part=send-button]').click();
    await until(first, () => api.callsOf('addLine').length === 1 && lines(first).includes('visitor: My order') && !textOf(first, '.message__status'));
    first.remove();
    expect(sessionStorage.getItem(KEY), 'kept when the page goes').to.be.a('string');

    const engagements = api.callsOf('getEngagement').length;
    const second = await reload(api);
    // The very first render already shows the conversation: no launcher flash, no engagement call.
    expect(second.status).to.equal('chatting');
    expect(second.isOpen).to.equal(true);
    expect(lines(second)).to.deep.equal(lines(first));
    expect(api.callsOf('getEngagement')).to.have.length(engagements);
    api.say('Let me look');
    await until(second, () => lines(second).includes('agent: Let me look'));
    expect(lines(second).filter((l) => l === 'agent: How can I help?')).to.have.length(1, 'shown once');
    expect(api.callsOf('addLine')).to.have.length(1, 'posted once');
    await expect(second).to.be.accessible();
  });

  it("gives the visitor's unsent line back on the next page, in this tab only, and forgets it once sent", async () => {
    const api = new FakeChatApi();
    const first = await renderWindow(api);
    await openToChatting(first, api);
    $<HTMLTextAreaElement>(first, '[part=input]').focus();
    await sendKeys({ type: 'My order number is' });
    await until(first, () => api.callsOf('setVisitorTyping').length > 0);
    first.remove();
    expect(sessionStorage.getItem(`${KEY}:draft`)).to.contain('My order number is');
    expect(localStorage.getItem(`${KEY}:draft`), 'a draft is not shared with other tabs').to.equal(null);

    const second = await reload(api);
    await until(second, () => second.shadowRoot!.querySelector('[part=input]'));
    const box = $<HTMLTextAreaElement>(second, '[part=input]');
    expect(box.value).to.equal('My order number is');
    box.focus();
    await sendKeys({ type: ' 42' });
    await sendKeys({ press: 'Enter' });
    await until(second, () => api.callsOf('addLine').length === 1);
    expect(api.callsOf('addLine')[0]![1]).to.equal('My order number is 42');
    second.remove();

    const third = await reload(api);
    await until(third, () => third.shadowRoot!.querySelector('[part=input]'));
    expect($<HTMLTextAreaElement>(third, '[part=input]').value).to.equal('');
  });

  it('keeps a minimised chat minimised, with its unread count', async () => {
    const api = new FakeChatApi();
    const first = await renderWindow(api);
    await openToWaiting(first);
    api.accept();
    await statusIs(first, 'chatting');
    first.close();
    api.say('Still there?');
    await until(first, () => launcherName(first).includes('1 unread'));
    first.remove();
    const second = await reload(api);
    expect([second.status, second.isOpen]).to.deep.equal(['chatting', false]);
    expect(launcherName(second)).to.contain('1 unread message');
  });

  it('keeps the ended chat and its transcript form until a new chat starts', async () => {
    const api = new FakeChatApi();
    const first = await renderWindow(api);
    await openToWaiting(first);
    api.accept();
    api.say('Bye now');
    api.end();
    await statusIs(first, 'ended');
    await until(first, () => first.shadowRoot!.querySelector('.after-chat input'));
    first.remove();
    const second = await reload(api);
    expect(second.status).to.equal('ended');
    await until(second, () => second.shadowRoot!.querySelector('.after-chat input'));
    expect(lines(second)).to.include('agent: Bye now');
    $(second, '.after-chat .button--secondary').click();
    await statusIs(second, 'waiting');
  });

  it('keeps the leave-a-message confirmation until it is closed', async () => {
    const api = new FakeChatApi();
    api.available = false;
    api.offlineSurvey = null;
    const first = await renderWindow(api);
    await statusIs(first, 'unavailable');
    $(first, '[part=launcher]').click();
    await statusIs(first, 'offline');
    first.remove();
    const second = await reload(api);
    expect([second.status, second.isOpen]).to.deep.equal(['offline', true]);
    second.close();
    await statusIs(second, 'unavailable');
    second.remove();
    expect(sessionStorage.getItem(KEY), 'dismissed: nothing kept').to.equal(null);
  });

  it('starts afresh, with a warning, over a corrupt or foreign entry', async () => {
    for (const junk of ['{"v":1,"account":"123456","savedAt":', JSON.stringify({ v: 99 }), JSON.stringify({ v: 1, account: '123456', savedAt: Date.now(), snapshot: { status: 'active', value: { nowhere: 'x' }, context: { messages: [] }, children: {} } })]) {
      sessionStorage.setItem(KEY, junk);
      let el!: LpChatWindow;
      const seen = await warnings(async () => {
        el = await reload(new FakeChatApi());
        await statusIs(el, 'available');
      });
      expect(seen.join('\n'), junk).to.match(/discarded the stored chat|could not be restored/);
      el.remove();
      sessionStorage.clear();
    }
  });

  it('persist="none" keeps nothing; persist="local" keeps it in localStorage', async () => {
    const api = new FakeChatApi();
    const none = await renderWindow(api, false, undefined, 'none');
    await openToWaiting(none);
    none.remove();
    expect([sessionStorage.length, localStorage.length]).to.deep.equal([0, 0]);

    const local = await renderWindow(api, false, undefined, 'local');
    await openToWaiting(local);
    local.remove();
    expect(localStorage.getItem(KEY)).to.be.a('string');
    expect(sessionStorage.length).to.equal(0);
  });
});
