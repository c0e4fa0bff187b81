import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import type { Message } from '../../src/machine/chat.types.js';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';
import { htmlAsText, loadSanitizer, sanitizer } from '../../src/sanitize/sanitizer.js';
import { en } from '../../src/i18n/strings.js';
import '../helpers/views.js';

const line = (m: Partial<Message>): Message => ({
  key: 'e1',
  source: 'agent',
  text: '',
  textType: 'plain',
  by: 'Natalie',
  time: '',
  status: 'sent',
  ...m,
});

const render = (m: Partial<Message>) => fixture<LpChatMessage>(html`<lp-chat-message .message=${line(m)}></lp-chat-message>`);
const bubble = (el: Element) => el.querySelector<HTMLElement>('[part=bubble]')!;

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers, styles and unknown tags', () => {
    const box = document.createElement('div');
    box.append(
      sanitizeHtml(
        '<div style="color:red" onclick="x()">a<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><iframe src="https://e.com"></iframe><form><input></form><svg><a href="https://e.com">s</a></svg></div>',
      )!,
    );
    expect(box.innerHTML).to.equal('<div>a</div>');
  });

  it('does not configure the page-wide DOMPurify', async () => {
    const { default: DOMPurify } = await import('dompurify');
    expect(DOMPurify.sanitize('<a href="/x" style="color:red">x</a><img src="data:,">')).to.equal('<a href="/x" style="color:red">x</a><img src="data:,">');
  });
});

describe('<lp-chat-message> before the sanitiser has arrived', () => {
  it('shows the first HTML line once the sanitiser it fetches is here, busy and empty until then', async () => {
    expect(sanitizer()).to.equal(undefined);
    const el = document.createElement('lp-chat-message');
    el.message = line({ text: '<b>Hi</b> there', textType: 'html' });
    expect(bubble(el).textContent).to.equal('');
    expect(bubble(el).getAttribute('aria-busy')).to.equal('true');
    await loadSanitizer();
    expect(bubble(el).querySelector('b')!.textContent).to.equal('Hi');
    expect(bubble(el).textContent).to.equal('Hi there');
    expect(bubble(el).hasAttribute('aria-busy')).to.equal(false);
    expect(el.querySelectorAll('[part=bubble]')).to.have.length(1);
  });
});

describe('htmlAsText', () => {
  it('says what an HTML line says, as text, when the sanitiser cannot be had', () => {
    expect(htmlAsText('<p>Fish &amp; chips</p><p>&lt;b&gt; is bold&#33; &#x1F600;</p>')).to.equal('Fish & chips\n<b> is bold! \u{1F600}');
    expect(htmlAsText('a<br>b<br/>c <img src=x onerror=alert(1)>d')).to.equal('a\nb\nc d');
    expect(htmlAsText('&bogus; &#0; <unclosed')).to.equal('&bogus; \ufffd');
  });
});

