import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LpChatComposer } from '../../components/chat-composer/chat-composer.js';
import { composerStyles } from '../../components/chat-composer/chat-composer.styles.js';
import { en } from '../../src/i18n/strings.js';
import { hostStyles } from '../../styles/host.styles.js';
import '../helpers/views.js';

const input = (el: Element) => el.querySelector<HTMLTextAreaElement>('[part=input]')!;
const send = (el: Element) => el.querySelector<HTMLButtonElement>('[part=send-button]')!;
const counter = (el: Element) => el.querySelector<HTMLElement>('[part=counter]')!;
const said = (el: Element) => el.querySelector('[role=status]')!.textContent;

/** Puts `text` in the box at once, as a paste does. */
async function paste(el: LpChatComposer, text: string): Promise<void> {
  input(el).value = text;
  input(el).dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  await el.updateComplete;
}

describe('<lp-chat-composer> character limit', () => {
  const before = document.adoptedStyleSheets;
  beforeEach(() => {
    document.adoptedStyleSheets = [...before, hostStyles.styleSheet!, composerStyles.styleSheet!];
  });
  afterEach(() => {
    document.adoptedStyleSheets = before;
  });

  it('shows a counter from 80 % of the limit, and announces how many are left at 80 % and 90 % only', async () => {
    const el = await fixture<LpChatComposer>(html`<lp-chat-composer .max=${100}></lp-chat-composer>`);
    expect(counter(el).hidden).to.equal(true);
    expect(getComputedStyle(counter(el)).display).to.equal('none');
    expect(said(el)).to.equal('');
    await paste(el, 'x'.repeat(79));
    expect(counter(el).hidden).to.equal(true);
    expect(said(el)).to.equal('');

    // The visitor types on, key by key.
    input(el).focus();
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(counter(el).hidden).to.equal(false);
    expect(counter(el).textContent).to.equal('80/100');
    expect(counter(el).getAttribute('aria-hidden')).to.equal('true');
    expect(said(el)).to.equal('20 characters left');
    const region = el.querySelector('[role=status]')!;
    const changes: string[] = [];
    const observer = new MutationObserver(() => changes.push(region.textContent!));
    observer.observe(region, { subtree: true, childList: true, characterData: true });
    await sendKeys({ type: 'xxxxxxxxx' });
    await el.updateComplete;
    expect(counter(el).textContent).to.equal('89/100');
    expect(changes).to.deep.equal([]);
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(said(el)).to.equal('10 characters left');
    await sendKeys({ type: 'xxxxxxxxx' });
    await el.updateComplete;
    observer.disconnect();
    expect(changes).to.deep.equal(['10 characters left']);
    expect(counter(el).textContent).to.equal('99/100');
    expect(send(el).disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('a draft over the limit (a long paste) stays whole, is marked, announced, and cannot be sent', async () => {
    const el = await fixture<LpChatComposer>(html`<lp-chat-composer .max=${100}></lp-chat-composer>`);
    let sent = 0;
    el.addEventListener('chat-send', () => sent++);
    const text = 'y'.repeat(150);
    await paste(el, text);
    expect(input(el).value).to.equal(text);
    expect(counter(el).textContent).to.equal('150/100');
    expect(counter(el).classList.contains('composer__count--over')).to.equal(true);
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    expect(said(el)).to.equal('50 characters too many');
    expect(send(el).disabled).to.equal(true);
    input(el).focus();
    await sendKeys({ press: 'Enter' });
    el.querySelector('form')!.requestSubmit();
    expect(sent).to.equal(0);
    expect(input(el).value).to.equal(text);
    await expect(el).to.be.accessible();

    // Shortened to the limit: it goes, and the counter goes with it.
    await paste(el, 'z'.repeat(101));
    // Still over: nothing new to announce.
    expect(said(el)).to.equal('50 characters too many');
    await paste(el, 'z'.repeat(100));
    expect(input(el).getAttribute('aria-invalid')).to.equal('false');
    expect(said(el)).to.equal('0 characters left');
    const line = oneEvent(el, 'chat-send');
    send(el).click();
    expect((await line).detail).to.equal('z'.repeat(100));
    await el.updateComplete;
    expect(input(el).value).to.equal('');
    expect(counter(el).hidden).to.equal(true);
    expect(said(el)).to.equal('');
  });

  it('says one character, or many', () => {
    expect([1, 0, 2, -1, -3].map(en.charsLeft)).to.deep.equal([
      '1 character left',
      '0 characters left',
      '2 characters left',
      '1 character too many',
      '3 characters too many',
    ]);
  });

  it('is 2,000 characters unless told otherwise (and when told something unusable)', async () => {
    const el = await fixture<LpChatComposer>(html`<lp-chat-composer></lp-chat-composer>`);
    expect(el.max).to.equal(2000);
    await paste(el, 'x'.repeat(1600));
    expect(counter(el).textContent).to.equal('1600/2000');
    el.max = NaN;
    await el.updateComplete;
    await paste(el, 'x'.repeat(2001));
    expect(counter(el).textContent).to.equal('2001/2000');
    expect(send(el).disabled).to.equal(true);
  });
});

describe('<lp-chat-composer> draft', () => {
  it('starts with the draft it is given, counted, and tells every change of it', async () => {
    const el = await fixture<LpChatComposer>(html`<lp-chat-composer .t=${en} .max=${10} .draft=${'Where is '}></lp-chat-composer>`);
    expect(input(el).value).to.equal('Where is ');
    expect(counter(el).hidden, 'near the limit: the counter shows').to.equal(false);
    expect(counter(el).textContent).to.equal('9/10');
    const changes: string[] = [];
    el.addEventListener('chat-input', (e) => changes.push((e as CustomEvent<string>).detail));
    input(el).focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: 'it' });
    await sendKeys({ press: 'Backspace' });
    expect(changes).to.deep.equal(['Where is i', 'Where is it', 'Where is i']);
    // Read once: a later value changes nothing in the box.
    el.draft = 'something else';
    await el.updateComplete;
    expect(input(el).value).to.equal('Where is i');
  });
});
