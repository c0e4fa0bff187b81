import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import type { LpChatLog } from '../../components/chat-log/chat-log.js';
import { logStyles } from '../../components/chat-log/chat-log.styles.js';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import { messageStyles } from '../../components/chat-message/chat-message.styles.js';
import { en } from '../../src/i18n/strings.js';
import type { Message } from '../../src/machine/chat.types.js';
import '../helpers/views.js';

const agent = (n: number): Message => ({ key: `e${n}`, eventId: String(n), source: 'agent', text: `line ${n}`, textType: 'plain', by: 'Natalie', time: '', status: 'sent' });
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => agent(from + i));

/** A log of `messages` in a box 300 px high, styled as in the window. */
async function renderLog(messages: Message[]): Promise<LpChatLog> {
  const box = await fixture<HTMLElement>(
    html`<div style="display: flex; flex-flow: column; height: 300px; width: 320px"><lp-chat-log .messages=${messages}></lp-chat-log></div>`,
  );
  return box.querySelector('lp-chat-log')!;
}

const shown = (log: Element) => [...log.querySelectorAll<LpChatMessage>('lp-chat-message')];
const texts = (log: Element) => shown(log).map((m) => m.querySelector('[part=bubble]')!.textContent);
const scroller = (log: Element) => log.querySelector<HTMLElement>('[part=log]')!;
const atBottom = (l: HTMLElement) => l.scrollHeight - l.scrollTop - l.clientHeight < 2;

/** Every DOM change under `node` while `act` runs (and its update completes). */
async function mutations(node: Node, act: () => Promise<unknown>): Promise<MutationRecord[]> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((list) => records.push(...list));
  observer.observe(node, { subtree: true, childList: true, attributes: true, characterData: true });
  await act();
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records;
}

