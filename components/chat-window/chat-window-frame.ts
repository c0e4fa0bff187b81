import { html, type TemplateResult } from 'lit';
import type { LpCloseSource } from '../../src/events/lp-close.js';
import type { enLauncher } from '../../src/i18n/locale.js';

/** What the frame holds: the title bar's title, the line under it and an action, and the body. */
export interface FrameContent {
  title: string;
  /** The line under the title (none while the conversation loads). */
  status?: string;
  /** A button beside minimise ("End chat"). */
  action?: unknown;
  body: unknown;
}

/** A keydown handler for the dialog: Escape asks to close it (an IME composition takes its own Escape). */
export function closeOnEscape(close: (source: LpCloseSource) => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
    e.preventDefault();
    close('escape');
  };
}

/**
 * The chat dialog's frame: a non-modal dialog labelled by its title, the title bar with minimise,
 * and the body. The element draws it, around the wait while the conversation loads and around the
 * conversation once it is there (which gets it through `DialogCallbacks.frame`): one template, so
 * the frame (and the focus in it) stays when the one replaces the other. `onKeyDown` (from
 * `closeOnEscape`) and `onMinimise` are made once by the caller.
 */
export function chatFrame(
  t: typeof enLauncher,
  open: boolean,
  onKeyDown: (e: KeyboardEvent) => void,
  onMinimise: () => void,
  { title, status, action, body }: FrameContent,
): TemplateResult {
  return html`<section id="window" class="window" part="window" role="dialog" aria-labelledby="title"
    ?hidden=${!open} @keydown=${onKeyDown}>
    <div class="header" part="header">
      <div class="header__titles">
        <h2 id="title" part="title">${title}</h2>
        ${status === undefined ? '' : html`<p class="header__status" part="status">${status}</p>`}
      </div>
      ${action ?? ''}
      <button class="button--icon" part="close-button" aria-label=${t.close} @click=${onMinimise}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 11h14v2H5z" /></svg>
      </button>
    </div>
    <div class="window__body">${body}</div>
  </section>`;
}
