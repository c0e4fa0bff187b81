import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createActor, initialTransition, type Actor, type Snapshot, type SnapshotFrom } from 'xstate';
import type { Timers } from '../machine/chat.actors.js';
import type { chatMachine } from '../machine/chat.machine.js';
import type { ChatEmitted, ChatEvent, ChatInput } from '../machine/chat.types.js';
import { restorable, worthKeeping } from '../machine/restorable.js';
import type { ChatStore, StoredSnapshot } from '../persist/chat-store.js';
import { ActorController } from './actor-controller.js';
import { PersistController } from './persist-controller.js';
import { TabController, type TabMessage } from './tab-controller.js';

type Machine = typeof chatMachine;
export type ChatSnapshot = SnapshotFrom<Machine>;
type Persisted = Snapshot<unknown>;
type Message = TabMessage<Persisted, ChatEmitted, ChatEvent>;

export interface ChatControllerOptions {
  /** The chat machine with its actors provided. */
  machine: Machine;
  input: ChatInput;
  /** Where the chat is kept across pages. */
  store: ChatStore;
  /** The name the tabs of this chat share (lock and channel); undefined: this tab keeps to itself. */
  shareAs?: string;
  /** The window was asked open before the chat could run. */
  open: boolean;
  /** What the machine's own delays wait with (the page's timers unless given). */
  clock?: Timers;
  /** Called with every new snapshot (after the first render's too). */
  changed(snapshot: ChatSnapshot): void;
}

/**
 * The element's conversation, wherever it runs. In the tab that leads (the only one, or the one the
 * tabs of the site chose), the chat machine runs here: an `ActorController` owns the actor, started
 * from the chat an earlier page kept. In a tab that follows, nothing is sent to the platform: the
 * snapshot mirrors the leader's, the visitor's intents go to the leader, and what the leader's chat
 * emits is emitted here too; if the leader goes, this tab takes over from the last state it heard.
 * A leading tab can become a follower (it is frozen, or another tab won the role): its chat stops
 * at once, and its last state goes to the others first. Each tab opens and minimises its own
 * window. The chat is kept (`PersistController`) in every tab, so a reload shows it at once.
 */
export class ChatController implements ReactiveController {
  /** What the element renders. */
  snapshot: ChatSnapshot;
  #actor?: ActorController<Machine>;
  /** The actor `#actor` runs now. */
  #running?: Actor<Machine>;
  /** Counts the times this tab led: what a stopped chat reports late is dropped. */
  #leads = 0;
  /** The latest persisted form of the chat (the leader's, as heard, when following). */
  #latest?: Persisted;
  #following = false;
  /** This tab's own window, while following. */
  #open: boolean;
  #lastMessages?: unknown;
  #publishTimer?: ReturnType<typeof setTimeout>;
  /** When the following tabs were last told the chat. */
  #published = -Infinity;
  /**
   * Whether another tab of this chat has spoken since this one took the lead. Until then nobody
   * follows, and the chat is not told (each telling copies the whole transcript).
   */
  #heard = false;
  /**
   * Intents passed to the leading tab that it has not confirmed: if it goes before it does, this
   * tab carries them out itself when it takes over (a line typed then is not lost).
   */
  readonly #pending = new Map<string, ChatEvent>();
  #intents = 0;
  /** Intents this tab carried out as leader (a follower may pass one again after a handover). */
  readonly #done = new Set<string>();
  #detached = false;
  readonly #host: ReactiveControllerHost;
  readonly #options: ChatControllerOptions;
  readonly #persist: PersistController;
  readonly #tabs?: TabController<Persisted, ChatEmitted, ChatEvent>;
  readonly #handlers: [string, (event: never) => void][] = [];

  constructor(host: ReactiveControllerHost, options: ChatControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#latest = this.#fit(options.store.load() as Persisted | undefined);
    this.#open = this.#latest ? (this.#latest as unknown as ChatSnapshot).context.open : options.open;
    // The first render shows the kept chat at once (no launcher flash), whoever ends up running it.
    const initial = initialTransition(options.machine, options.input)[0];
    this.snapshot = this.#latest
      ? this.#resolve(this.#latest)
      : options.machine.resolveState({ value: initial.value, context: { ...initial.context, open: this.#open } });
    this.#persist = new PersistController(host);
    this.#persist.attach(options.store, () => {
      // A following tab keeps the leader's chat with its own window state.
      const kept = (this.#actor?.persistedSnapshot() ?? this.#withOpen(this.#latest)) as ChatSnapshot | undefined;
      return kept && worthKeeping(kept) ? (kept as unknown as StoredSnapshot) : undefined;
    });
    host.addController(this);
    if (options.shareAs) {
      this.#tabs = new TabController(host, options.shareAs, {
        lead: () => this.#lead(),
        follow: () => this.#follow(),
        receive: (message) => this.#receive(message),
      });
    } else {
      this.#lead();
    }
  }

