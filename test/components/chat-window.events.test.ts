import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import type { ChatStatus } from '../../src/machine/chat.types.js';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, endChat, focused, launcherName, lines, openToChatting, openToWaiting, renderWindow, statusIs, textOf, until } from '../helpers/fixtures.js';

/** Types into the composer and presses Enter, as a visitor would. */
async function typeAndSend(el: LpChatWindow, text: string): Promise<void> {
  $(el, '[part=input]').focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

async function chatting(api = new FakeChatApi()): Promise<LpChatWindow> {
  const el = await renderWindow(api);
  await openToChatting(el, api);
  return el;
}

describe('<lp-chat-window> keyboard', () => {
  it('Tab to the launcher, Enter opens, focus moves in; Enter sends, Shift+Enter adds a line; Escape closes back to the launcher', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    await statusIs(el, 'available');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal($(el, '[part=launcher]'));
    await sendKeys({ press: 'Enter' });
    await statusIs(el, 'waiting');
    expect(el.isOpen).to.equal(true);
    expect($(el, '[part=launcher]').getAttribute('aria-expanded')).to.equal('true');
    await until(el, () => focused(el) === $(el, '[part=input]'), 'focus in the composer');

    api.accept();
    await statusIs(el, 'chatting');
    await sendKeys({ type: 'Hello' });
    await sendKeys({ press: 'Shift+Enter' });
    await sendKeys({ type: 'there' });
    const input = $<HTMLTextAreaElement>(el, '[part=input]');
    expect(input.value).to.equal('Hello\nthere');
    await sendKeys({ press: 'Enter' });
    expect(input.value).to.equal('');
    await until(el, () => api.callsOf('addLine').length === 1);
    expect(api.callsOf('addLine')[0][1]).to.equal('Hello\nthere');

    const closing = oneEvent(el, 'lp-close');
    await sendKeys({ press: 'Escape' });
    expect((await closing).detail.source).to.equal('escape');
    await el.updateComplete;
    expect($(el, '#window').hidden).to.equal(true);
    expect(el.isOpen).to.equal(false);
    expect(focused(el)).to.equal($(el, '[part=launcher]'));
  });

  it('focus lands on the first survey field when a pre-chat survey opens', async () => {
    const api = new FakeChatApi();
    api.preChatSurvey = {
      id: '1',
      title: '',
      header: '',
      questions: [{ id: '9', order: 0, mandatory: false, validation: 'alpha_numeric', label: 'Topic', type: 'text', lastKnownValue: '', entries: [] }],
    };
    const el = await renderWindow(api);
    await statusIs(el, 'available');
    $(el, '[part=launcher]').focus();
    await sendKeys({ press: 'Enter' });
    await statusIs(el, 'prechat');
    await until(el, () => focused(el)?.tagName === 'INPUT', 'focus in the survey');
  });

  it('the Enter that confirms an IME choice sends nothing (isComposing, or keyCode 229 after compositionend)', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const input = $<HTMLTextAreaElement>(el, '[part=input]');
    input.focus();
    input.value = '日本';
    const enter = (init: KeyboardEventInit) =>
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }));
    expect(enter({ isComposing: true })).to.equal(true);
    expect(enter({ keyCode: 229 })).to.equal(true);
    await aTimeout(60);
    expect(input.value).to.equal('日本');
    expect(api.callsOf('addLine')).to.have.length(0);
    // The next, ordinary Enter sends.
    expect(enter({})).to.equal(false);
    await until(el, () => api.callsOf('addLine').length === 1);
    expect(api.callsOf('addLine')[0][1]).to.equal('日本');
  });

  it('Escape during an IME composition leaves the window open', async () => {
    const el = await chatting();
    const seen: string[] = [];
    el.addEventListener('lp-close', (e) => seen.push(e.detail.source));
    const input = $(el, '[part=input]');
    input.focus();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(seen).to.deep.equal([]);
    expect(el.isOpen).to.equal(true);
    expect($(el, '#window').hidden).to.equal(false);
    expect(focused(el)).to.equal(input);
  });

  it('Escape does nothing to a window whose lp-close is cancelled', async () => {
    const el = await chatting();
    el.addEventListener('lp-close', (e) => e.preventDefault(), { once: true });
    $(el, '[part=input]').focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.isOpen).to.equal(true);
    expect($(el, '#window').hidden).to.equal(false);
  });
});

