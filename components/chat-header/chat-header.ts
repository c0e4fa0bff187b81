import { html } from 'lit';
import type { Strings } from '../../src/i18n/strings.js';

export interface HeaderView {
  t: Strings;
  title: string;
  /** Second line: who the visitor chats with, or what is going on. */
  status: string;
  /** Whether the "End chat" button shows (a chat is live). */
  live: boolean;
  onEnd: () => void;
  onClose: () => void;
}

/**
 * The window's title bar. The title's id (`title`) labels the dialog.
 *
 * @csspart header
 * @csspart title
 * @csspart status - the line under the title
 * @csspart end-button - "End chat", while a chat is live
 * @csspart close-button - minimises the window
 */
export function renderHeader(v: HeaderView) {
  return html`<header class="header" part="header">
    <div class="titles">
      <h2 id="title" part="title">${v.title}</h2>
      <p class="status" part="status">${v.status}</p>
    </div>
    ${v.live ? html`<button class="alt" part="end-button" @click=${v.onEnd}>${v.t.end}</button>` : ''}
    <button class="icon" part="close-button" aria-label=${v.t.close} @click=${v.onClose}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 11h14v2H5z" /></svg>
    </button>
  </header>`;
}
