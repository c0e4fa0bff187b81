import { html, type LitElement, type PropertyValues } from 'lit';
import type { Message } from '../../src/machine/chat.types.js';
import { LightElement } from '../shared/light-element.js';

/**
 * The conversation: a polite live region (new lines are announced, typing ticks are not), kept
 * scrolled to the newest line unless the visitor scrolled up, in which case a "New messages"
 * button jumps down.
 *
 * @internal
 * @csspart log - the scrolling message list (`role="log"`)
 * @csspart typing-indicator - "… is typing"
 * @fires chat-retry - (internal, from a line) resend a failed line
 */
export class LpChatLog extends LightElement {
  static override properties = { messages: { attribute: false }, typing: {}, retryable: { attribute: false }, unseen: { state: true } };
  /** Lines to show, oldest first. */
  messages: Message[] = [];
  /** Whether failed lines offer Retry (only while the chat is live). */
  retryable = true;
  /** Name of the agent who is typing, or ''. */
  typing = '';
  /** New lines arrived below while the visitor was scrolled up. */
  private unseen = false;
  /** Whether the list follows new lines (the visitor is at the bottom). */
  #follow = true;
  #top = 0;
  /** Keeps the newest line in view when the list shrinks (typing indicator, forms below it). */
  readonly #resize = new ResizeObserver(() => this.#follow && this.#scrollDown());

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages')) void this.#settle(changed.get('messages')?.length ?? 0);
  }

  /** Once the new lines have rendered: follow them, or tell the visitor they are there. */
  async #settle(before: number): Promise<void> {
    for (const m of this.querySelectorAll<LitElement>('lp-chat-message')) await m.updateComplete;
    if (this.#follow) this.#scrollDown();
    else if (this.messages.length > before) this.unseen = true;
  }

  get #log(): HTMLElement | null {
    return this.querySelector('.log');
  }

  #scrollDown(): void {
    const l = this.#log;
    if (!l) return;
    l.scrollTop = l.scrollHeight;
    // Known at once: the scroll event of this jump may come after the visitor's next scroll.
    this.#top = l.scrollTop;
  }

  /** Scrolling up stops following; reaching the bottom again resumes it. */
  #handleScroll(): void {
    const l = this.#log!;
    if (l.scrollHeight - l.scrollTop - l.clientHeight < 24) {
      this.#follow = true;
      this.unseen = false;
    } else if (l.scrollTop < this.#top) this.#follow = false;
    this.#top = l.scrollTop;
  }

  #handleJump(): void {
    this.#scrollDown();
    this.#log!.focus();
  }

  override render() {
    const { t } = this;
    return html`<div class="log" part="log" role="log" aria-live="polite" aria-relevant="additions" aria-label=${t.log} tabindex="0" @scroll=${this.#handleScroll}>
        ${this.messages.map((m) => html`<lp-chat-message .message=${m} .t=${t} .retryable=${this.retryable}></lp-chat-message>`)}
      </div>
      <button class="log__jump" ?hidden=${!this.unseen} @click=${this.#handleJump}>${t.newMessages}</button>
      <p class="log__typing" part="typing-indicator">${this.typing ? html`${t.typing(this.typing)}<i></i>` : ''}</p>`;
  }
}
