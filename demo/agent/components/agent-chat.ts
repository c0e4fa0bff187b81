import { html, nothing, type PropertyValues } from 'lit';
import { LightElement } from '../../../components/shared/light-element.js';
import type { ChatEvent, LineEvent, OutgoingLine, Visit } from '../api/types.js';
import type { ChatView } from '../machine/chat.machine.js';
import { attributeText } from './attribute-text.js';

export interface TransferDetail {
  skillId: string;
  note: string;
}

/** The platform's system lines with id 0: lines the visitor's window sent with the chat request. */
const isPreChatLine = (e: ChatEvent): e is LineEvent => e.type === 'line' && e.source === 'system' && e.systemMessageId === 0;

/** Who an authenticated visitor proved to be, from the identity's claims. */
function identityText(claims: Record<string, string>): string {
  const name = claims.name ?? ([claims.given_name, claims.family_name].filter(Boolean).join(' ') || claims.preferred_username);
  return [name, claims.email, claims.phone_number, claims.sub && `id ${claims.sub}`].filter(Boolean).join(', ');
}

const clock = (time: string): string => {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
};

/**
 * One chat: the conversation (a polite live region: new lines are announced), the visitor's
 * typing, the reply box (Enter sends, Shift+Enter adds a line; plain text or HTML), transfer to a
 * skill, end, and what the platform says about the visitor: who they are, their pre-chat answers and
 * engagement attributes (the chat's visit), and the engagement the chat came from. Ids are prefixed with `key`: every
 * chat lives in the same shadow root.
 *
 * @fires agent-send - detail: `OutgoingLine`
 * @fires agent-input - the agent typed in the reply box
 * @fires agent-load-skills - the transfer form opened
 * @fires agent-transfer - detail: `TransferDetail`
 * @fires agent-end
 * @fires agent-close - the agent is done with an ended or transferred chat
 * @fires agent-dismiss - the agent read the problem shown
 */
export class LpAgentChat extends LightElement {
  static override properties = { view: { attribute: false }, key: {}, shown: { type: Boolean } };
  view!: ChatView;
  /** The tab's id, for element ids. */
  key = '';
  /** The chat's tab is the one shown. */
  shown = false;
  /** Whether the conversation was scrolled to its end before this update. */
  #atEnd = true;

