import { html, svg } from 'lit';
import type { Message } from '../../src/machine/chat.types.js';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';
import { LightElement } from '../shared/light-element.js';

/** A clock: the line waits. */
const clock = svg`<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v6l5 3 1-1.7-4-2.4V7z" />`;

/**
 * One line of the conversation. Agent HTML is sanitised here, right before rendering (the bubble
 * gets the sanitiser's nodes as they are): this is the only file of the window that may render
 * markup from a string; everything else is text. Visitor lines say where they stand:
 * "Waiting to send" (with a clock), "Sending…", nothing once sent, "Not sent" with Retry.
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
  /** The sanitised nodes of the last HTML line shown, with its text: the same nodes while it stays. */
  #html?: [text: string, nodes: Node[] | null];

  #handleRetry(): void {
    this.fire('chat-retry', this.message.key);
  }

  /** What a line says under its bubble: nothing once sent. */
  #renderStatus(status: Message['status']) {
    const { t } = this;
    switch (status) {
      case 'sent':
        return '';
      case 'queued':
        return html`<span class="message__status"><svg class="message__status-icon" viewBox="0 0 24 24" aria-hidden="true">${clock}</svg>${t.queued}</span>`;
      case 'sending':
        return html`<span class="message__status">${t.sending}</span>`;
      case 'failed':
        return html`<span class="message__status">${t.notSent}
          ${this.retryable ? html`<button class="link-button" @click=${this.#handleRetry}>${t.retry}</button>` : ''}</span>`;
    }
  }

  /**
   * The agent's HTML line as sanitised nodes, computed once per text, so that a render for another
   * reason keeps them (and the focus on a link in them). Null when there is nothing to insert (see
   * `sanitizeHtml`): the line is then shown as the text it is.
   */
  #sanitized(text: string): Node[] | null {
    if (this.#html?.[0] !== text) {
      const nodes = sanitizeHtml(text);
      this.#html = [text, nodes && [...nodes.childNodes]];
    }
    return this.#html[1];
  }

  override render() {
    const { t, message: m } = this;
    const { source } = m;
    const nodes = source === 'agent' && m.textType === 'html' ? this.#sanitized(m.text) : null;
    const parts = `message message--${source}${m.status === 'failed' ? ' message--failed' : ''}`;
    return html`<div class="message message--${source}" part=${parts}>
      ${source === 'agent'
        ? html`<span class="message__author">${m.by || t.agent}</span>`
        : source === 'visitor'
          ? html`<span class="vh">${t.you}:</span>`
          : ''}
      ${nodes
        ? html`<div class="message__bubble" part="bubble">${nodes}</div>`
        : html`<div class="message__bubble message__bubble--plain" part="bubble">${m.text}</div>`}
      ${this.#renderStatus(m.status)}
    </div>`;
  }
}
