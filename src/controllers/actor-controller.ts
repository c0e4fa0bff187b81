import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Actor, AnyActorLogic, EmittedFrom, EventFromLogic, Snapshot, SnapshotFrom, Subscription } from 'xstate';

type Emitted<TLogic extends AnyActorLogic, T> = Extract<EmittedFrom<TLogic>, { type: T }>;

/**
 * Owns one XState actor for a Lit element. The actor is created and started when the host
 * connects and stopped when it disconnects; its persisted snapshot is kept, so a host that is
 * moved in the DOM (disconnect + connect) continues where it stopped. Emitted-event handlers
 * registered with `on()` are bound again to every new actor.
 */
export class ActorController<TLogic extends AnyActorLogic> implements ReactiveController {
  /** The latest snapshot; read it in `render()`. Defined once the host has connected. */
  snapshot!: SnapshotFrom<TLogic>;
  private actor?: Actor<TLogic>;
  private persisted?: Snapshot<unknown>;
  private subscriptions: Subscription[] = [];
  private readonly handlers: [string, (event: never) => void][] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly create: (restore?: Snapshot<unknown>) => Actor<TLogic>,
    private readonly changed?: (snapshot: SnapshotFrom<TLogic>) => void,
  ) {
    host.addController(this);
  }

  /** Sends an event to the running actor (ignored while the host is disconnected). */
  send(event: EventFromLogic<TLogic>): void {
    this.actor?.send(event);
  }

  /** Handles an event the actor emits, on this and every later actor. */
  on<T extends EmittedFrom<TLogic>['type']>(type: T, handler: (event: Emitted<TLogic, T>) => void): void {
    this.handlers.push([type, handler]);
    if (this.actor) this.subscriptions.push(this.actor.on(type, handler as never));
  }

  hostConnected(): void {
    const actor = (this.actor = this.create(this.persisted));
    const update = () => {
      const next = actor.getSnapshot();
      if (next === this.snapshot) return;
      this.snapshot = next;
      this.changed?.(next);
      this.host.requestUpdate();
    };
    this.subscriptions = this.handlers.map(([type, handler]) => actor.on(type, handler as never));
    this.subscriptions.push(actor.subscribe({ next: update, error: update }));
    actor.start();
    update();
  }

  hostDisconnected(): void {
    if (!this.actor) return;
    this.persisted = this.actor.getPersistedSnapshot();
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    this.actor.stop();
    this.actor = undefined;
  }
}
