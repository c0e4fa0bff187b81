import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatStore, StoredSnapshot } from '../persist/chat-store.js';

/** How long a burst of changes is gathered into one write (ms). */
const GATHER = 250;

/**
 * Keeps the element's chat in a `ChatStore` so the next page picks it up. Changes are written in
 * bursts (one write per `GATHER` ms), at once when the transcript itself changed (a line typed,
 * sent or received), and always before the page goes away (`pagehide`, hidden) or the element
 * leaves the document. `pagehide` is not the visitor leaving: nothing is ended here.
 */
export class PersistController implements ReactiveController {
  #store?: ChatStore;
  #read?: () => StoredSnapshot | undefined;
  #timer?: ReturnType<typeof setTimeout>;
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
    if (!this.#store || !this.#connected) return;
    if (now) return this.flush();
    this.#timer ??= setTimeout(this.#flush, GATHER);
  }

  /** Writes the chat as it is now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
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
