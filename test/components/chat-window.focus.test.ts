import { expect } from '@open-wc/testing';
import { FakeChatApi, question } from '../helpers/fake-chat-api.js';
import { $, focused, lines, openToChatting, renderWindow, statusIs, textOf, until } from '../helpers/fixtures.js';

async function chatting(api = new FakeChatApi()) {
  const el = await renderWindow(api);
  await openToChatting(el, api);
  await until(el, () => focused(el) === $(el, '[part=input]'), 'focus in the composer');
  return el;
}

describe('<lp-chat-window> focus', () => {
  it('a window inserted open leaves focus where it is', async () => {
    const el = await renderWindow(new FakeChatApi(), true);
    await statusIs(el, 'waiting');
    await el.updateComplete;
    expect(focused(el)).to.equal(null);
  });

  it('open() and isOpen move focus into the window, to the message box once the chat is live', async () => {
    const el = await renderWindow();
    await statusIs(el, 'available');
    el.open();
    await statusIs(el, 'waiting');
    await until(el, () => focused(el) === $(el, '[part=input]'), 'focus in the composer');

    // A second window of the same account would pick up the first one's chat: this one keeps none.
    const other = await renderWindow(undefined, false, undefined, 'none');
    await statusIs(other, 'available');
    other.isOpen = true;
    await statusIs(other, 'waiting');
    await until(other, () => focused(other) === $(other, '[part=input]'), 'focus in the composer');
  });

  it('the close button returns focus to the launcher', async () => {
    const el = await chatting();
    $(el, '[part=close-button]').focus();
    $(el, '[part=close-button]').click();
    await el.updateComplete;
    expect($(el, '#window').hidden).to.equal(true);
    expect(focused(el)).to.equal($(el, '[part=launcher]'));
  });

  it('closing while focus is on the page leaves it there', async () => {
    const el = await chatting();
    const outside = document.createElement('button');
    outside.textContent = 'page';
    document.body.append(outside);
    try {
      outside.focus();
      el.close();
      await el.updateComplete;
      expect(document.activeElement).to.equal(outside);
    } finally {
      outside.remove();
    }
  });

  it('focus the visitor moved stays there as lines arrive', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const end = $(el, '[part=end-button]');
    end.focus();
    api.say('one');
    api.typing(true);
    await until(el, () => lines(el).includes('agent: one') && el.shadowRoot!.querySelector('[part=typing-indicator] i'));
    api.say('two');
    await until(el, () => lines(el).includes('agent: two'));
    expect(focused(el)).to.equal(end);
  });

  it('focus resting in the message box costs no search of the window as lines arrive', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const root = el.shadowRoot!;
    let searches = 0;
    const querySelectorAll = root.querySelectorAll.bind(root);
    root.querySelectorAll = ((selector: string) => {
      searches++;
      return querySelectorAll(selector);
    }) as typeof root.querySelectorAll;
    try {
      for (const text of ['one', 'two', 'three']) {
        api.say(text);
        // (textOf, not lines(): the helper's own searches would count.)
        await until(el, () => textOf(el, '[part=log]').includes(text));
      }
      expect(searches).to.equal(0);
      expect(focused(el)).to.equal($(el, '[part=input]'));
    } finally {
      delete (root as { querySelectorAll?: unknown }).querySelectorAll;
    }
  });

  it('when the focused form goes away, focus moves to what is left (the header)', async () => {
    const api = new FakeChatApi();
    api.available = false;
    api.offlineSurvey = { id: '300', title: '', header: '', questions: [question({ id: '1', label: 'Message', mandatory: true })] };
    const el = await renderWindow(api);
    await statusIs(el, 'unavailable');
    $(el, '[part=launcher]').focus();
    $(el, '[part=launcher]').click();
    await until(el, () => focused(el) === el.shadowRoot!.querySelector('[part=survey] input'), 'focus in the form');
    const input = $<HTMLInputElement>(el, '[part=survey] input');
    input.value = 'Call me';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    $(el, '[part=survey] button').click();
    await until(el, () => !el.shadowRoot!.querySelector('[part=survey]'), 'the message is sent');
    await until(el, () => focused(el) === $(el, '[part=close-button]'), 'focus on the close button');
  });
});
