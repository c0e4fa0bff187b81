import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { FakeChatApi } from '../helpers/fake-chat-api.js';
import { $, openToChatting, renderWindow, statusIs, until } from '../helpers/fixtures.js';

const style = (el: Element, selector: string, pseudo?: string) => getComputedStyle($(el, selector), pseudo);

async function chatting() {
  const api = new FakeChatApi();
  const el = await renderWindow(api);
  await openToChatting(el, api);
  return { el, api };
}

describe('<lp-chat-window> layout and theming', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference', forcedColors: 'none' });
  });

  it('desktop: a panel above a round launcher, bottom right', async () => {
    await setViewport({ width: 1024, height: 768 });
    const { el } = await chatting();
    const launcher = $(el, '[part=launcher]').getBoundingClientRect();
    const panel = $(el, '[part=window]').getBoundingClientRect();
    expect([launcher.right, launcher.bottom, launcher.width, launcher.height]).to.deep.equal([1004, 748, 56, 56]);
    expect(style(el, '[part=launcher]').borderRadius).to.equal('50%');
    expect(style(el, '[part=launcher]').color).to.equal('rgb(255, 255, 255)');
    expect([panel.right, panel.bottom, panel.width, panel.height]).to.deep.equal([1004, 680, 380, 580]);
  });

  it('320 px wide: the window fills the screen and nothing overflows', async () => {
    await setViewport({ width: 320, height: 568 });
    const { el } = await chatting();
    const panel = $(el, '[part=window]').getBoundingClientRect();
    expect([panel.left, panel.top, panel.width, panel.height]).to.deep.equal([0, 0, 320, 568]);
    for (const part of ['header', 'composer', 'send-button', 'log', 'close-button', 'end-button']) {
      const r = $(el, `[part=${part}]`).getBoundingClientRect();
      expect(r.left >= 0 && r.right <= 320 && r.width > 0, part).to.equal(true);
    }
    expect(style(el, '[part=launcher]').display).to.equal('none');
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
    await expect(el).to.be.accessible();
  });

  it('filling the screen, the window is modal: Tab and Shift+Tab go round inside it; beside the page, it is not', async () => {
    await setViewport({ width: 320, height: 568 });
    const { el } = await chatting();
    const root = el.shadowRoot!;
    const window = $(el, '[part=window]');
    expect(window.getAttribute('aria-modal')).to.equal('true');
    const focused = () => root.activeElement?.getAttribute('part') ?? root.activeElement?.localName ?? null;
    $<HTMLElement>(el, '[part=input]').focus();
    await sendKeys({ type: 'hi' });
    // Forward from the message box: Send, then round to the first stop of the title bar.
    const forward: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      forward.push(focused());
    }
    expect(forward).to.deep.equal(['send-button', 'end-button', 'close-button']);
    // And back from the first stop: round to the last.
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Shift+Tab' });
    expect(focused()).to.equal('send-button');
    // Wider, beside the page: not modal, and Tab leaves the window after its last stop.
    await setViewport({ width: 1024, height: 768 });
    await until(el, () => window.getAttribute('aria-modal') === 'false');
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('survives aggressive host CSS: inherited properties are reset inside', async () => {
    const css = document.createElement('style');
    css.textContent = `* { all: unset } div:not(:has(lp-chat-window)) { display: none } p, h2 { display: none !important }
      lp-chat-window, body { font: italic 40px/9 serif; color: red; text-align: right; letter-spacing: 5px;
      text-transform: uppercase; direction: rtl; white-space: pre; }`;
    document.head.append(css);
    try {
      const { el } = await chatting();
      const panel = $(el, '[part=window]');
      expect(getComputedStyle(panel).display).to.equal('flex');
      expect(panel.getBoundingClientRect().width).to.be.above(200);
      const title = style(el, '[part=title]');
      expect([title.display, title.fontSize, title.fontStyle, title.textTransform, title.letterSpacing]).to.deep.equal([
        'block',
        '17px',
        'normal',
        'none',
        'normal',
      ]);
      const bubble = style(el, '[part~=message--system] [part=bubble]');
      expect([bubble.fontSize, bubble.direction, bubble.textAlign, bubble.whiteSpace]).to.deep.equal(['13px', 'ltr', 'center', 'pre-wrap']);
      expect(style(el, '[part=input]').color).to.equal('rgb(27, 31, 36)');
      expect(style(el, '[part=input]').fontFamily).not.to.equal('serif');
    } finally {
      css.remove();
    }
  });

  it('is themed with --lp-* tokens and ::part()', async () => {
    const css = document.createElement('style');
    css.textContent = `lp-chat-window { --lp-color-primary: rgb(200, 0, 100); --lp-chat-width: 300px; --lp-chat-bubble-agent-background: rgb(1, 2, 3); }
      lp-chat-window::part(launcher) { border-radius: 4px; }
      lp-chat-window::part(message--visitor) { outline: 3px solid rgb(0, 128, 0); }
      lp-chat-window:state(chatting)::part(header) { background: rgb(0, 0, 255); }`;
    document.head.append(css);
    try {
      const { el, api } = await chatting();
      api.say('hi');
      $<HTMLTextAreaElement>(el, '[part=input]').value = 'yo';
      $(el, '[part=send-button]').click();
      await until(el, () => el.shadowRoot!.querySelector('[part~=message--visitor]') && el.shadowRoot!.querySelector('[part~=message--agent]'));
      expect(style(el, '[part=launcher]').backgroundColor).to.equal('rgb(200, 0, 100)');
      expect(style(el, '[part=launcher]').borderRadius).to.equal('4px');
      expect($(el, '[part=window]').getBoundingClientRect().width).to.equal(300);
      expect(style(el, '[part~=message--agent] [part=bubble]').backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(style(el, '[part~=message--visitor] [part=bubble]').backgroundColor).to.equal('rgb(200, 0, 100)');
      expect(style(el, '[part~=message--visitor]').outlineColor).to.equal('rgb(0, 128, 0)');
      expect(style(el, '[part=header]').backgroundColor).to.equal('rgb(0, 0, 255)');
    } finally {
      css.remove();
    }
  });

  it('dark colour scheme by default, still accessible', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { el, api } = await chatting();
    api.say('Hello from the dark');
    await until(el, () => el.shadowRoot!.querySelector('[part~=message--agent]'));
    expect(style(el, '[part=window]').backgroundColor).to.equal('rgb(28, 31, 36)');
    await expect(el).to.be.accessible();
  });

  it('reduced motion: the typing indicator does not animate', async () => {
    const { el, api } = await chatting();
    api.typing(true);
    await until(el, () => el.shadowRoot!.querySelector('[part=typing-indicator] i'));
    expect(style(el, '[part=typing-indicator] i', '::after').animationName).to.equal('lp-dots');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(style(el, '[part=typing-indicator] i', '::after').animationName).to.equal('none');
  });

  it('forced colours: bubbles and the window keep a visible border', async () => {
    await emulateMedia({ forcedColors: 'active' });
    const { el } = await chatting();
    expect(style(el, '[part=bubble]').borderTopStyle).to.equal('solid');
    expect(style(el, '[part=window]').borderTopStyle).to.equal('solid');
  });

  it('focus is visible on keyboard focus', async () => {
    const el = await renderWindow();
    await statusIs(el, 'available');
    const launcher = $(el, '[part=launcher]');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(launcher);
    expect(getComputedStyle(launcher).outlineStyle).to.equal('solid');
  });
});
