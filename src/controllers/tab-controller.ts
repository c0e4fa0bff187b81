import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { hiddenTabTimers } from '../timers/hidden-tab-timers.js';
import type { Ballot } from './channel-election.js';
import { tabElection, type TabElection } from './tab-election.js';

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
  | { kind: 'hello' }
  /** A tab has just taken the chat over: intents not yet carried out go to it. */
  | { kind: 'leading' };

export interface TabRoles<S, E, I> {
  /** This tab now runs the chat (it polls, it sends), until `follow` is called. */
  lead(): void;
  /**
   * Another tab runs the chat, or is about to: this one mirrors it. A tab that led stops its chat
   * here at once, and tells its last state before the role passes on.
   */
  follow(): void;
  /** A message from another tab of the same chat. */
  receive(message: TabMessage<S, E, I>): void;
}

/**
 * Makes the tabs of one site agree on which of them runs a chat (`tab-election.ts`): the tab
 * holding the Web Lock `name`, or where Web Locks are missing the one the tabs elect over the
 * BroadcastChannel `name`, leads (it alone polls the platform and sends lines); the others follow,
 * mirroring what the leader broadcasts on that channel and passing their visitor's intents to it.
 * When the leader's tab closes (or its element leaves the document), a follower takes over from
 * the last state it received. A tab the browser freezes (a background tab, the back/forward
 * cache) steps down first, and follows when it comes back. Where BroadcastChannel is missing,
 * every tab leads its own chat.
 *
 * A move in the DOM (disconnect and connect in one task) keeps the role: the teardown waits a task.
 */
export class TabController<S, E, I> implements ReactiveController {
  #channel?: BroadcastChannel;
  #election?: TabElection;
  #stopTimer?: ReturnType<typeof setTimeout>;
  #role: 'none' | 'leader' | 'follower' = 'none';
  readonly #name: string;
  readonly #roles: TabRoles<S, E, I>;
  /** Frozen, or leaving the page: the chat goes on in another tab. */
  readonly #pause = () => this.#leave();
  /** Back from frozen, or from the back/forward cache. */
  readonly #resume = (e: Event) => {
    if (e.type !== 'pageshow' || (e as PageTransitionEvent).persisted) this.#election?.join();
  };

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
    if (typeof BroadcastChannel !== 'function') return this.#lead();
    const channel = (this.#channel = new BroadcastChannel(this.#name));
    channel.onmessage = (e: MessageEvent<TabMessage<S, E, I> | Ballot>) => {
      if (e.data?.kind !== 'election') this.#roles.receive(e.data);
    };
    const roles = { lead: () => this.#lead(), follow: () => this.#follow() };
    this.#election = tabElection(this.#name, channel, roles, hiddenTabTimers());
    document.addEventListener('freeze', this.#pause);
    document.addEventListener('resume', this.#resume);
    addEventListener('pagehide', this.#pause);
    addEventListener('pageshow', this.#resume);
    this.#election.join();
  }

  hostDisconnected(): void {
    this.#stopTimer = setTimeout(() => this.#stop());
  }

  #lead(): void {
    if (this.#role === 'leader') return;
    this.#role = 'leader';
    this.#roles.lead();
  }

  #follow(): void {
    // A leading tab stops its chat here (telling its last state), before another can take it.
    this.#role = 'follower';
    this.#roles.follow();
    this.post({ kind: 'hello' });
  }

  /** Frozen or leaving: a leading tab stops its chat first, then the role passes on. */
  #leave(): void {
    if (this.#role === 'leader') {
      this.#role = 'follower';
      this.#roles.follow();
    }
    this.#election?.leave();
  }

  #stop(): void {
    this.#stopTimer = undefined;
    this.#election?.leave();
    this.#channel?.close();
    document.removeEventListener('freeze', this.#pause);
    document.removeEventListener('resume', this.#resume);
    removeEventListener('pagehide', this.#pause);
    removeEventListener('pageshow', this.#resume);
    this.#channel = this.#election = undefined;
    this.#role = 'none';
  }
}
