import { html } from 'lit';
import { LightElement } from '../shared/light-element.js';

/**
 * The message box: Enter sends, Shift+Enter adds a line. The draft is cleared only when the root
 * accepts the line (a vetoed `lp-send` keeps it).
 *
 * @internal
 * @csspart composer - the form
 * @csspart input - the textarea
 * @csspart send-button - the Send button
 * @fires chat-send - (internal, cancelable) detail: the text to send
 * @fires chat-typing - (internal) the visitor typed
 */
export class LpChatComposer extends LightElement {
  static override properties = { disabled: { type: Boolean } };
  /** Set when no line can be sent now. */
  disabled = false;

  get #input(): HTMLTextAreaElement {
    return this.querySelector('textarea')!;
  }

  /** Submitting the form or pressing Enter sends the draft. */
  #send(e: Event): void {
    e.preventDefault();
    const input = this.#input;
    const text = input.value.trim();
    if (text && !this.disabled && this.fire('chat-send', text)) input.value = '';
  }

  /** Enter sends, except Shift+Enter and the Enter that confirms an IME choice (229: Safari ends the composition first). */
  #handleKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) this.#send(e);
  }

  override render() {
    const { t } = this;
    return html`<form class="composer" part="composer" @submit=${this.#send}>
      <textarea class="field composer__input" part="input" rows="1" dir="auto" aria-label=${t.message} placeholder=${t.message} ?disabled=${this.disabled}
        @keydown=${this.#handleKeyDown} @input=${() => this.#input.value && this.fire('chat-typing')}></textarea>
      <button part="send-button" ?disabled=${this.disabled}>${t.send}</button>
    </form>`;
  }
}