describe('<lp-chat-window> events', () => {
  it('lp-send: cancelling keeps the draft and sends nothing', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const sent: string[] = [];
    el.addEventListener('lp-send', (e) => {
      sent.push(e.detail.text);
      e.preventDefault();
    });
    await typeAndSend(el, 'secret');
    await aTimeout(60);
    expect(sent).to.deep.equal(['secret']);
    expect($<HTMLTextAreaElement>(el, '[part=input]').value).to.equal('secret');
    expect(api.callsOf('addLine')).to.have.length(0);
    expect(lines(el).some((l) => l.startsWith('visitor'))).to.equal(false);
  });

  it('lp-send: not cancelled, the line is sent and shown once', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const event = oneEvent(el, 'lp-send');
    await typeAndSend(el, 'Hi!');
    const e = await event;
    expect(e.detail.text).to.equal('Hi!');
    expect(e.bubbles && e.composed && e.cancelable).to.equal(true);
    await until(el, () => api.callsOf('getChat').length > 6 && !textOf(el, '.message__status'));
    expect(lines(el).filter((l) => l.startsWith('visitor'))).to.deep.equal(['visitor: Hi!']);
  });

  it('an echoed visitor line is shown once even when the server does not return its id', async () => {
    const api = new FakeChatApi();
    const add = api.addLine.bind(api);
    api.addLine = async (url, text) => {
      await add(url, text);
      return undefined;
    };
    const el = await chatting(api);
    await typeAndSend(el, 'one');
    await typeAndSend(el, 'one');
    const polls = api.callsOf('getChat').length;
    await until(el, () => api.callsOf('getChat').length > polls + 4);
    expect(lines(el).filter((l) => l.startsWith('visitor'))).to.deep.equal(['visitor: one', 'visitor: one']);
  });

  it('lp-close: cancelling the close button keeps the window open', async () => {
    const el = await chatting();
    const seen: string[] = [];
    el.addEventListener('lp-close', (e) => {
      seen.push(`${e.detail.source} ${e.cancelable}`);
      e.preventDefault();
    });
    $(el, '[part=close-button]').click();
    await el.updateComplete;
    expect(seen).to.deep.equal(['close-button true']);
    expect(el.isOpen).to.equal(true);
    expect(el.status).to.equal('chatting');
  });

  it('lp-open / lp-close: launcher, open() and close(); nothing when the host sets isOpen', async () => {
    const el = await renderWindow();
    await statusIs(el, 'available');
    const seen: string[] = [];
    el.addEventListener('lp-open', (e) => seen.push(`open ${e.detail.source}`));
    el.addEventListener('lp-close', (e) => seen.push(`close ${e.detail.source} ${e.cancelable}`));
    $(el, '[part=launcher]').click();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(true);
    $(el, '[part=close-button]').click();
    el.open();
    el.close();
    el.isOpen = true;
    await el.updateComplete;
    expect($(el, '#window').hidden).to.equal(false);
    el.isOpen = false;
    await el.updateComplete;
    expect($(el, '#window').hidden).to.equal(true);
    el.setAttribute('open', '');
    await el.updateComplete;
    expect($(el, '#window').hidden).to.equal(false);
    el.removeAttribute('open');
    await el.updateComplete;
    expect(seen).to.deep.equal(['open launcher', 'close close-button true', 'open api', 'close api true']);
    expect(el.hasAttribute('open')).to.equal(false);
    expect($(el, '#window').hidden).to.equal(true);
  });

  it('no lp-open for a window inserted with the open attribute', async () => {
    const seen: string[] = [];
    const listener = (e: Event) => seen.push(e.type);
    document.addEventListener('lp-open', listener);
    document.addEventListener('lp-close', listener);
    try {
      const el = await renderWindow(new FakeChatApi(), true);
      await statusIs(el, 'waiting');
      expect($(el, '#window').hidden).to.equal(false);
      expect(seen).to.deep.equal([]);
    } finally {
      document.removeEventListener('lp-open', listener);
      document.removeEventListener('lp-close', listener);
    }
  });

  it('lp-status-change: each change once, with the previous status', async () => {
    const api = new FakeChatApi();
    const release = api.hold('getEngagement');
    const el = await renderWindow(api);
    const seen: string[] = [];
    el.addEventListener('lp-status-change', (e) => seen.push(`${e.detail.previous}>${e.detail.status}`));
    release();
    await openToWaiting(el);
    api.accept();
    await statusIs(el, 'chatting');
    el.endChat();
    await statusIs(el, 'ended');
    expect(seen).to.deep.equal([
      'loading>available',
      'available>connecting',
      'connecting>waiting',
      'waiting>chatting',
      'chatting>ended',
    ]);
  });

  it('lp-status-change and the custom state cover the configuration error, and leaving it', async () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const el = await fixture<LpChatWindow>(html`<lp-chat-window></lp-chat-window>`);
      await statusIs(el, 'error');
      expect(el.matches(':state(error)')).to.equal(true);
      const seen: string[] = [];
      el.addEventListener('lp-status-change', (e) => seen.push(`${e.detail.previous}>${e.detail.status}`));
      el.api = new FakeChatApi();
      el.account = '123456';
      await statusIs(el, 'available');
      expect(seen).to.deep.equal(['error>loading', 'loading>available']);
      expect(el.matches(':state(error)')).to.equal(false);
      expect(el.matches(':state(available)')).to.equal(true);
    } finally {
      console.error = original;
    }
  });

  it('lp-message: once per agent and system line, not for visitor lines', async () => {
    const api = new FakeChatApi();
    const el = await renderWindow(api);
    const seen: string[] = [];
    el.addEventListener('lp-message', (e) => seen.push(`${e.detail.message.source}: ${e.detail.message.text}`));
    await openToWaiting(el);
    api.accept('Natalie');
    api.say('Hello');
    await until(el, () => seen.length === 3);
    await typeAndSend(el, 'Hi');
    await until(el, () => api.callsOf('getChat').length > 8);
    expect(seen).to.deep.equal([
      'system: Thank you for choosing to chat with us.',
      'system: You are now chatting with Natalie',
      'agent: Hello',
    ]);
  });

  it('lp-error: a failure is reported with its code, retryability and step', async () => {
    const api = new FakeChatApi();
    api.fail('requestChat', 'server');
    const el = await renderWindow(api);
    await statusIs(el, 'available');
    const event = oneEvent(el, 'lp-error');
    el.open();
    const e = await event;
    expect(e.detail).to.include({ code: 'server', retryable: true, during: 'request' });
    expect(e.bubbles && e.composed).to.equal(true);
    await statusIs(el, 'error');
  });

  it('internal view events do not reach the host page', async () => {
    const el = await chatting();
    const leaked: string[] = [];
    for (const type of ['chat-send', 'chat-input', 'chat-retry']) document.addEventListener(type, () => leaked.push(type));
    await typeAndSend(el, 'x');
    expect(leaked).to.deep.equal([]);
  });
});