describe('<lp-chat-message>', () => {
  before(() => loadSanitizer());

  it('renders agent HTML sanitised', async () => {
    const el = await render({ text: '<b>Hi</b> <a href="https://example.com">there</a><img src=x onerror="window.__pwned=1">', textType: 'html' });
    expect(bubble(el).querySelector('b')!.textContent).to.equal('Hi');
    expect(bubble(el).querySelector('a')!.target).to.equal('_blank');
    expect(bubble(el).querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('renders again as soon as a property changes, keeping the nodes of an HTML line (and the focus in it) until its text changes', async () => {
    const m = line({ text: '<p>See <a href="https://example.com/">the guide</a></p>', textType: 'html' });
    const el = await fixture<LpChatMessage>(html`<lp-chat-message .message=${m}></lp-chat-message>`);
    const link = bubble(el).querySelector('a')!;
    link.focus();
    el.message = { ...m };
    el.retryable = false;
    expect(bubble(el).querySelector('a')).to.equal(link);
    expect(document.activeElement).to.equal(link);
    el.message = { ...m, text: '<i>changed</i>' };
    expect(bubble(el).querySelector('a')).to.equal(null);
    expect(bubble(el).querySelector('i')!.textContent).to.equal('changed');
    // Plain, then the same HTML again: the line is whole again, not emptied by the first render.
    el.message = { ...m, textType: 'plain' };
    el.message = { ...m, text: '<i>changed</i>' };
    expect(bubble(el).querySelector('i')!.textContent).to.equal('changed');
  });

  it('renders as soon as its message is set, and a change of status keeps the bubble', async () => {
    const el = document.createElement('lp-chat-message');
    el.message = line({ key: 'v1', source: 'visitor', text: 'v', status: 'sending' });
    expect(el.querySelector('.message__status')!.textContent).to.equal('Sending…');
    const b = bubble(el);
    el.message = line({ key: 'v1', source: 'visitor', text: 'v', status: 'sent' });
    expect(el.querySelector('.message__status')).to.equal(null);
    expect(bubble(el)).to.equal(b);
    expect(el.querySelector('.vh')!.textContent).to.equal('You:');
  });

  it('keeps agent content inside its bubble: long code wraps, wide content scrolls, images shrink', async () => {
    const { messageStyles } = await import('../../components/chat-message/chat-message.styles.js');
    const { hostStyles } = await import('../../styles/host.styles.js');
    const before = document.adoptedStyleSheets;
    // As in the window: its boxes are border boxes (an agent line leaves room for the avatar).
    document.adoptedStyleSheets = [...before, hostStyles.styleSheet!, messageStyles.styleSheet!];
    try {
      const text = `<pre>${'x'.repeat(400)} ${'y '.repeat(200)}</pre><a href="https://example.com/${'z'.repeat(300)}">https://example.com/${'z'.repeat(300)}</a>${'<ul><li>'.repeat(40)}deep${'</li></ul>'.repeat(40)}`;
      const box = await fixture<HTMLElement>(html`<div style="width: 300px"><lp-chat-message .message=${line({ text, textType: 'html' })}></lp-chat-message></div>`);
      const b = bubble(box.querySelector('lp-chat-message')!);
      const r = b.getBoundingClientRect();
      expect(r.right).to.be.at.most(box.getBoundingClientRect().right + 0.5);
      expect(getComputedStyle(b).overflowX).to.equal('auto');
      for (const child of b.querySelectorAll('pre, a')) expect(child.getBoundingClientRect().right, child.localName).to.be.at.most(r.right + 0.5);
    } finally {
      document.adoptedStyleSheets = before;
    }
  });

  it('shows an HTML line the sanitiser has nothing to insert for (a frameset document) as text', async () => {
    const el = await render({ text: '<frameset onload="window.__pwned=5"></frameset>', textType: 'html' });
    expect(bubble(el).textContent).to.equal('<frameset onload="window.__pwned=5"></frameset>');
    expect(bubble(el).children.length).to.equal(0);
  });

  it('renders plain agent text, visitor and system lines as text, never as markup', async () => {
    for (const m of [
      { text: '<b>not bold</b>' },
      { source: 'visitor' as const, text: '<b>not bold</b>', textType: 'html' as const },
      { source: 'system' as const, text: '<b>not bold</b>', textType: 'html' as const },
    ]) {
      const el = await render(m);
      expect(bubble(el).querySelector('b')).to.equal(null);
      expect(bubble(el).textContent).to.equal('<b>not bold</b>');
    }
  });

  it('offers a link the agent pushed as an anchor that opens a new tab, its text as text', async () => {
    const el = await render({ text: 'Your <b>order</b> page', link: 'https://shop.example/orders/7' });
    const a = bubble(el).querySelector('a')!;
    expect([a.getAttribute('href'), a.target, a.rel, a.textContent]).to.deep.equal([
      'https://shop.example/orders/7',
      '_blank',
      'noopener noreferrer',
      'Your <b>order</b> page',
    ]);
    expect(bubble(el).querySelector('b')).to.equal(null);
  });

  it('shows a line the window writes itself (a transfer under way) in the window\'s language', async () => {
    const el = await fixture<LpChatMessage>(
      html`<lp-chat-message .t=${{ ...en, transferring: 'Su chat se está transfiriendo.' }}
        .message=${line({ source: 'system', text: 'Your chat is being transferred. Please wait.', notice: 'transfer' })}></lp-chat-message>`,
    );
    expect(bubble(el).textContent).to.equal('Su chat se está transfiriendo.');
  });

  it('tells agent, visitor and system lines apart', async () => {
    const agent = await render({ text: 'a' });
    expect(agent.querySelector('[part~=message]')!.getAttribute('part')).to.equal('message message--agent');
    expect(agent.querySelector('.message__author')!.textContent).to.equal('Natalie');
    const visitor = await render({ source: 'visitor', text: 'v' });
    expect(visitor.querySelector('[part~=message]')!.getAttribute('part')).to.equal('message message--visitor');
    expect(visitor.querySelector('.vh')!.textContent).to.equal('You:');
    const system = await render({ source: 'system', text: 's', by: 'info' });
    expect(system.querySelector('[part~=message]')!.getAttribute('part')).to.equal('message message--system');
    expect(system.textContent).not.to.contain('info');
  });

  it('shows "Sending…", then "Not sent" with a Retry button for visitor lines', async () => {
    const sending = await render({ source: 'visitor', text: 'v', status: 'sending' });
    expect(sending.querySelector('.message__status')!.textContent!.trim()).to.equal('Sending…');
    const failed = await render({ key: 'v7', source: 'visitor', text: 'v', status: 'failed' });
    expect(failed.querySelector('[part~=message]')!.getAttribute('part')).to.equal('message message--visitor message--failed');
    expect(failed.querySelector('.message__status')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Not sent Retry');
    const retry = oneEvent(failed, 'chat-retry');
    failed.querySelector('button')!.click();
    expect((await retry).detail).to.equal('v7');
    await expect(failed).to.be.accessible();
  });

  it('shows a line waiting its turn as "Waiting to send" with a clock, apart from "Sending…"', async () => {
    const queued = await render({ source: 'visitor', text: 'v', status: 'queued' });
    const status = queued.querySelector('.message__status')!;
    expect(status.textContent!.trim()).to.equal('Waiting to send');
    expect(status.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(queued.querySelector('[part~=message]')!.getAttribute('part')).to.equal('message message--visitor');
    expect(queued.querySelector('button')).to.equal(null);
    const sending = await render({ source: 'visitor', text: 'v', status: 'sending' });
    expect(sending.querySelector('.message__status svg')).to.equal(null);
    await expect(queued).to.be.accessible();
  });

  it('shows "Not sent" without a Retry button when the line can no longer be sent', async () => {
    const el = await fixture<LpChatMessage>(
      html`<lp-chat-message .message=${line({ source: 'visitor', text: 'v', status: 'failed' })} .retryable=${false}></lp-chat-message>`,
    );
    expect(el.querySelector('.message__status')!.textContent!.trim()).to.equal('Not sent');
    expect(el.querySelector('button')).to.equal(null);
  });
});
