import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { LpChatLog } from '../../components/chat-log/chat-log.js';
import { logStyles } from '../../components/chat-log/chat-log.styles.js';
import { initials } from '../../components/chat-message/initials.js';
import type { LpChatMessage } from '../../components/chat-message/chat-message.js';
import { messageStyles } from '../../components/chat-message/chat-message.styles.js';
import { hostStyles } from '../../styles/host.styles.js';
import type { Message } from '../../src/machine/chat.types.js';
import '../helpers/views.js';

/** 14:00 local time on 3 March 2026, plus `minutes`. */
const at = (minutes: number) => new Date(new Date(2026, 2, 3, 14, 0).getTime() + minutes * 60_000).toISOString();

let n = 0;
const agent = (minutes: number, text: string, by = 'Natalie Brown'): Message => ({
  key: `e${++n}`,
  eventId: String(n),
  source: 'agent',
  text,
  textType: 'plain',
  by,
  time: at(minutes),
  status: 'sent',
});
const visitor = (minutes: number, text: string, status: Message['status'] = 'sent'): Message => ({
  key: `v${++n}`,
  source: 'visitor',
  text,
  textType: 'plain',
  by: 'visitor',
  time: at(minutes),
  status,
});
const system = (minutes: number, text: string): Message => ({ ...agent(minutes, text, 'info'), source: 'system' });

async function renderLog(messages: Message[], locale = 'en-GB', avatar = ''): Promise<LpChatLog> {
  const box = await fixture<HTMLElement>(
    html`<div style="display: flex; flex-flow: column; height: 400px; width: 360px">
      <lp-chat-log .messages=${messages} .locale=${locale} .avatar=${avatar}></lp-chat-log>
    </div>`,
  );
  return box.querySelector('lp-chat-log')!;
}

const shown = (log: Element) => [...log.querySelectorAll<LpChatMessage>('lp-chat-message')];
const line = (log: Element, text: string) => shown(log).find((m) => m.querySelector('[part=bubble]')!.textContent === text)!;

/** What a screen reader gets of a node: its text without `aria-hidden` subtrees, whitespace collapsed. */
function spoken(node: Node): string {
  const walk = (n: Node): string =>
    n.nodeType === Node.TEXT_NODE
      ? n.textContent!
      : (n as Element).getAttribute?.('aria-hidden') === 'true'
        ? ''
        : [...n.childNodes].map(walk).join(' ');
  return walk(node).replace(/\s+/g, ' ').trim();
}

/** What the visitor sees of a line above its bubble: avatar, name and time as they show. */
function head(m: Element): { avatar?: string; name?: string; time?: string; datetime?: string } | null {
  const meta = m.querySelector('.message__meta');
  if (!meta) return null;
  const time = meta.querySelector('time');
  return {
    avatar: meta.querySelector('[part=avatar]')?.textContent ?? undefined,
    name: meta.querySelector('.message__author')?.textContent ?? undefined,
    time: time?.textContent ?? undefined,
    datetime: time?.getAttribute('datetime') ?? undefined,
  };
}

describe('initials', () => {
  it('one name, two names, more names', () => {
    expect(initials('Natalie')).to.equal('N');
    expect(initials('natalie brown')).to.equal('NB');
    expect(initials('  Anna  Maria de la Cruz ')).to.equal('AC');
  });

  it('non-Latin names: the first letter with its accents; one character for Chinese, Japanese and Korean', () => {
    expect(initials('Ёлка Ель')).to.equal('ЁЕ');
    expect(initials('Åsa Öberg')).to.equal('ÅÖ');
    expect(initials('E\u0301mile Zola')).to.equal('E\u0301Z');
    expect(initials('محمد علي')).to.equal('مع');
    expect(initials('Ωμέγα')).to.equal('Ω');
    expect(initials('王小明')).to.equal('王');
    expect(initials('山田 太郎')).to.equal('山');
    expect(initials('김 민준')).to.equal('김');
  });

  it('empty, or no letter in it: nothing; signs around a name are skipped', () => {
    expect(initials('')).to.equal('');
    expect(initials('   ')).to.equal('');
    expect(initials('🤖')).to.equal('');
    expect(initials('🤖 Bot')).to.equal('B');
    expect(initials('(Alex)')).to.equal('A');
  });
});

