import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Actor, AnyActorLogic, EmittedFrom, EventFromLogic, Snapshot, SnapshotFrom, Subscription } from 'xstate';

type Emitted<TLogic extends AnyActorLogic, T> = Extract<EmittedFrom<TLogic>, { type: T }>;

/**
 * Owns one XState actor for a Lit element. The actor is created and started when the host
 * connects and stopped when it disconnects; its persisted snapshot is kept, so a host that is
 * moved in the DOM (disconnect + connect) continues where it stopped. Emitted-event handlers
 * registered with `on()` apply to every actor, the running one and later ones.
 */
export class ActorController<TLogic extends AnyActorLogic> implements ReactiveController {
  /** The latest snapshot; read it in `render()`. Defined once the host has connected. */
  snapshot!: SnapshotFrom<TLogic>;
  #actor?: Actor<TLogic>;
  #persisted?: Snapshot<unknown>;
  #subscriptions: Subscription[] = [];
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

  /** Handles an event the actor emits, on this and every later actor. */
  on<T extends EmittedFrom<TLogic>['type']>(type: T, handler: (event: Emitted<TLogic, T>) => void): void {
    this.#handlers.push([type, handler]);
  }

  hostConnected(): void {
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
    const actor = this.#actor;
    if (!actor) return;
    this.#persisted = actor.getPersistedSnapshot();
    for (const s of this.#subscriptions) s.unsubscribe();
    actor.stop();
    this.#actor = undefined;
  }
}