describe('<lp-chat-window> conversation', () => {
  it('the launcher counts unread lines while minimised, in its name and a badge', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    $(el, '[part=close-button]').click();
    await el.updateComplete;
    api.say('Are you there?');
    api.say('Hello?');
    await until(el, () => launcherName(el).includes('unread'));
    expect(launcherName(el)).to.equal('Chat with us, 2 unread messages');
    expect(textOf(el, '.launcher__badge')).to.equal('2');
    expect($(el, '.launcher__badge').getAttribute('aria-hidden')).to.equal('true');
    await expect(el).to.be.accessible();
    $(el, '[part=launcher]').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.launcher__badge')).to.equal(null);
    expect(launcherName(el)).to.equal('Chat with us');
  });

  it('moving the element in the DOM keeps the conversation and its polling', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    api.say('First');
    await until(el, () => lines(el).includes('agent: First'));
    const other = document.createElement('div');
    document.body.append(other);
    try {
      other.append(el);
      await el.updateComplete;
      expect(el.status).to.equal('chatting');
      expect(el.isOpen).to.equal(true);
      api.say('Second');
      await until(el, () => lines(el).includes('agent: Second'));
      expect(lines(el).filter((l) => l === 'agent: First')).to.have.length(1);
      expect(api.callsOf('requestChat')).to.have.length(1);
    } finally {
      other.remove();
    }
  });

  it('a line in flight while the element moves is sent once and confirmed', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const release = api.hold('addLine');
    el.shadowRoot!.querySelector('lp-chat-composer')!.dispatchEvent(
      new CustomEvent('chat-send', { detail: 'moving', bubbles: true, composed: true }),
    );
    await until(el, () => api.callsOf('addLine').length === 1);
    const other = document.createElement('div');
    document.body.append(other);
    try {
      other.append(el);
      await aTimeout(30);
      release();
      const visitor = () => el.shadowRoot!.querySelector('[part~=message--visitor]');
      await until(el, () => visitor() && !visitor()!.querySelector('.message__status'), 'the line is confirmed as sent');
      await aTimeout(50);
      expect(api.callsOf('addLine')).to.deep.equal([[api.chatUrl, 'moving']]);
    } finally {
      other.remove();
    }
  });

  it('an element removed and added back later continues its chat', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const parent = el.parentElement!;
    el.remove();
    await aTimeout(30);
    const polls = api.callsOf('getChat').length;
    parent.append(el);
    api.say('Welcome back');
    await until(el, () => lines(el).includes('agent: Welcome back'));
    expect(api.callsOf('getChat').length).to.be.greaterThan(polls);
    expect(api.callsOf('requestChat')).to.have.length(1);
  });

  it('disconnecting stops polling', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    el.remove();
    await aTimeout(30);
    const polls = api.callsOf('getChat').length;
    await aTimeout(100);
    expect(api.callsOf('getChat').length).to.equal(polls);
  });

  it('End chat asks first: Keep chatting or Escape keeps the chat (and the window), End chat ends it on the server', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const root = el.shadowRoot!;
    const question = () => root.querySelector<HTMLElement>('.confirm');
    $(el, '[part=end-button]').click();
    await until(el, () => question());
    expect(question()!.getAttribute('role')).to.equal('group');
    expect(question()!.textContent).to.contain('End this chat?');
    // Its first answer takes focus.
    await until(el, () => root.activeElement?.textContent === 'End chat' && question()!.contains(root.activeElement));
    await expect(el).to.be.accessible();
    [...question()!.querySelectorAll('button')].find((b) => b.textContent === 'Keep chatting')!.click();
    await until(el, () => !question());
    // Back to typing.
    await until(el, () => root.activeElement === $(el, '[part=input]'));
    $(el, '[part=end-button]').click();
    await until(el, () => question() && question()!.contains(root.activeElement));
    root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await until(el, () => !question());
    expect([el.isOpen, el.status, api.callsOf('endChat').length]).to.deep.equal([true, 'chatting', 0]);
    await endChat(el);
    await statusIs(el, 'ended');
    expect(api.callsOf('endChat')).to.have.length(1);
  });

  it('a "New messages" button appears when the visitor scrolled up, and jumps down', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    for (let i = 0; i < 30; i++) api.say(`line ${i}`);
    await until(el, () => lines(el).includes('agent: line 29'));
    const log = $(el, '[part=log]');
    await until(el, () => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'follows new lines');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    api.say('new one');
    await until(el, () => lines(el).includes('agent: new one'));
    const pill = $(el, '.log__jump');
    await until(el, () => !pill.hidden);
    expect(log.scrollTop).to.equal(0);
    expect(pill.textContent).to.equal('New messages');
    await expect(el).to.be.accessible();
    pill.click();
    await el.updateComplete;
    await until(el, () => pill.hidden);
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(2);
  });

  it('agent HTML is sanitised in the conversation', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    api.say('<b>Bold</b><img src="x" onerror="window.__pwned=1"><a href="javascript:alert(1)">bad</a><a href="https://example.com/">ok</a>', 'html');
    await until(el, () => el.shadowRoot!.querySelector('[part~=message--agent] b'));
    const bubble = $(el, '[part~=message--agent] [part=bubble]');
    expect(bubble.querySelector('img')).to.equal(null);
    expect(bubble.querySelectorAll('a')[0].hasAttribute('href')).to.equal(false);
    expect(bubble.querySelectorAll('a')[1].getAttribute('rel')).to.equal('noopener noreferrer');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('the status mirrors into custom states', async () => {
    const api = new FakeChatApi();
    const el = await chatting(api);
    const states: ChatStatus[] = ['chatting', 'waiting', 'available'];
    expect(states.filter((s) => el.matches(`:state(${s})`))).to.deep.equal(['chatting']);
  });
});
