import { html } from 'lit';
import type { Strings } from '../../src/i18n/strings.js';

export interface LauncherView {
  t: Strings;
  /** Agents available: "Chat with us"; otherwise "Leave a message". */
  offline: boolean;
  expanded: boolean;
  /** Lines received while the window was closed. */
  unread: number;
  onClick: () => void;
}

/**
 * The round button that opens and closes the window (rendered by `<lp-chat-window>` in its own
 * shadow root, so `aria-controls` can point at the window). The unread count is part of its name.
 *
 * @csspart launcher - the button
 */
export function renderLauncher(v: LauncherView) {
  const unread = !v.expanded && v.unread > 0;
  return html`<button class="root launcher" part="launcher" lang=${v.t.lang} aria-controls="window" aria-expanded=${v.expanded ? 'true' : 'false'} @click=${v.onClick}>
    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" /></svg>
    <span class="vh">${v.offline ? v.t.launcherOffline : v.t.launcher}${unread ? `, ${v.t.unread(v.unread)}` : ''}</span>
    ${unread ? html`<span class="badge" aria-hidden="true">${v.unread}</span>` : ''}
  </button>`;
}
