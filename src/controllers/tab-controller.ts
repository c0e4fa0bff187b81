import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the tabs of one chat say to each other over their BroadcastChannel. */
export type TabMessage<S, E, I> =
  /** The leader's chat as it is now (a persisted snapshot). */
  | { kind: 'state'; snapshot: S }
  /** Something the leader's chat emitted (a line arrived, a failure). */
  | { kind: 'emit'; event: E }
  /** A follower's visitor did something the leader's chat must hear. */
  | { kind: 'intent'; id: string; event: I }
  /** The leader carried out intent `id` (and told its state first). */
  | { kind: 'ack'; id: string }
  /** A follower has just arrived and wants the chat. */
  | { kind: 'hello' };

export interface TabRoles<S, E, I> {
  /** This tab now runs the chat (it polls, it sends). Called once at most. */
  lead(): void;
  /** Another tab runs the chat; this one mirrors it until it leads. */
  follow(): void;
  /** A message from another tab of the same chat. */
  receive(message: TabMessage<S, E, I>): void;
}

/**
 * Makes the tabs of one site agree on which of them runs a chat: the tab holding the Web Lock
 * `name` leads (it alone polls the platform and sends lines); the others follow, mirroring what
 * the leader broadcasts on the BroadcastChannel `name` and passing their visitor's intents to it.
 * When the leader's tab closes (or its element leaves the document), the lock passes at once to a
 * follower, which takes over from the last state it received. Where Web Locks or BroadcastChannel
 * are missing, every tab leads its own chat.
 *
 * A move in the DOM (disconnect and connect in one task) keeps the role: the teardown waits a task.
 */
export class TabController<S, E, I> implements ReactiveController {
  #channel?: BroadcastChannel;
  #release?: () => void;
  #abort?: AbortController;
  #stopTimer?: ReturnType<typeof setTimeout>;
  #role: 'none' | 'leader' | 'follower' = 'none';
  readonly #name: string;
  readonly #roles: TabRoles<S, E, I>;

  constructor(host: ReactiveControllerHost, name: string, roles: TabRoles<S, E, I>) {
    this.#name = name;
    this.#roles = roles;
    host.addController(this);
  }

  /** Whether this tab runs the chat. */
  get leading(): boolean {
    return this.#role === 'leader';
  }

  /** Tells the other tabs of this chat. */
  post(message: TabMessage<S, E, I>): void {
    this.#channel?.postMessage(message);
  }

  hostConnected(): void {
    if (this.#stopTimer !== undefined) {
      clearTimeout(this.#stopTimer);
      this.#stopTimer = undefined;
      return;
    }
    const locks = globalThis.navigator?.locks;
    if (!locks || typeof BroadcastChannel !== 'function') return this.#lead();
    const channel = (this.#channel = new BroadcastChannel(this.#name));
    channel.onmessage = (e: MessageEvent<TabMessage<S, E, I>>) => this.#roles.receive(e.data);
    const abort = (this.#abort = new AbortController());
    const hold = () => new Promise<void>((resolve) => (this.#release = resolve));
    void locks
      .request(this.#name, { ifAvailable: true }, (lock) => {
        if (lock) {
          this.#lead();
          return hold();
        }
        this.#role = 'follower';
        this.#roles.follow();
        this.post({ kind: 'hello' });
        // Next in line: the lock comes when the leading tab goes.
        void locks
          .request(this.#name, { signal: abort.signal }, () => {
            this.#lead();
            return hold();
          })
          .catch(() => undefined);
        return undefined;
      })
      .catch(() => this.#lead());
  }

  hostDisconnected(): void {
    this.#stopTimer = setTimeout(() => this.#stop());
  }

  #lead(): void {
    if (this.#role === 'leader') return;
    this.#role = 'leader';
    this.#roles.lead();
  }

  #stop(): void {
    this.#stopTimer = undefined;
    this.#release?.();
    this.#abort?.abort();
    this.#channel?.close();
    this.#channel = this.#release = this.#abort = undefined;
    this.#role = 'none';
  }
}
