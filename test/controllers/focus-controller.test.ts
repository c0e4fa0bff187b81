import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FocusController } from '../../src/controllers/focus-controller.js';

const TARGETS = ['[part=input]:enabled', '.body button', '.header button'];

/** A window in a shadow root, with a long log that no search should walk on an ordinary update. */
class FocusHost extends LitElement {
  static override properties = { open: { type: Boolean }, chatting: { type: Boolean }, tick: { type: Number } };
  open = false;
  chatting = false;
  tick = 0;

  constructor() {
    super();
    new FocusController(this, {
      isOpen: () => this.open,
      launcher: () => this.renderRoot.querySelector<HTMLElement>('.launcher'),
      targets: TARGETS,
      views: 'focus-host-view',
    });
  }

  override render() {
    return html`<button class="launcher">Chat</button>
      <section ?hidden=${!this.open}>
        <div class="header"><button>Close</button></div>
        <div class="body">
          ${this.chatting ? html`<textarea part="input" aria-label="Message"></textarea>` : html`<button>Start</button>`}
          <div class="log">${Array.from({ length: 2000 }, (_, i) => html`<p>line ${i} of ${this.tick}</p>`)}</div>
        </div>
      </section>`;
  }
}
customElements.define('focus-host', FocusHost);

const focused = (el: FocusHost) => el.shadowRoot!.activeElement;
const $ = (el: FocusHost, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;

/** Counts the tree searches (selector queries, visibility checks) made while `act` runs. */
async function searches(act: () => Promise<unknown>): Promise<string[]> {
  const calls: string[] = [];
  const restore: (() => void)[] = [];
  const spy = (proto: object, name: string) => {
    const original = (proto as Record<string, (...a: unknown[]) => unknown>)[name]!;
    (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      calls.push(`${name}(${args.join(', ')})`);
      return original.apply(this, args);
    };
    restore.push(() => ((proto as Record<string, unknown>)[name] = original));
  };
  for (const proto of [ShadowRoot.prototype, Element.prototype, Document.prototype, DocumentFragment.prototype]) {
    for (const name of ['querySelector', 'querySelectorAll']) if (Object.hasOwn(proto, name)) spy(proto, name);
  }
  spy(Element.prototype, 'checkVisibility');
  try {
    await act();
  } finally {
    for (const r of restore) r();
  }
  return calls;
}

/** 20 updates that change nothing focus cares about (new lines in the log). */
async function updates(el: FocusHost) {
  for (let i = 0; i < 20; i++) {
    el.tick++;
    await el.updateComplete;
  }
}

describe('FocusController', () => {
  it('moves focus into the window when it opens, to the best target, and back to the launcher when it closes', async () => {
    const el = await fixture<FocusHost>(html`<focus-host></focus-host>`);
    $(el, '.launcher').focus();
    el.open = true;
    await waitUntil(() => focused(el) === $(el, '.body button'), 'focus on the body button');
    el.open = false;
    await el.updateComplete;
    expect(focused(el)).to.equal($(el, '.launcher'));
  });

  it('searches nothing on updates while focus sits in the message box', async () => {
    const el = await fixture<FocusHost>(html`<focus-host chatting></focus-host>`);
    $(el, '.launcher').focus();
    el.open = true;
    await waitUntil(() => focused(el) === $(el, '[part=input]'), 'focus in the message box');
    expect(await searches(() => updates(el))).to.deep.equal([]);
    expect(focused(el)).to.equal($(el, '[part=input]'));
  });

  it('leaves focus the visitor put somewhere else in the window, and searches nothing for it', async () => {
    const el = await fixture<FocusHost>(html`<focus-host></focus-host>`);
    $(el, '.launcher').focus();
    el.open = true;
    await waitUntil(() => focused(el) === $(el, '.body button'));
    $(el, '.header button').focus();
    expect(await searches(() => updates(el))).to.deep.equal([]);
    expect(focused(el)).to.equal($(el, '.header button'));
  });

  it('while focus rests on a lesser target it placed, looks only for better ones, and moves on when one comes', async () => {
    const el = await fixture<FocusHost>(html`<focus-host></focus-host>`);
    $(el, '.launcher').focus();
    el.open = true;
    await waitUntil(() => focused(el) === $(el, '.body button'));
    const calls = await searches(async () => {
      el.tick++;
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve));
    });
    expect(calls).to.deep.equal(['querySelectorAll(focus-host-view)', `querySelectorAll(${TARGETS[0]})`]);
    el.chatting = true;
    await waitUntil(() => focused(el) === $(el, '[part=input]'), 'focus moved on to the message box');
  });
});
