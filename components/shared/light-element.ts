import { LitElement, type PropertyDeclarations } from 'lit';
import { en, type Strings } from '../../src/i18n/strings.js';

/**
 * Base of the window's internal views. They render into their own light DOM, which lies inside
 * `<lp-chat-window>`'s shadow root: one stylesheet styles them all, ids and `aria-*` references
 * work across them, and their `part`s are exposed by the public element directly.
 */
export class LightElement extends LitElement {
  static override properties: PropertyDeclarations = { t: { attribute: false } };
  /** The strings for the window's language. */
  t: Strings = en;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /**
   * Raises an internal event for the root. It bubbles but is not composed, so it stops at the
   * window's shadow root and never reaches the host page. Returns false when the root called
   * `preventDefault()`.
   */
  protected fire(type: string, detail?: unknown): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, cancelable: true }));
  }
}
