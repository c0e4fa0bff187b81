import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Actor, AnyActorLogic, EmittedFrom, EventFromLogic, Snapshot, SnapshotFrom, Subscription } from 'xstate';

type Emitted<TLogic extends AnyActorLogic, T> = Extract<EmittedFrom<TLogic>, { type: T }>;

/**
 * Owns one XState actor for a Lit element. The actor is created and started when the host
 * connects. When the host disconnects, the actor is stopped a task later unless the host is
 * connected again first: a host moved in the DOM (disconnect + connect in one go) keeps the very
 * same running actor, so no request in flight is cancelled or sent twice. A host that stays
 * disconnected has its actor stopped and its persisted snapshot kept, and continues from that
 * snapshot when it is connected again. Emitted-event handlers registered with `on()` apply to
 * every actor, the running one and later ones.
 */
export class ActorController<TLogic extends AnyActorLogic> implements ReactiveController {
  /** The latest snapshot; read it in `render()`. Defined once the host has connected. */
  snapshot!: SnapshotFrom<TLogic>;
  #actor?: Actor<TLogic>;
  #persisted?: Snapshot<unknown>;
  #subscriptions: Subscription[] = [];
  #stopTimer?: ReturnType<typeof setTimeout>;
  readonly #handlers: [string, (event: never) => void][] = [];
  readonly #host: ReactiveControllerHost;
  readonly #create: (restore?: Snapshot<unknown>) => Actor<TLogic>;
  readonly #changed?: (snapshot: SnapshotFrom<TLogic>) => void;

  constructor(
    host: ReactiveControllerHost,
    create: (restore?: Snapshot<unknown>) => Actor<TLogic>,
    changed?: (snapshot: SnapshotFrom<TLogic>) => void,
  ) {
    this.#host = host;
    this.#create = create;
    this.#changed = changed;
    host.addController(this);
  }

  /** Sends an event to the running actor (ignored while the host is disconnected). */
  send(event: EventFromLogic<TLogic>): void {
    this.#actor?.send(event);
  }

  /** What `getPersistedSnapshot()` of the running actor gives, or the snapshot kept while detached. */
  persistedSnapshot(): Snapshot<unknown> | undefined {
    return this.#actor?.getPersistedSnapshot() ?? this.#persisted;
  }

  /** Handles an event the actor emits, on this and every later actor. */
  on<T extends EmittedFrom<TLogic>['type']>(type: T, handler: (event: Emitted<TLogic, T>) => void): void {
    this.#handlers.push([type, handler]);
  }

  hostConnected(): void {
    if (this.#stopTimer !== undefined) {
      // Moved in the DOM: the actor never stopped.
      clearTimeout(this.#stopTimer);
      this.#stopTimer = undefined;
      return;
    }
    const actor = (this.#actor = this.#create(this.#persisted));
    const update = () => {
      const next = actor.getSnapshot();
      if (next === this.snapshot) return;
      this.snapshot = next;
      this.#changed?.(next);
      this.#host.requestUpdate();
    };
    this.#subscriptions = [
      actor.on('*', (e) => {
        for (const [type, handler] of this.#handlers) if (type === e.type) handler(e as never);
      }),
      actor.subscribe({ next: update, error: update }),
    ];
    actor.start();
    update();
  }

  hostDisconnected(): void {
    if (!this.#actor) return;
    this.#stopTimer = setTimeout(() => this.#stop());
  }

  #stop(): void {
    const actor = this.#actor!;
    this.#stopTimer = undefined;
    this.#persisted = actor.getPersistedSnapshot();
    for (const s of this.#subscriptions) s.unsubscribe();
    actor.stop();
    this.#actor = undefined;
  }
}
