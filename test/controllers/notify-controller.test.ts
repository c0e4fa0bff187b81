import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { ReactiveController } from 'lit';
import { CHIME_GAP, NotifyController, type NotifyHost } from '../../src/controllers/notify-controller.js';
import type { Message } from '../../src/machine/chat.types.js';

/** A host element stand-in: attributes as properties, controllers connected at once. */
class Host implements NotifyHost {
  notifyTitle = false;
  notifySound = false;
  readonly controllers: ReactiveController[] = [];
  readonly updateComplete = Promise.resolve(true);
  addController(c: ReactiveController): void {
    this.controllers.push(c);
    c.hostConnected?.();
  }
  removeController(): void {}
  /** The element rendered (the chat changed). */
  requestUpdate(): void {
    for (const c of this.controllers) c.hostUpdated?.();
  }
  disconnect(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

/** The conversation as the notices see it: the window's state, the tab's role, the lines that come. */
class Chat {
  snapshot = { context: { open: true, unread: 0 } };
  leading = true;
  /** The name the tabs of the chat share (undefined: a chat of one tab). */
  sharedAs?: string;
  readonly #handlers: ((e: { message: Message }) => void)[] = [];
  on(_type: 'message.received', handler: (e: { message: Message }) => void): void {
    this.#handlers.push(handler);
  }
  /** A line comes (counted unread while the window is minimised, as the machine does). */
  receive(host: Host, source: Message['source'] = 'agent'): void {
    const { context } = this.snapshot;
    if (!context.open) this.snapshot = { context: { ...context, unread: context.unread + 1 } };
    for (const h of this.#handlers) h({ message: { key: 'e', source, text: 'x', textType: 'plain', by: 'Natalie', time: '', status: 'sent' } });
    host.requestUpdate();
  }
  set(host: Host, open: boolean): void {
    this.snapshot = { context: { open, unread: open ? 0 : this.snapshot.context.unread } };
    host.requestUpdate();
  }
}

let hidden = false;
/** Shows or hides the tab, as the browser tells the page. */
function tab(state: 'hidden' | 'visible'): void {
  hidden = state === 'hidden';
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Hosts of the current test, disconnected after it (their listeners go). */
const hosts: Host[] = [];

function setup(options: { title?: boolean; sound?: boolean; sharedAs?: string } = {}) {
  const host = new Host();
  hosts.push(host);
  host.notifyTitle = !!options.title;
  host.notifySound = !!options.sound;
  const chat = new Chat();
  chat.sharedAs = options.sharedAs;
  let now = 10_000;
  const chimes: number[] = [];
  new NotifyController(host, chat as never, { chime: () => chimes.push(now), now: () => now });
  return { host, chat, chimes, later: (ms: number) => (now += ms) };
}

describe('NotifyController', () => {
  before(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  });
  after(() => {
    delete (document as { hidden?: boolean }).hidden;
  });
  beforeEach(() => {
    hidden = false;
    document.title = 'Brand page';
  });
  afterEach(() => {
    for (const host of hosts.splice(0)) host.disconnect();
  });

  // First in this file: nothing has been clicked in this page yet.
  it('stays silent until the visitor has interacted with the page (autoplay), then chimes', async () => {
    const { host, chat, chimes } = setup({ sound: true });
    chat.set(host, false);
    expect(navigator.userActivation.hasBeenActive).to.equal(false);
    chat.receive(host);
    expect(chimes).to.have.length(0);
    await sendMouse({ type: 'click', position: [2, 2] });
    expect(navigator.userActivation.hasBeenActive).to.equal(true);
    chat.receive(host);
    expect(chimes).to.have.length(1);
  });

  it('does nothing by default: neither title nor sound', () => {
    const { host, chat, chimes } = setup();
    chat.set(host, false);
    chat.receive(host);
    chat.receive(host);
    tab('hidden');
    chat.receive(host);
    expect(document.title).to.equal('Brand page');
    expect(chimes).to.have.length(0);
  });

  it('puts the unread count before the title while the window is minimised, and restores it on opening', () => {
    const { host, chat } = setup({ title: true });
    chat.receive(host);
    expect(document.title).to.equal('Brand page');
    chat.set(host, false);
    expect(document.title).to.equal('Brand page');
    chat.receive(host);
    expect(document.title).to.equal('(1) Brand page');
    chat.receive(host, 'system');
    expect(document.title).to.equal('(2) Brand page');
    chat.set(host, true);
    expect(document.title).to.equal('Brand page');
  });

  it('counts the lines that come while the tab is hidden, with the window open; showing the tab restores the title', () => {
    const { host, chat } = setup({ title: true });
    tab('hidden');
    expect(document.title).to.equal('Brand page');
    chat.receive(host);
    chat.receive(host);
    expect(document.title).to.equal('(2) Brand page');
    tab('visible');
    expect(document.title).to.equal('Brand page');
    // The count starts again.
    tab('hidden');
    chat.receive(host);
    expect(document.title).to.equal('(1) Brand page');
  });

  it('restores the title when the element leaves the page, and when the notice is turned off', () => {
    const { host, chat } = setup({ title: true });
    chat.set(host, false);
    chat.receive(host);
    expect(document.title).to.equal('(1) Brand page');
    host.notifyTitle = false;
    host.requestUpdate();
    expect(document.title).to.equal('Brand page');
    host.notifyTitle = true;
    host.requestUpdate();
    expect(document.title).to.equal('(1) Brand page');
    host.disconnect();
    expect(document.title).to.equal('Brand page');
  });

  it("does not fight the page over its title: only its own count is taken off", () => {
    const { host, chat } = setup({ title: true });
    chat.set(host, false);
    chat.receive(host);
    expect(document.title).to.equal('(1) Brand page');
    // The page changes its title (a step of its checkout): the count goes before the new one next time.
    document.title = 'Checkout';
    host.requestUpdate();
    expect(document.title).to.equal('Checkout');
    chat.receive(host);
    expect(document.title).to.equal('(2) Checkout');
    chat.set(host, true);
    expect(document.title).to.equal('Checkout');
    // A title the page set while the count showed stays as it is when the window opens.
    chat.set(host, false);
    chat.receive(host);
    document.title = 'Paid';
    chat.set(host, true);
    expect(document.title).to.equal('Paid');
  });

  it('chimes for agent lines only, while minimised or hidden, at most once every 2 s', () => {
    const { host, chat, chimes, later } = setup({ sound: true });
    chat.receive(host);
    expect(chimes).to.have.length(0);
    chat.set(host, false);
    chat.receive(host, 'system');
    expect(chimes).to.have.length(0);
    chat.receive(host);
    expect(chimes).to.have.length(1);
    later(500);
    chat.receive(host);
    later(CHIME_GAP - 600);
    chat.receive(host);
    expect(chimes).to.have.length(1);
    later(100);
    chat.receive(host);
    expect(chimes).to.have.length(2);
    later(CHIME_GAP);
    chat.set(host, true);
    tab('hidden');
    chat.receive(host);
    expect(chimes).to.have.length(3);
  });

  it('chimes in the tab that runs the chat only', () => {
    const { host, chat, chimes } = setup({ sound: true });
    chat.leading = false;
    chat.set(host, false);
    chat.receive(host);
    expect(chimes).to.have.length(0);
    chat.leading = true;
    chat.receive(host);
    expect(chimes).to.have.length(1);
  });

  it('stays silent while the visitor reads the chat in another tab, and chimes once nobody does', async () => {
    const sharedAs = `lp-chat:notify-${Math.random()}`;
    const watching = async (held: boolean) =>
      waitUntil(async () => ((await navigator.locks.query()).held ?? []).some((l) => l.name === `${sharedAs}:watching`) === held);
    // This tab runs the chat, its window minimised; the visitor reads the chat in another tab.
    const here = setup({ sound: true, sharedAs });
    here.chat.set(here.host, false);
    const there = setup({ sharedAs });
    there.chat.leading = false;
    there.chat.set(there.host, true);
    await watching(true);
    here.chat.receive(here.host);
    await aTimeout(50);
    expect(here.chimes).to.have.length(0);
    // The visitor minimises the window there: nobody reads the chat, and the next line chimes at once.
    there.chat.set(there.host, false);
    await watching(false);
    here.chat.receive(here.host);
    await waitUntil(() => here.chimes.length === 1);
    // The other tab shows the window again, then goes (its lock with it).
    there.chat.set(there.host, true);
    await watching(true);
    there.host.disconnect();
    await watching(false);
  });
});
