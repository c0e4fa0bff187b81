import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatStore, StoredSnapshot } from '../persist/chat-store.js';

/** At most one write per this many ms: a burst of changes is gathered into one (ms). */
const GATHER = 250;

/**
 * Keeps the element's chat in a `ChatStore` so the next page picks it up. A change of the
 * transcript itself (a line typed, sent or received) is written at once, unless a write was made
 * in the last `GATHER` ms: then it goes with the next one, so a long transcript arriving in quick
 * reads costs a few writes a second, not one per read. Other changes are gathered; everything is
 * written before the page goes away (`pagehide`, hidden) or the element leaves the document.
 * `pagehide` is not the visitor leaving: nothing is ended here.
 */
export class PersistController implements ReactiveController {
  #store?: ChatStore;
  #read?: () => StoredSnapshot | undefined;
  #timer?: ReturnType<typeof setTimeout>;
  /** When the last write was made. */
  #written = -Infinity;
  #connected = false;
  readonly #flush = () => this.flush();
  readonly #hidden = () => {
    if (document.visibilityState === 'hidden') this.flush();
  };

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts keeping what `read` returns (undefined: nothing worth keeping, the entry goes). */
  attach(store: ChatStore, read: () => StoredSnapshot | undefined): void {
    this.#store = store;
    this.#read = read;
  }

  /** The chat changed; `now` writes at once. */
  changed(now = false): void {
    // A detached element's chat is written once as it leaves (its actor may run a task longer).
    if (!this.#store || !this.#connected || this.#timer !== undefined) return;
    if (now && performance.now() - this.#written >= GATHER) return this.flush();
    this.#timer = setTimeout(this.#flush, GATHER);
  }

  /** Writes the chat as it is now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#written = performance.now();
    if (this.#store && this.#read) this.#store.save(this.#read());
  }

  hostConnected(): void {
    this.#connected = true;
    addEventListener('pagehide', this.#flush);
    document.addEventListener('visibilitychange', this.#hidden);
  }

  hostDisconnected(): void {
    this.flush();
    this.#connected = false;
    removeEventListener('pagehide', this.#flush);
    document.removeEventListener('visibilitychange', this.#hidden);
  }
}
