import { html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { createActor } from 'xstate';
import { ActorController } from '../../../src/controllers/actor-controller.js';
import { createAgentApi } from '../api/agent-api.js';
import { AGENT_PROXY } from '../api/platform.js';
import type { Availability, OutgoingLine } from '../api/types.js';
import { chatView, type ChatView } from '../machine/chat.machine.js';
import { sessionMachine, type ChatTab } from '../machine/session.machine.js';
import type { LpAgentChat, TransferDetail } from './agent-chat.js';
import type { SignInDetail } from './agent-sign-in.js';
import { styles } from './agent-console.styles.js';
import { SnapshotsController } from './snapshots-controller.js';

const visitorLines = (view: ChatView): number => view.events.filter((e) => e.type === 'line' && e.source === 'visitor').length;

/**
 * An agent's console for the Chat Agent API: sign in, go Online or Away, accept ringing chats, work
 * several chats in tabs (reply in plain text or HTML, typing, transfer to a skill, end) and see what
 * the platform says about each visitor, their pre-chat answers and engagement attributes included. The element holds the session actor and renders its
 * snapshot and those of its chats; the views below it are dumb and raise intents.
 *
 * @attr account - the account offered on the sign-in form
 * @attr platform - where the platform is reached: the same-origin path the dev server proxies (default `/lp-agent`)
 */
export class LpAgentConsole extends LitElement {
  static override styles = styles;
  static override properties = { account: {}, platform: {} };
  account = '';
  platform = AGENT_PROXY;

  readonly #session = new ActorController(this, () =>
    createActor(sessionMachine, { input: { connect: (account) => createAgentApi({ platform: this.platform, account }) } }),
  );
  readonly #chats = new SnapshotsController(this);
  /** Visitor lines each tab had when it was last shown: more than that is news. */
  readonly #seen = new Map<string, number>();
  /** What gets the focus once rendered: a chat just opened, the tab shown after a close or a key, the bar after sign-in. */
  #focus?: 'reply' | 'tab' | 'bar';
  /** Tabs opened when the agent accepted a chat. */
  #openedBefore = 0;

  override willUpdate(): void {
    const { chats, active } = this.#session.snapshot.context;
    this.#chats.follow(chats.map((tab) => tab.ref));
    for (const id of this.#seen.keys()) if (!chats.some((tab) => tab.id === id)) this.#seen.delete(id);
    const shown = chats.find((tab) => tab.id === active);
    if (shown) this.#seen.set(shown.id, visitorLines(chatView(shown.ref.getSnapshot())));
  }

  override async updated(): Promise<void> {
    const focus = this.#focus;
    const snapshot = this.#session.snapshot;
    const root = this.renderRoot;
    if (focus === 'tab') {
      this.#focus = undefined;
      root.querySelector<HTMLElement>('[role=tab][aria-selected=true], .empty h2')?.focus();
    } else if (focus === 'bar') {
      // Kept while signing in; dropped when that failed (the form keeps the focus).
      if (snapshot.matches('signingIn')) return;
      this.#focus = undefined;
      const bar = root.querySelector('lp-agent-bar');
      await bar?.updateComplete;
      root.querySelector<HTMLElement>('input[name=availability]:checked')?.focus();
    } else if (focus === 'reply') {
      // Kept while accepting; the tab opened since then gets it.
      if (snapshot.context.opened === this.#openedBefore) {
        if (!snapshot.matches({ signedIn: { accepting: 'busy' } })) this.#focus = undefined;
        return;
      }
      this.#focus = undefined;
      const chat = root.querySelector<LpAgentChat>('[role=tabpanel]:not([hidden]) lp-agent-chat');
      await chat?.updateComplete;
      chat?.focusReply();
    }
  }

  #send = this.#session.send.bind(this.#session);

  #signIn(e: CustomEvent<SignInDetail>): void {
    this.#focus = 'bar';
    this.#send({ type: 'signIn', ...e.detail });
  }

  #accept(): void {
    this.#focus = 'reply';
    this.#openedBefore = this.#session.snapshot.context.opened;
    this.#send({ type: 'accept' });
  }

  #select(id: string): void {
    this.#send({ type: 'select', id });
  }

  #close(id: string): void {
    this.#focus = 'tab';
    this.#send({ type: 'close', id });
  }

  /** Arrow keys, Home and End move along the tabs; the tab reached is shown (and focused). */
  #tabKeys(e: KeyboardEvent, chats: ChatTab[], active: string | undefined): void {
    const index = chats.findIndex((tab) => tab.id === active);
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: chats.length - 1 }[e.key];
    if (to === undefined || chats.length === 0) return;
    e.preventDefault();
    this.#focus = 'tab';
    this.#select(chats[(to + chats.length) % chats.length]!.id);
  }

  #tab(tab: ChatTab, selected: boolean) {
    const view = chatView(tab.ref.getSnapshot());
    const news = !selected && visitorLines(view) > (this.#seen.get(tab.id) ?? 0);
    return html`<button role="tab" id="tab-${tab.id}" aria-controls="panel-${tab.id}" aria-selected=${selected}
      tabindex=${selected ? 0 : -1} @click=${() => this.#select(tab.id)}>
      ${view.visitor.name ?? 'Visitor'}${view.phase === 'active' ? nothing : html` <span class="tab__state">(${view.phase})</span>`}${news
        ? html` <span class="tab__news">new</span>`
        : nothing}
    </button>`;
  }

  #panel(tab: ChatTab, selected: boolean) {
    const { ref } = tab;
    return html`<div role="tabpanel" id="panel-${tab.id}" aria-labelledby="tab-${tab.id}" ?hidden=${!selected}>
      <lp-agent-chat .key=${tab.id} .shown=${selected} .view=${chatView(ref.getSnapshot())}
        @agent-send=${(e: CustomEvent<OutgoingLine>) => ref.send({ type: 'send', line: e.detail })}
        @agent-input=${() => ref.send({ type: 'input' })}
        @agent-load-skills=${() => ref.send({ type: 'loadSkills' })}
        @agent-transfer=${(e: CustomEvent<TransferDetail>) => ref.send({ type: 'transfer', ...e.detail })}
        @agent-end=${() => ref.send({ type: 'end' })}
        @agent-dismiss=${() => ref.send({ type: 'dismiss' })}
        @agent-close=${() => this.#close(tab.id)}></lp-agent-chat>
    </div>`;
  }

  #workspace() {
    const { chats, active, problem } = this.#session.snapshot.context;
    return html`${problem
        ? html`<div class="problem" role="alert">
            <p>${problem}</p>
            <button @click=${() => this.#send({ type: 'dismiss' })}>Dismiss</button>
          </div>`
        : nothing}
      ${chats.length === 0
        ? html`<section class="empty" aria-labelledby="empty-title">
            <h2 id="empty-title" tabindex="-1">No chats open</h2>
            <p>Go Online to be offered chats. Each chat you accept opens in a tab here.</p>
          </section>`
        : html`<div class="tabs" role="tablist" aria-label="Chats" @keydown=${(e: KeyboardEvent) => this.#tabKeys(e, chats, active)}>
              ${repeat(chats, (tab) => tab.id, (tab) => this.#tab(tab, tab.id === active))}
            </div>
            ${repeat(chats, (tab) => tab.id, (tab) => this.#panel(tab, tab.id === active))}`}`;
  }

  override render() {
    const snapshot = this.#session.snapshot;
    const { context } = snapshot;
    const signedIn = snapshot.matches('signedIn');
    return html`<header class="top">
        <h1>Agent console</h1>
        ${signedIn
          ? html`<lp-agent-bar .profile=${context.profile} .availability=${context.requested ?? context.availability} .ringing=${context.ringing.count}
              .accepting=${snapshot.matches({ signedIn: { accepting: 'busy' } })}
              @agent-availability=${(e: CustomEvent<Availability>) => this.#send({ type: 'setAvailability', availability: e.detail })}
              @agent-accept=${this.#accept} @agent-sign-out=${() => this.#send({ type: 'signOut' })}></lp-agent-bar>`
          : nothing}
      </header>
      <main class="workspace">
        ${signedIn
          ? this.#workspace()
          : snapshot.matches('signingOut')
            ? html`<p role="status">Signing out…</p>`
            : html`<lp-agent-sign-in .account=${context.account ?? this.account} .busy=${snapshot.matches('signingIn')}
                .problem=${context.problem ?? ''} @agent-sign-in=${this.#signIn}></lp-agent-sign-in>`}
      </main>`;
  }
}
