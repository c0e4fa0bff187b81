import { LpChatWindow } from '../components/chat-window/chat-window.js';

/**
 * Registers `<lp-chat-window>` (its internal views are registered with the conversation, when that
 * loads). A page may load the window twice (two bundles, two versions): the first definition wins.
 */
export function defineElements(): void {
  if (!customElements.get('lp-chat-window')) customElements.define('lp-chat-window', LpChatWindow);
}

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'lp-chat-window': LpChatWindow;
  }
}
