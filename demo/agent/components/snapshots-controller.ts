import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AnyActorRef, Subscription } from 'xstate';

/**
 * Updates the host whenever one of the actors it follows changes: the chats a session actor spawned,
 * whose snapshots are not part of the session's own.
 */
export class SnapshotsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #followed = new Map<AnyActorRef, Subscription>();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Follows exactly `refs` from now on. */
  follow(refs: readonly AnyActorRef[]): void {
    for (const [ref, subscription] of this.#followed) {
      if (!refs.includes(ref)) {
        subscription.unsubscribe();
        this.#followed.delete(ref);
      }
    }
    for (const ref of refs) {
      if (!this.#followed.has(ref)) this.#followed.set(ref, ref.subscribe(() => this.#host.requestUpdate()));
    }
  }

  hostDisconnected(): void {
    this.follow([]);
  }
}
