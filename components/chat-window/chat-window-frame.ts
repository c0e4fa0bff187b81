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

/**
 * The width at and below which the window fills the screen (a phone, or a page zoomed far in): the
 * window is modal then. The same query is in chat-window.styles.ts.
 */
export const FILLS_SCREEN = '(max-width: 480px)';

/**
 * A keydown handler for the dialog: Escape asks to close it (an IME composition takes its own
 * Escape); while the dialog is modal, Tab and Shift+Tab go round inside it, never to the page
 * hidden behind.
 */
export function dialogKeys(close: (source: LpCloseSource) => void): (e: KeyboardEvent) => void {
  return (e) => {
    const dialog = e.currentTarget as HTMLElement;
    if (e.key === 'Tab' && dialog.ariaModal === 'true') {
      // Its Tab stops, in order: what takes focus (a link, a field, a button) and is enabled and shown.
      const stops = [...dialog.querySelectorAll<HTMLElement & { disabled?: boolean }>('*')].filter(
        (el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility(),
      );
      const active = (dialog.getRootNode() as ShadowRoot).activeElement;
      if (active === (e.shiftKey ? stops[0] : stops.at(-1))) {
        e.preventDefault();
        (e.shiftKey ? stops.at(-1) : stops[0])?.focus();
      }
    }
    if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
    e.preventDefault();
    close('escape');
  };
}

/**
 * The chat dialog's frame: a dialog labelled by its title, the title bar with minimise, and the
 * body; non-modal beside the page, modal (`modal`) when it fills the screen. The element draws it,
 * around the wait while the conversation loads and around the conversation once it is there
 * (which gets it through `DialogCallbacks.frame`): one template, so the frame (and the focus in it)
 * stays when the one replaces the other. `onKeyDown` (from `dialogKeys`) and `onMinimise` are made
 * once by the caller.
 */
export function chatFrame(
  t: typeof enLauncher,
  open: boolean,
  modal: boolean,
  onKeyDown: (e: KeyboardEvent) => void,
  onMinimise: () => void,
  { title, status, action, body }: FrameContent,
): TemplateResult {
  return html`<section id="window" class="window" part="window" role="dialog" aria-labelledby="title"
    aria-modal=${modal} ?hidden=${!open} @keydown=${onKeyDown}>
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