describe('<lp-chat-log>', () => {
  const before = document.adoptedStyleSheets;
  beforeEach(() => {
    document.adoptedStyleSheets = [...before, logStyles.styleSheet!, messageStyles.styleSheet!];
  });
  afterEach(() => {
    document.adoptedStyleSheets = before;
  });

  it('is a polite log region that announces added lines', async () => {
    const log = await renderLog(lines(1, 3));
    const region = log.querySelector('[role=log]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.getAttribute('aria-relevant')).to.equal('additions');
    expect(region.getAttribute('aria-label')).to.equal(en.log);
    // The typing indicator is outside it: its ticks are not announced.
    expect(log.querySelector('[part=typing-indicator]')!.closest('[role=log]')).to.equal(null);
    const records = await mutations(region, async () => {
      log.messages = [...log.messages, agent(4)];
      await log.updateComplete;
    });
    const added = records.flatMap((r) => [...r.addedNodes]) as Element[];
    expect(added.map((n) => `${n.localName}: ${n.querySelector('[part=bubble]')?.textContent}`)).to.deep.equal(['lp-chat-message: line 4']);
    await expect(log).to.be.accessible();
  });

  it('adds a batch of lines without touching the lines already shown, and renders again only a line that changed', async () => {
    const first = [...lines(1, 120), { ...agent(121), key: 'v1', source: 'visitor' as const, status: 'sending' as const }];
    const log = await renderLog(first);
    const elements = shown(log);
    expect(texts(log)).to.deep.equal(first.map((m) => m.text));

    // The next poll: the visitor's line is now sent (a new object), and 50 agent lines came.
    const next = [...first.slice(0, 120), { ...first[120]!, status: 'sent' as const }, ...lines(122, 171)];
    const records = await mutations(scroller(log), async () => {
      log.messages = next;
      await log.updateComplete;
    });
    expect(texts(log)).to.deep.equal(next.map((m) => m.text));
    expect(shown(log).slice(0, 121)).to.deep.equal(elements);
    // Of the lines shown, only the one that changed was touched; its bubble stayed.
    const changed = new Set(records.map((r) => (r.target as Element).closest?.('lp-chat-message') ?? r.target));
    expect(elements.filter((e) => changed.has(e))).to.deep.equal([elements[120]]);
    expect(records.flatMap((r) => [...r.removedNodes]).some((n) => (n as Element).matches?.('[part=bubble]'))).to.equal(false);
    const added = records.flatMap((r) => [...r.addedNodes]).filter((n) => n instanceof Element && n.localName === 'lp-chat-message');
    expect(added).to.have.length(50);
  });

  it('shows every line once, in order, when the lines are no longer those shown plus new ones', async () => {
    const log = await renderLog(lines(1, 5));
    // A new chat after a transfer: the old lines renamed, one gone, new ones among them.
    log.messages = [agent(2), { ...agent(9), key: 'e1:9' }, agent(4), agent(6)];
    await log.updateComplete;
    expect(texts(log)).to.deep.equal(['line 2', 'line 9', 'line 4', 'line 6']);
    log.messages = [...log.messages, agent(7)];
    await log.updateComplete;
    expect(texts(log)).to.deep.equal(['line 2', 'line 9', 'line 4', 'line 6', 'line 7']);
    log.messages = [];
    await log.updateComplete;
    expect(shown(log)).to.have.length(0);
    log.messages = lines(1, 2);
    await log.updateComplete;
    expect(texts(log)).to.deep.equal(['line 1', 'line 2']);
  });

  it('keeps the lines in blocks; blocks before the newest three skip rendering while off screen, their lines still in the document', async () => {
    const log = await renderLog(lines(1, 250));
    log.messages = lines(1, 520);
    await log.updateComplete;
    const blocks = [...log.querySelectorAll<HTMLElement>('[role=log] .log__block')];
    expect(blocks.map((b) => b.childElementCount)).to.deep.equal([100, 100, 100, 100, 100, 20]);
    expect(blocks.map((b) => getComputedStyle(b).contentVisibility)).to.deep.equal(['auto', 'auto', 'auto', 'visible', 'visible', 'visible']);
    expect(texts(log)).to.deep.equal(lines(1, 520).map((m) => m.text));
    expect(log.querySelector('[role=log]')!.textContent).to.contain('line 1');
  });

  it('reads no layout while it updates: it follows new lines once the browser has laid them out', async () => {
    const log = await renderLog(lines(1, 40));
    const l = scroller(log);
    await waitUntil(() => atBottom(l), 'at the bottom');
    const reads: string[] = [];
    const spies: [object, string, PropertyDescriptor][] = [];
    for (const [proto, names] of [
      [Element.prototype, ['scrollHeight', 'scrollTop', 'clientHeight', 'scrollWidth', 'clientWidth']],
      [HTMLElement.prototype, ['offsetHeight', 'offsetTop', 'offsetWidth']],
    ] as const) {
      for (const name of names) {
        const d = Object.getOwnPropertyDescriptor(proto, name)!;
        spies.push([proto, name, d]);
        Object.defineProperty(proto, name, { ...d, get() { reads.push(name); return d.get!.call(this); } });
      }
    }
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function () {
      reads.push('getBoundingClientRect');
      return rect.call(this);
    };
    try {
      log.messages = lines(1, 90);
      await log.updateComplete;
      expect(reads).to.deep.equal([]);
    } finally {
      for (const [proto, name, d] of spies) Object.defineProperty(proto, name, d);
      Element.prototype.getBoundingClientRect = rect;
    }
    await waitUntil(() => atBottom(l), 'follows the new lines');
  });

  it('offers "New messages" when lines arrive while the visitor is scrolled up, and jumps down', async () => {
    const log = await renderLog(lines(1, 40));
    const l = scroller(log);
    await waitUntil(() => atBottom(l), 'at the bottom');
    const jump = log.querySelector<HTMLButtonElement>('.log__jump')!;
    expect(jump.hidden).to.equal(true);
    l.scrollTop = 0;
    l.dispatchEvent(new Event('scroll'));
    log.messages = lines(1, 41);
    await log.updateComplete;
    expect(jump.hidden).to.equal(false);
    expect(jump.textContent).to.equal('New messages');
    await nextFrame();
    await nextFrame();
    expect(l.scrollTop).to.equal(0);
    await expect(log).to.be.accessible();
    jump.click();
    await waitUntil(() => jump.hidden && atBottom(l), 'back at the bottom');
    expect(log.ownerDocument.activeElement).to.equal(l);
  });

  it('passes Retry and the strings on to the lines when they change', async () => {
    const failed: Message = { ...agent(2), key: 'v1', source: 'visitor', status: 'failed' };
    const log = await renderLog([agent(1), failed]);
    const line = shown(log)[1]!;
    expect(line.querySelector('button')!.textContent).to.equal('Retry');
    log.retryable = false;
    await log.updateComplete;
    expect(line.querySelector('button')).to.equal(null);
    log.t = { ...en, notSent: 'Nicht gesendet', agent: 'Agent' };
    await log.updateComplete;
    expect(line.querySelector('.message__status')!.textContent).to.equal('Nicht gesendet');
    expect(shown(log)[1]).to.equal(line);
  });
});
