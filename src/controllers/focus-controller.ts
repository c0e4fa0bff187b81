import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/** Where a window's focus goes, for `FocusController`. */
export interface FocusOptions {
  /** Whether the window is open now. */
  isOpen(): boolean;
  /** Where focus returns when the window closes. */
  launcher(): HTMLElement | null;
  /**
   * Where focus goes in the open window, best first: selectors matched in the host's shadow root;
   * the first visible, enabled match of the first selector that has one wins.
   */
  targets: readonly string[];
  /** The views that render the targets: they are let render before any target is looked for. */
  views: string;
}

/**
 * Moves focus for a window rendered in a host's shadow root: into the window when it
 * opens (not when the host first renders open: loading a page must not steal focus), back to the
 * launcher when it closes with focus inside, and on to the best target when the focused control
 * went away (a form was sent) or when focus still rests where this controller put it and a better
 * target may have appeared (the message box once the chat starts).
 *
 * It is cheap: an update that changes none of that reads `activeElement` twice and nothing more;
 * the shadow tree is searched only when one of those things happened, and then only for targets
 * better than the one focused.
 */
export class FocusController implements ReactiveController {
  readonly #host: Host;
  readonly #options: FocusOptions;
  /** Whether the window was open at the last update; unknown before the first. */
  #wasOpen?: boolean;
  /** Whether focus was in the host's shadow root when the running update began. */
  #wasInside = false;
  /** What this controller last focused, and the rank of the target it was. */
  #placed?: { element: Element; rank: number };

  constructor(host: Host, options: FocusOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get #root(): ShadowRoot {
    return this.#host.shadowRoot!;
  }

  hostUpdate(): void {
    this.#wasInside = !!this.#root.activeElement;
  }

  hostUpdated(): void {
    const open = this.#options.isOpen();
    const was = this.#wasOpen;
    this.#wasOpen = open;
    if (open !== was) {
      if (open && was !== undefined) void this.#moveIn(this.#options.targets.length);
      else if (!open && this.#wasInside) {
        this.#placed = undefined;
        this.#options.launcher()?.focus();
      }
      return;
    }
    if (!open || !this.#wasInside) return;
    const active = this.#root.activeElement;
    // The focused control went away: the best place there is.
    if (!active) void this.#moveIn(this.#options.targets.length);
    // Focus rests where it was put: only a better place is worth a look (none beats the first).
    else if (active === this.#placed?.element && this.#placed.rank > 0) void this.#moveIn(this.#placed.rank);
  }

  /** Focuses the best target ranked better than `limit`, once the views have rendered. */
  async #moveIn(limit: number): Promise<void> {
    const root = this.#root;
    const before = root.activeElement;
    for (const view of root.querySelectorAll<ReactiveControllerHost & Element>(this.#options.views)) {
      await view.updateComplete;
    }
    // Closed meanwhile, or the visitor put focus somewhere themselves: leave it.
    const now = root.activeElement;
    if (!this.#options.isOpen() || (now && now !== before)) return;
    const { targets } = this.#options;
    for (let rank = 0; rank < limit; rank++) {
      // Hidden controls (the log's "New messages" button at the bottom) take no focus.
      const target = [...root.querySelectorAll<HTMLElement>(targets[rank])].find((el) => el.checkVisibility());
      if (!target) continue;
      if (target !== now) {
        target.focus();
        this.#placed = { element: target, rank };
      }
      return;
    }
  }
}