  /** The name the tabs of this chat share (`shareAs`); undefined when this tab keeps to itself. */
  get sharedAs(): string | undefined {
    return this.#options.shareAs;
  }

  /** Whether this tab's window is open. */
  get open(): boolean {
    return this.snapshot.context.open;
  }

  /** Whether the chat runs in this tab (the only one, or the one the tabs of the site chose). */
  get leading(): boolean {
    return !!this.#actor;
  }

  /**
   * A visitor's intent: to the chat here, or to the leading tab's. Before the tabs have settled who
   * leads (a few ms after the window appears), it waits for the answer.
   */
  send(event: ChatEvent): void {
    if (this.#actor) return this.#actor.send(event);
    const top = topState(this.snapshot);
    if (event.type === 'user.open' || event.type === 'user.close') {
      this.#open = event.type === 'user.open';
      this.#show(this.#latest);
      // Opening from the launcher starts a chat; closing the leave-a-message screens dismisses them:
      // both change the chat itself.
      const starts = event.type === 'user.open' && (top === 'ready' || top === 'loading');
      const dismisses = event.type === 'user.close' && (top === 'offline' || top === 'failed');
      if (!starts && !dismisses) return;
    }
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${++this.#intents}`;
    this.#pending.set(id, event);
    if (this.#following) this.#tabs!.post({ kind: 'intent', id, event });
  }

  /** Another tab runs the chat (this one may just have stepped down): what was asked meanwhile goes to it. */
  #follow(): void {
    if (this.#actor) this.#stepDown();
    this.#following = true;
    for (const [id, event] of this.#pending) this.#tabs!.post({ kind: 'intent', id, event });
  }

  /** Handles an event the chat emits, here or in the leading tab. */
  on<T extends ChatEmitted['type']>(type: T, handler: (event: Extract<ChatEmitted, { type: T }>) => void): void {
    this.#handlers.push([type, handler as (event: never) => void]);
    this.#actor?.on(type, handler);
  }

  hostConnected(): void {
    this.#detached = false;
  }

  hostDisconnected(): void {
    // A window leaving the page answers no other tab (its chat stops a task later).
    this.#detached = true;
  }

  /** This tab runs the chat, from the chat kept or last heard. */
  #lead(): void {
    if (this.#actor) return;
    this.#following = false;
    this.#heard = false;
    const { machine, input, open, clock } = this.#options;
    const from = this.#latest;
    const create = (snapshot = from) => {
      if (snapshot) {
        try {
          return createActor(machine, { input, snapshot: restorable(snapshot), clock });
        } catch (error) {
          console.warn(`<lp-chat-window>: the kept chat could not be restored (${(error as Error).message})`);
        }
      }
      return createActor(machine, { input, clock });
    };
    const lead = ++this.#leads;
    const actor = (this.#actor = new ActorController(
      this.#host,
      (snapshot) => (this.#running = create(snapshot ?? from)),
      (s) => lead === this.#leads && this.#changed(s),
    ));
    for (const [type, handler] of this.#handlers) actor.on(type as ChatEmitted['type'], handler as (event: ChatEmitted) => void);
    actor.on('message.received', (event) => this.#tabs?.post({ kind: 'emit', event }));
    actor.on('error.raised', (event) => this.#tabs?.post({ kind: 'emit', event }));
    if (!from && open) actor.send({ type: 'user.open' });
    if (from && this.#open !== actor.snapshot.context.open) actor.send({ type: this.#open ? 'user.open' : 'user.close' });
    // What this tab asked of the tab that led before, and that it never confirmed.
    for (const event of this.#pending.values()) actor.send(event);
    this.#pending.clear();
    this.#tabs?.post({ kind: 'leading' });
  }

  /**
   * This tab stops running the chat (it is frozen, or another tab leads): the actor stops at once
   * (nothing more is polled or sent from here, even when a frozen page wakes), and the chat as it
   * was goes to the other tabs before the role passes on, so the next leader starts from it.
   */
  #stepDown(): void {
    const controller = this.#actor!;
    const persisted = controller.persistedSnapshot();
    this.#leads++;
    this.#actor = undefined;
    clearTimeout(this.#publishTimer);
    this.#publishTimer = undefined;
    if (persisted) {
      this.#latest = persisted;
      this.#open = (persisted as unknown as ChatSnapshot).context.open;
      this.#tabs?.post({ kind: 'state', snapshot: persisted });
    }
    this.#running?.stop();
    this.#running = undefined;
    this.#host.removeController(controller);
    this.#show(this.#latest);
  }

  #changed(snapshot: ChatSnapshot): void {
    this.snapshot = snapshot;
    const now = snapshot.context.messages !== this.#lastMessages;
    this.#lastMessages = snapshot.context.messages;
    this.#persist.changed(now);
    if (this.#tabs?.leading) this.#publish(now);
    this.#options.changed(snapshot);
  }

  /**
   * Tells the following tabs: at once when the transcript changed, unless they were told in the
   * last 100 ms (then with the next telling), else gathered.
   */
  #publish(now: boolean): void {
    const send = () => {
      clearTimeout(this.#publishTimer);
      this.#publishTimer = undefined;
      this.#published = performance.now();
      const snapshot = this.#actor?.persistedSnapshot();
      if (snapshot) this.#tabs?.post({ kind: 'state', snapshot });
    };
    if (this.#publishTimer !== undefined || !this.#heard) return;
    if (now && performance.now() - this.#published >= 100) send();
    else this.#publishTimer = setTimeout(send, 100);
  }

  #receive(message: Message): void {
    if (this.#detached) return;
    if (this.#actor) {
      // Leading: answer newcomers and carry out the followers' intents.
      this.#heard = true;
      if (message.kind === 'hello') this.#publish(true);
      if (message.kind === 'intent') {
        if (!this.#done.has(message.id)) {
          this.#done.add(message.id);
          if (this.#done.size > 200) this.#done.delete(this.#done.values().next().value!);
          this.#actor.send(message.event);
          this.#publish(true);
        }
        this.#tabs?.post({ kind: 'ack', id: message.id });
      }
      return;
    }
    if (message.kind === 'ack') this.#pending.delete(message.id);
    // A new leader: this tab follows it (it tells the chat from then on), and what the one before it
    // did not confirm goes to it (it skips what it has done).
    if (message.kind === 'leading') {
      this.#tabs!.post({ kind: 'hello' });
      for (const [id, event] of this.#pending) this.#tabs!.post({ kind: 'intent', id, event });
    }
    if (message.kind === 'state') {
      const fit = this.#fit(message.snapshot);
      if (!fit) return;
      this.#latest = fit;
      this.#show(fit);
    } else if (message.kind === 'emit') {
      for (const [type, handler] of this.#handlers) if (type === message.event.type) handler(message.event as never);
    }
  }

  /** `persisted` with this tab's own window state. */
  #withOpen(persisted: Persisted | undefined): Persisted | undefined {
    if (!persisted) return undefined;
    const { context } = persisted as unknown as ChatSnapshot;
    return { ...(persisted as object), context: { ...context, open: this.#open, unread: this.#open ? 0 : context.unread } } as unknown as Persisted;
  }

  /** Renders the leader's chat with this tab's own window state. */
  #show(persisted: Persisted | undefined): void {
    this.snapshot = this.#resolve(this.#withOpen(persisted) ?? (this.snapshot as unknown as Persisted));
    const now = this.snapshot.context.messages !== this.#lastMessages;
    this.#lastMessages = this.snapshot.context.messages;
    this.#persist.changed(now);
    this.#options.changed(this.snapshot);
    this.#host.requestUpdate();
  }

  #resolve(persisted: Persisted): ChatSnapshot {
    const { value, context } = persisted as unknown as ChatSnapshot;
    return this.#options.machine.resolveState({ value, context });
  }

  /** `persisted` when this machine can run it, else undefined (dropped with a warning). */
  #fit(persisted: Persisted | undefined): Persisted | undefined {
    if (!persisted) return undefined;
    try {
      this.#resolve(restorable(persisted));
      return persisted;
    } catch (error) {
      console.warn(`<lp-chat-window>: the kept chat could not be restored (${(error as Error).message})`);
      this.#options.store.save(undefined);
      return undefined;
    }
  }
}

/** The top-level state of a snapshot (`live`, `ready`, …). */
const topState = ({ value }: { value: unknown }) => (typeof value === 'string' ? value : Object.keys(value as object)[0]);
