import { html } from 'lit';
import type { Message } from '../../src/machine/chat.types.js';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';
import { LightElement } from '../shared/light-element.js';

/**
 * One line of the conversation. Agent HTML is sanitised here, right before rendering (the bubble's
 * `innerHTML` gets the sanitiser's output as it is): this is the only file of the window that may
 * render markup from a string; everything else is text.
 *
 * @internal
 * @csspart message - one line; with `message--agent`, `message--visitor`, `message--system`, `message--failed`
 * @csspart bubble - the text of a line
 * @fires chat-retry - (internal) the visitor asked to send a failed line again; detail: the line key
 */
export class LpChatMessage extends LightElement {
  static override properties = { message: { attribute: false }, retryable: { attribute: false } };
  message!: Message;
  /** Whether a failed line can be sent again now (not once the chat is over). */
  retryable = true;

  override render() {
    const { t, message: m } = this;
    const { source, status } = m;
    const failed = status === 'failed';
    return html`<div class="msg msg--${source}" part="message message--${source}${failed ? ' message--failed' : ''}">
      ${source === 'agent'
        ? html`<span class="by">${m.by || t.agent}</span>`
        : source === 'visitor'
          ? html`<span class="vh">${t.you}:</span>`
          : ''}
      ${source === 'agent' && m.textType === 'html'
        ? html`<div class="bubble" part="bubble" .innerHTML=${sanitizeHtml(m.text)}></div>`
        : html`<div class="bubble pre" part="bubble">${m.text}</div>`}
      ${status === 'sent'
        ? ''
        : html`<span class="meta">${failed ? t.notSent : t.sending}
            ${failed && this.retryable ? html`<button class="link" @click=${() => this.fire('chat-retry', m.key)}>${t.retry}</button>` : ''}</span>`}
    </div>`;
  }
}
