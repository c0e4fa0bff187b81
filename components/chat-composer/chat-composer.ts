import { html } from 'lit';
import { LightElement } from '../shared/light-element.js';

/** The longest line when the window is given no usable `max-length` (the API documents none). */
const MAX = 2000;
/** Shares of the limit from which the counter shows, and at which it is announced once. */
const NEAR = 0.8;
const NEARER = 0.9;

/**
 * The message box: Enter sends, Shift+Enter adds a line. The draft is cleared only when the root
 * accepts the line (a vetoed `lp-send` keeps it). It starts with `draft` (one kept from the page
 * before), and tells every change of it (`chat-input`).
 *
 * A line is at most `max` characters. From 80 % of that a counter shows under the box (in the
 * danger colour past the limit); screen readers hear how many are left when the draft reaches
 * 80 % and 90 %, and when it goes past the limit, not at every keystroke. A longer draft (a paste)
 * stays whole, to be shortened: it is marked invalid and cannot be sent.
 *
 * @internal
 * @csspart composer - the form
 * @csspart input - the textarea
 * @csspart counter - characters used of the limit, near it
 * @csspart send-button - the Send button
 * @fires chat-send - (internal, cancelable) detail: the text to send
 * @fires chat-input - (internal) the visitor changed the draft; detail: the draft
 */
export class LpChatComposer extends LightElement {
  static override properties = { disabled: { type: Boolean }, max: { type: Number }, length: { state: true } };
  /** Set when no line can be sent now. */
  disabled = false;
  /** The longest line that can be sent, in characters. */
  max = MAX;
  /** What the box holds when it first shows (read once: setting it later changes nothing). */
  draft = '';
  /** Characters in the draft. */
  private length = 0;
  /** How near the limit the draft is: 0 not near, 1 from 80 %, 2 from 90 %, 3 past it. */
  #level = 0;
  /** What the status region says. */
  #said = '';

  get #input(): HTMLTextAreaElement {
    return this.querySelector('textarea')!;
  }

  get #max(): number {
    return this.max > 0 ? this.max : MAX;
  }

  /** Submitting the form or pressing Enter sends the draft, unless it is too long. */
  #send(e: Event): void {
    e.preventDefault();
    const input = this.#input;
    const text = input.value.trim();
    if (text && !this.disabled && input.value.length <= this.#max && this.fire('chat-send', text)) {
      input.value = '';
      this.length = 0;
    }
  }

  /** Enter sends, except Shift+Enter and the Enter that confirms an IME choice (229: Safari ends the composition first). */
  #handleKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) this.#send(e);
  }

  #handleInput(): void {
    const { value } = this.#input;
    this.length = value.length;
    this.fire('chat-input', value);
  }

  protected override firstUpdated(): void {
    this.#input.value = this.draft;
  }

  /** How near the limit the draft is; said when that changes, not at every keystroke. */
  protected override willUpdate(): void {
    if (!this.hasUpdated) this.length = this.draft.length;
    const { length } = this;
    const max = this.#max;
    const level = length > max ? 3 : length >= max * NEARER ? 2 : length >= max * NEAR ? 1 : 0;
    if (level !== this.#level) this.#said = level ? this.t.charsLeft(max - length) : '';
    this.#level = level;
  }

  override render() {
    const { t, length } = this;
    const max = this.#max;
    const level = this.#level;
    const over = level > 2;
    return html`<form class="composer" part="composer" @submit=${this.#send}>
      <textarea class="field composer__input" part="input" rows="1" dir="auto" aria-label=${t.message} placeholder=${t.message} ?disabled=${this.disabled}
        aria-invalid=${over} @keydown=${this.#handleKeyDown} @input=${this.#handleInput}></textarea>
      <button part="send-button" ?disabled=${this.disabled || over}>${t.send}</button>
      <span class="composer__count${over ? ' composer__count--over' : ''}" part="counter" aria-hidden="true" ?hidden=${!level}>${length}/${max}</span>
      <span class="vh" role="status">${this.#said}</span>
    </form>`;
  }
}
