import { html, type PropertyValues } from 'lit';
import type { Message } from '../../src/machine/chat.types.js';
import { groupOf } from '../../src/machine/view.js';
import type { LpChatMessage } from '../chat-message/chat-message.js';
import { LightElement } from '../shared/light-element.js';

/** Lines per block. */
const BLOCK = 100;
/** The newest blocks, always rendered; older ones are skipped while off screen. */
const RECENT = 3;

/**
 * The conversation: a polite live region (new lines are announced, typing ticks are not), kept
 * scrolled to the newest line unless the visitor scrolled up, in which case a "New messages"
 * button jumps down.
 *
 * A batch of new lines costs what those lines cost, however long the transcript: the lines are
 * kept by the log itself (one `lp-chat-message` each, appended as they come, the others touched
 * only when their line changed), and scrolling waits for the layout the browser does anyway
 * (a `ResizeObserver` on the lines follows them once they are laid out) instead of forcing one.
 * Every line stays in the document, so find-in-page and a screen reader's reading of the history
 * work as on any page; the lines sit in blocks of `BLOCK`, and blocks older than the `RECENT`
 * newest skip layout, paint and hit-testing while off screen (`content-visibility: auto`).
 *
 * @internal
 * @csspart log - the scrolling message list (`role="log"`)
 * @csspart typing-indicator - "… is typing"
 * @fires chat-retry - (internal, from a line) resend a failed line
 */
export class LpChatLog extends LightElement {
  static override properties = {
    messages: { attribute: false },
    typing: {},
    retryable: { attribute: false },
    locale: {},
    avatar: {},
    unseen: { state: true },
  };
  /** Lines to show, oldest first. */
  messages: Message[] = [];
  /** Whether failed lines offer Retry (only while the chat is live). */
  retryable = true;
  /** The window's language (a BCP 47 tag), for times and dates. */
  locale = '';
  /** A picture of the agent (URL) for the avatar instead of their initials, or ''. */
  avatar = '';
  /** Name of the agent who is typing, or ''. */
  typing = '';
  /** New lines arrived below while the visitor was scrolled up. */
  private unseen = false;
  /** Whether the list follows new lines (the visitor is at the bottom). */
  #follow = true;
  #top = 0;
  /** The messages shown, in order, and the line showing each. */
  #shown: Message[] = [];
  #lines: LpChatMessage[] = [];
  /** Where the lines go, in blocks: the log's own, so lines can go in before it first renders. */
  readonly #body = Object.assign(document.createElement('div'), { className: 'log__lines' });
  /**
   * Follows the newest line whenever the lines or the list change size (new lines, the typing
   * indicator, forms below it), after the browser laid them out: scrolling then forces nothing.
   */
  readonly #resize = new ResizeObserver(() => this.#follow && this.#scrollDown());

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
    this.#resize.observe(this.#body);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('t') || changed.has('retryable') || changed.has('locale') || changed.has('avatar')) {
      for (const line of this.#lines) this.#configure(line);
    }
    if (changed.has('messages') && this.#sync() && !this.#follow) this.unseen = true;
  }

  #configure(line: LpChatMessage): LpChatMessage {
    line.t = this.t;
    line.retryable = this.retryable;
    line.locale = this.locale;
    line.avatar = this.avatar;
    return line;
  }

  /**
   * Shows `messages`: new lines are appended, a line whose message changed renders again (and the
   * line after it finds its group again), and the others are not touched (comparing the messages
   * is all the work they cost). When the lines are no longer those shown plus new ones (a transfer
   * renamed them, a new chat began), they are all shown anew. Returns whether there are more lines
   * than before.
   */
  #sync(): boolean {
    const { messages } = this;
    const shown = this.#shown;
    const before = shown.length;
    let i = 0;
    let after = false;
    for (; i < before && i < messages.length; i++) {
      const m = messages[i]!;
      if (m === shown[i] && !after) continue;
      if (m.key !== shown[i]!.key) break;
      const line = this.#lines[i]!;
      line.group = groupOf(messages[i - 1], m);
      after = m !== shown[i];
      if (after) line.message = shown[i] = m;
    }
    if (i < before) {
      this.#body.replaceChildren();
      this.#shown = [];
      this.#lines = [];
      i = 0;
    }
    const lines = messages.slice(i).map((m, n) => {
      const line = this.#configure(document.createElement('lp-chat-message'));
      line.group = groupOf(messages[i + n - 1], m);
      line.message = m;
      return line;
    });
    this.#append(lines, this.#lines.length);
    this.#lines.push(...lines);
    this.#shown.push(...messages.slice(i));
    return messages.length > before;
  }

  /**
   * Appends `lines`, the first of which is line number `at`, into blocks of `BLOCK` lines; a block
   * that is no longer one of the `RECENT` newest becomes a past block, which skips layout and
   * paint while off screen.
   */
  #append(lines: LpChatMessage[], at: number): void {
    const body = this.#body;
    let block = body.lastElementChild;
    for (let n = 0; n < lines.length; ) {
      if ((at + n) % BLOCK === 0 || !block) {
        block = body.appendChild(document.createElement('div'));
        block.className = 'log__block';
        body.children[body.children.length - 1 - RECENT]?.classList.add('log__block--past');
      }
      const end = n + BLOCK - ((at + n) % BLOCK);
      block.append(...lines.slice(n, end));
      n = end;
    }
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
        ${this.#body}
      </div>
      <button class="log__jump" ?hidden=${!this.unseen} @click=${this.#handleJump}>${t.newMessages}</button>
      <p class="log__typing" part="typing-indicator">${this.typing ? html`${t.typing(this.typing)}<i></i>` : ''}</p>`;
  }
}