describe('<lp-chat-log> groups', () => {
  const before = document.adoptedStyleSheets;
  beforeEach(() => {
    document.adoptedStyleSheets = [...before, hostStyles.styleSheet!, logStyles.styleSheet!, messageStyles.styleSheet!];
  });
  afterEach(() => {
    document.adoptedStyleSheets = before;
  });

  it("shows who and when once per group: the agent's initials, name and time, the visitor's time", async () => {
    const log = await renderLog([
      system(0, 'You are now chatting with Natalie Brown'),
      agent(0, 'Hello'),
      agent(1, 'How can I help?'),
      visitor(2, 'Hi'),
      visitor(2, 'My order is late'),
      agent(3, 'Let me check'),
      agent(9, 'Found it'),
      agent(9, 'A word from Sam', 'Sam'),
    ]);
    const heads = shown(log).map((m) => [m.querySelector('[part=bubble]')!.textContent, head(m)?.avatar ?? null, head(m)?.name ?? null, head(m)?.time ?? null]);
    expect(heads).to.deep.equal([
      ['You are now chatting with Natalie Brown', null, null, null],
      ['Hello', 'NB', 'Natalie Brown', '14:00'],
      ['How can I help?', null, null, null],
      ['Hi', null, null, '14:02'],
      ['My order is late', null, null, null],
      ['Let me check', 'NB', 'Natalie Brown', '14:03'],
      // Six minutes after the line before: a new group.
      ['Found it', 'NB', 'Natalie Brown', '14:09'],
      ['A word from Sam', 'S', 'Sam', '14:09'],
    ]);
    expect(head(line(log, 'Hello'))!.datetime).to.equal(at(0));
    expect(line(log, 'Hello').querySelector('[part=time]')!.localName).to.equal('time');
    // The first line of a group stands apart; the others follow close.
    const box = (text: string) => line(log, text).querySelector('.message')!.getBoundingClientRect();
    const gap = (a: string, b: string) => box(b).top - box(a).bottom;
    expect(gap('Hello', 'How can I help?')).to.be.lessThan(gap('How can I help?', 'Hi'));
    await expect(log).to.be.accessible();
  });

  it("every line says who wrote it to screen readers, grouped or not; avatar and time are not read", async () => {
    const log = await renderLog([agent(0, 'Hello'), agent(1, 'How can I help?'), visitor(2, 'Hi'), visitor(2, 'Thanks'), system(3, 'Natalie Brown has left')]);
    expect(shown(log).map(spoken)).to.deep.equal([
      'Natalie Brown Hello',
      'Natalie Brown How can I help?',
      'You: Hi',
      'You: Thanks',
      'Natalie Brown has left',
    ]);
    // Within a group the name is there for screen readers only.
    expect(line(log, 'How can I help?').querySelector('.vh')!.textContent).to.equal('Natalie Brown');
    // Clipped without being a scroll container: one per line, thousands of them, each as cheap to lay out as a visible name.
    expect(getComputedStyle(line(log, 'How can I help?').querySelector('.vh')!).overflow).to.equal('clip');
    expect(line(log, 'Hello').querySelector('[aria-hidden=true] [part=avatar]')).to.not.equal(null);
    expect(line(log, 'Hello').querySelector('[aria-hidden=true] [part=time]')).to.not.equal(null);
  });

  it('announces a new line as before: who wrote it and what, not the time', async () => {
    const log = await renderLog([agent(0, 'Hello')]);
    const region = log.querySelector('[role=log]')!;
    const added: Node[] = [];
    const observer = new MutationObserver((records) => added.push(...records.flatMap((r) => [...r.addedNodes])));
    observer.observe(region, { subtree: true, childList: true });
    log.messages = [...log.messages, agent(1, 'Still here'), agent(30, 'Back again')];
    await log.updateComplete;
    observer.disconnect();
    // Two lines added, nothing else (the first line, which carries the group's time, is not touched).
    expect(added.map((node) => spoken(node))).to.deep.equal(['Natalie Brown Still here', 'Natalie Brown Back again']);
  });

  it('shows the date above the first line of a new day, readable, with its machine-readable date', async () => {
    const late = { ...agent(0, 'Good night'), time: new Date(2026, 2, 3, 23, 58).toISOString() };
    const early = { ...agent(0, 'Good morning'), time: new Date(2026, 2, 4, 0, 2).toISOString() };
    const log = await renderLog([late, early], 'en-US');
    expect(line(log, 'Good night').querySelector('.message__day')).to.equal(null);
    const day = line(log, 'Good morning').querySelector('.message__day')!;
    expect(day.textContent).to.equal('Mar 4, 2026');
    expect(day.querySelector('time')!.getAttribute('datetime')).to.equal(early.time);
    // A new day starts a group too, even a minute later.
    expect(head(line(log, 'Good morning'))!.time).to.equal('12:02 AM');
    expect(spoken(line(log, 'Good morning'))).to.equal('Mar 4, 2026 Natalie Brown Good morning');
    await expect(log).to.be.accessible();
  });

  it("times follow the window's language, and change with it", async () => {
    const log = await renderLog([agent(0, 'Hello')], 'en-US');
    expect(head(line(log, 'Hello'))!.time).to.equal('2:00 PM');
    log.locale = 'de';
    await log.updateComplete;
    expect(head(line(log, 'Hello'))!.time).to.equal('14:00');
  });

  it("a line whose time changes (the platform's echo of a visitor line) finds its group again, and so does the line after it", async () => {
    const first = visitor(0, 'one');
    // Typed offline: its client time is ten minutes on, so it starts a group until the echo's time comes.
    const queued = visitor(10, 'two', 'queued');
    const reply = agent(11, 'Got it');
    const log = await renderLog([first, queued, reply]);
    expect(head(line(log, 'two'))!.time).to.equal('14:10');
    const replyLine = line(log, 'Got it');
    const untouched = line(log, 'one');
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((list) => records.push(...list));
    observer.observe(log, { subtree: true, childList: true, attributes: true, characterData: true });
    log.messages = [first, { ...queued, status: 'sent', time: at(1) }, reply];
    await log.updateComplete;
    observer.disconnect();
    expect(head(line(log, 'two'))).to.equal(null);
    // The reply still starts its group (another sender); the lines around were not touched.
    expect(head(replyLine)!.time).to.equal('14:11');
    expect(records.some((r) => untouched.contains(r.target))).to.equal(false);
    expect(records.some((r) => replyLine.contains(r.target))).to.equal(false);
  });

  it('shows the agent-avatar picture in the avatar, and the initials when it cannot be loaded', async () => {
    const dot = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/%3E';
    const log = await renderLog([agent(0, 'Hello'), agent(1, 'Again')], 'en-GB', dot);
    const img = line(log, 'Hello').querySelector<HTMLImageElement>('[part=avatar] img')!;
    expect(img.src).to.equal(dot);
    expect(img.alt).to.equal('');
    expect(line(log, 'Again').querySelector('img')).to.equal(null);
    await expect(log).to.be.accessible();
    log.avatar = 'data:image/png;base64,broken';
    await log.updateComplete;
    const avatar = line(log, 'Hello').querySelector('[part=avatar]')!;
    await waitUntil(() => !avatar.querySelector('img'), 'the broken picture is taken away');
    expect(avatar.textContent).to.equal('NB');
  });

  it('reads no layout while lines come with their groups and times', async () => {
    const log = await renderLog([agent(0, 'Hello')]);
    const reads: string[] = [];
    const rect = Element.prototype.getBoundingClientRect;
    const height = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!;
    Element.prototype.getBoundingClientRect = function () {
      reads.push('getBoundingClientRect');
      return rect.call(this);
    };
    Object.defineProperty(Element.prototype, 'scrollHeight', { ...height, get() { reads.push('scrollHeight'); return height.get!.call(this); } });
    try {
      log.messages = [...log.messages, ...Array.from({ length: 200 }, (_, i) => (i % 3 ? agent(i, `a${i}`) : visitor(i, `v${i}`)))];
      await log.updateComplete;
    } finally {
      Element.prototype.getBoundingClientRect = rect;
      Object.defineProperty(Element.prototype, 'scrollHeight', height);
    }
    expect(reads).to.deep.equal([]);
    expect(shown(log)).to.have.length(201);
  });
});