  get #transcript(): HTMLElement | null {
    return this.querySelector('.transcript');
  }

  override willUpdate(): void {
    const t = this.#transcript;
    // A hidden conversation has no size: it counts as at its end.
    this.#atEnd = !t || t.scrollHeight - t.scrollTop - t.clientHeight < 48;
  }

  /** New lines, or the tab just shown: the conversation follows its end unless the agent scrolled up to read. */
  override updated(changed: PropertyValues<this>): void {
    const t = this.#transcript;
    if (t && ((changed.has('view') && this.#atEnd) || (changed.has('shown') && this.shown))) t.scrollTop = t.scrollHeight;
  }

  get #reply(): HTMLTextAreaElement {
    return this.querySelector('textarea')!;
  }

  /** Puts the caret in the reply box. */
  focusReply(): void {
    this.querySelector<HTMLElement>('textarea, .chat__close')?.focus();
  }

  #send(e: Event): void {
    e.preventDefault();
    const reply = this.#reply;
    const text = reply.value.trim();
    if (!text) return;
    const html = this.querySelector<HTMLInputElement>('input[value=html]')?.checked;
    const line: OutgoingLine = { text, textType: html ? 'html' : 'plain' };
    this.fire('agent-send', line);
    reply.value = '';
  }

  #keyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) this.#send(e);
  }

  #transfer(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const detail: TransferDetail = { skillId: String(data.get('skill') ?? ''), note: String(data.get('note') ?? '') };
    if (detail.skillId) this.fire('agent-transfer', detail);
  }

  #line(e: LineEvent, visitor: string) {
    const who = e.source === 'system' ? 'Platform' : e.by || (e.source === 'visitor' ? visitor : 'Agent');
    const secret = e.subType === 'ONLY_TO_REP';
    return html`<li class="line line--${e.source} ${secret ? 'line--private' : ''}">
      <p class="line__head">
        <span class="line__by">${who}</span>
        <time datetime=${e.time}>${clock(e.time)}</time>
        ${e.textType === 'html' ? html`<span class="tag">HTML</span>` : nothing}
        ${secret ? html`<span class="tag">only agents see this</span>` : nothing}
      </p>
      ${e.textType === 'html' ? html`<pre class="line__text line__text--html">${e.text}</pre>` : html`<p class="line__text">${e.text}</p>`}
    </li>`;
  }

  #event(e: ChatEvent, visitor: string) {
    if (e.type === 'line') return this.#line(e, visitor);
    if (e.type === 'other' && e.rawType === 'url') {
      return html`<li class="line line--system"><p class="line__text">Page pushed: ${String(e.data.url ?? '')}</p></li>`;
    }
    return nothing;
  }

  #composer(view: ChatView) {
    const { key } = this;
    return html`<form class="composer" @submit=${this.#send}>
        <label for="${key}-reply">Reply</label>
        <textarea id="${key}-reply" rows="3" ?disabled=${view.endRequested} @keydown=${this.#keyDown}
          @input=${() => this.#reply.value && this.fire('agent-input')}></textarea>
        <div class="composer__row">
          <fieldset class="composer__format">
            <legend>Format</legend>
            <label><input type="radio" name="${key}-format" value="plain" checked /> Plain text</label>
            <label><input type="radio" name="${key}-format" value="html" /> HTML</label>
          </fieldset>
          <span class="composer__send">
            ${view.sending ? html`<span class="composer__sending">Sending…</span>` : nothing}
            <button class="primary" ?disabled=${view.endRequested}>Send</button>
          </span>
        </div>
      </form>
      <div class="actions">
        <details class="transfer" @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && this.fire('agent-load-skills')}>
          <summary>Transfer</summary>
          <form @submit=${this.#transfer}>
            <label for="${key}-skill">Skill</label>
            <select id="${key}-skill" name="skill" required>
              ${view.skills === null
                ? html`<option value="">Loading…</option>`
                : view.skills.length === 0
                  ? html`<option value="">No skill has an agent online</option>`
                  : view.skills.map((s) => html`<option value=${s.id}>${s.name} (${s.onlineAgents} online)</option>`)}
            </select>
            <label for="${key}-note">Note for the next agent</label>
            <input id="${key}-note" name="note" />
            <button ?disabled=${view.busy || !view.skills?.length}>Transfer chat</button>
          </form>
        </details>
        <button class="danger" ?disabled=${view.busy || view.endRequested} @click=${() => this.fire('agent-end')}>End chat</button>
      </div>`;
  }

  #closed(view: ChatView) {
    const said = view.phase === 'transferred' ? `Transferred to ${view.transferredTo}.` : 'The chat has ended.';
    return html`<div class="closed">
      <p role="status">${said}</p>
      <button class="chat__close" @click=${() => this.fire('agent-close')}>Close chat</button>
    </div>`;
  }

  /** The visit's answers and attributes, as definition lists (a heading each, "None." when empty). */
  #told(visit: Visit) {
    const attributes = visit.attributes.map(attributeText);
    return html`<h4>Pre-chat answers</h4>
      ${visit.preChat.length
        ? html`<dl class="details__stack">
            ${visit.preChat.map((q) => html`<dt>${q.question}</dt><dd>${q.answers.join(', ')}</dd>`)}
          </dl>`
        : html`<p class="details__note">None.</p>`}
      <h4>Engagement attributes</h4>
      ${attributes.length
        ? html`<dl class="details__stack">${attributes.map((a) => html`<dt>${a.kind}</dt><dd>${a.text}</dd>`)}</dl>`
        : html`<p class="details__note">None.</p>`}`;
  }

  /** Who the visitor is and what they told before and around the chat (its visit, read once). */
  #visitor(view: ChatView) {
    const { visit } = view;
    const read = visit.status === 'read' ? visit.visit : undefined;
    const name = read?.name ?? view.visitor.name;
    return html`<section class="details__section">
      <h3>Visitor</h3>
      <dl>
        ${name ? html`<dt>Name</dt><dd>${name}</dd>` : nothing}
        ${read?.identity ? html`<dt>Signed in as</dt><dd>${identityText(read.identity)}</dd>` : nothing}
      </dl>
      ${read
        ? this.#told(read)
        : visit.status === 'failed'
          ? html`<p class="details__problem">The pre-chat answers and engagement attributes could not be read. ${visit.problem}</p>`
          : visit.status === 'none'
            ? html`<p class="details__note">The platform gives no pre-chat answers or engagement attributes for this chat.</p>`
            : html`<p class="details__note">Reading the pre-chat answers and engagement attributes…</p>`}
    </section>`;
  }

  #details(view: ChatView, visitor: string) {
    const { visitor: v, info } = view;
    const row = (term: string, value: string | undefined) => (value ? html`<dt>${term}</dt><dd>${value}</dd>` : nothing);
    const preChat = view.events.filter(isPreChatLine);
    return html`<aside class="details" aria-labelledby="${this.key}-about">
      <h2 id="${this.key}-about">About ${visitor}</h2>
      ${this.#visitor(view)}
      <section class="details__section">
        <h3>Chat</h3>
        <dl>
          ${row('Skill', v.skill)} ${row('Language', v.language)}
          ${row('Chat started', info.startTime && new Date(info.startTime).toLocaleString())}
          ${row('Engagement', v.engagementId)} ${row('Campaign', v.campaignId)} ${row('Visitor id', v.monitoring.visitor)}
          ${row('Session id', v.monitoring.session)} ${row('Context id', v.monitoring.context)}
        </dl>
        ${preChat.length
          ? html`<h4>Pre-chat lines</h4>
              <ul>${preChat.map((line) => html`<li>${line.text}</li>`)}</ul>`
          : nothing}
      </section>
    </aside>`;
  }

  override render() {
    const { view } = this;
    if (!view) return nothing;
    const visitor = view.visitor.name ?? 'the visitor';
    const typing = view.phase === 'active' && view.info.visitorTyping === 'typing';
    return html`<div class="chat">
      <div class="chat__main">
        ${view.problem
          ? html`<div class="problem" role="alert">
              <p>${view.problem}</p>
              <button @click=${() => this.fire('agent-dismiss')}>Dismiss</button>
            </div>`
          : nothing}
        <div class="transcript" role="log" aria-label="Conversation with ${visitor}">
          <ol>${view.events.map((e) => this.#event(e, visitor))}</ol>
        </div>
        <p class="typing">${typing ? `${visitor} is typing…` : ''}</p>
        ${view.phase === 'active' ? this.#composer(view) : this.#closed(view)}
      </div>
      ${this.#details(view, visitor)}
    </div>`;
  }
}
