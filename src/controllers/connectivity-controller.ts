import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells the element when the browser loses or regains its network connection (`offline` /
 * `online`), so the chat shows "Reconnecting…" at once and retries the moment it is back instead
 * of waiting out its back-off.
 */
export class ConnectivityController implements ReactiveController {
  readonly #online = () => this.#changed(true);
  readonly #offline = () => this.#changed(false);
  readonly #changed: (online: boolean) => void;

  constructor(host: ReactiveControllerHost, changed: (online: boolean) => void) {
    this.#changed = changed;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('online', this.#online);
    addEventListener('offline', this.#offline);
  }

  hostDisconnected(): void {
    removeEventListener('online', this.#online);
    removeEventListener('offline', this.#offline);
  }
}
