import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import type { Message } from '../../src/machine/chat.types.js';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';
import '../../src/define.js';

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
    const out = sanitizeHtml(
      '<div style="color:red" onclick="x()">a<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><iframe src="https://e.com"></iframe><form><input></form><svg><a href="https://e.com">s</a></svg></div>',
    );
    expect(out).to.equal('<div>a</div>');
  });

  it('keeps the formatting allow-list', () => {
    const html = '<b>b</b><i>i</i><em>e</em><strong>s</strong><u>u</u><s>x</s><br><ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote><code>c</code><pre>p</pre><span>s</span><div dir="ltr">d</div>';
    expect(sanitizeHtml(html)).to.equal(html);
  });

  it('forces safe links: target=_blank, rel=noopener noreferrer, only http(s), mailto and tel', () => {
    const doc = new DOMParser().parseFromString(
      sanitizeHtml(
        '<a href="https://example.com/">1</a><a href="mailto:a@b.c">2</a><a href="tel:+1">3</a><a href="javascript:alert(1)">4</a><a href="data:text/html,x">5</a><a href=" JaVaScRiPt:alert(1)">6</a><a href="/relative">7</a><a href="http://e.com" target="_self">8</a>',
      ),
      'text/html',
    );
    const links = [...doc.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://example.com/',
      'mailto:a@b.c',
      'tel:+1',
      null,
      null,
      null,
      null,
      'http://e.com',
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    }
  });

  it('does not configure the page-wide DOMPurify', async () => {
    const { default: DOMPurify } = await import('dompurify');
    expect(DOMPurify.sanitize('<a href="https://e.com">x</a>')).to.equal('<a href="https://e.com">x</a>');
  });
});

describe('<lp-chat-message>', () => {
  it('renders agent HTML sanitised', async () => {
    const el = await render({ text: '<b>Hi</b> <a href="https://example.com">there</a><img src=x onerror="window.__pwned=1">', textType: 'html' });
    expect(bubble(el).querySelector('b')!.textContent).to.equal('Hi');
    expect(bubble(el).querySelector('a')!.target).to.equal('_blank');
    expect(bubble(el).querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
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
