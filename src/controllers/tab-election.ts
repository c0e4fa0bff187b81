import type { Timers } from '../machine/chat.actors.js';

/** What an election tells its tab. */
export interface ElectionRoles {
  /** This tab runs the chat, until `follow` is called. */
  lead(): void;
  /** Another tab runs the chat, or is about to (a leading tab steps down on this call). */
  follow(): void;
}

/**
 * One tab's part in choosing the one tab of a site that runs a chat. Once joined, `lead` or
 * `follow` is called, and called again whenever the role changes. Nothing is called back after
 * `leave`; a leader's role passes to another tab (its caller stops running the chat first).
 */
export interface TabElection {
  /** Takes part (again). */
  join(): void;
  /** Stops taking part: the page goes, or is frozen. */
  leave(): void;
}

/**
 * The tab election for the page: the Web Lock `name` where Web Locks exist, else ballots on
 * `channel` (`ChannelElection`), timed by `timers` (a clock that keeps time in a hidden tab keeps a
 * hidden leader's beats on time). The ballots are a chunk of their own, fetched only by a browser
 * without Web Locks: until it is there, the tab has no role; if it cannot be had, the tab leads
 * its own chat, as where BroadcastChannel is missing.
 */
export function tabElection(name: string, channel: BroadcastChannel, roles: ElectionRoles, timers?: Timers): TabElection {
  const locks = globalThis.navigator?.locks;
  if (locks) return new LockElection(locks, name, roles);
  let election: TabElection | undefined;
  let joined = false;
  void import('./channel-election.js').then(
    ({ ChannelElection }) => {
      election = new ChannelElection(channel, roles, {}, timers);
      if (joined) election.join();
    },
    () => {
      election = { join: () => roles.lead(), leave() {} };
      if (joined) roles.lead();
    },
  );
  return {
    join() {
      joined = true;
      election?.join();
    },
    leave() {
      joined = false;
      election?.leave();
    },
  };
}

/**
 * The tab holding the Web Lock `name` leads; the others wait for it in the lock's queue. The browser
 * gives the lock to the next tab as soon as the leading one releases it, closes or crashes. Where
 * the lock cannot be asked for at all (a sandboxed frame), this tab leads.
 */
export class LockElection implements TabElection {
  /** Aborted when this tab leaves: gives up the lock, or its place in the queue. */
  #round?: AbortController;
  readonly #locks: LockManager;
  readonly #name: string;
  readonly #roles: ElectionRoles;

  constructor(locks: LockManager, name: string, roles: ElectionRoles) {
    this.#locks = locks;
    this.#name = name;
    this.#roles = roles;
  }

  join(): void {
    if (this.#round) return;
    const round = (this.#round = new AbortController());
    const { signal } = round;
    const hold = () => {
      // Granted after this tab left: given back at once.
      if (signal.aborted) return undefined;
      this.#roles.lead();
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    };
    void this.#locks
      .request(this.#name, { ifAvailable: true }, (lock) => {
        if (lock) return hold();
        if (signal.aborted) return undefined;
        this.#roles.follow();
        // Next in line: the lock comes when the leading tab goes.
        void this.#locks.request(this.#name, { signal }, hold).catch(() => undefined);
        return undefined;
      })
      .catch(() => {
        if (!signal.aborted) this.#roles.lead();
      });
  }

  leave(): void {
    this.#round?.abort();
    this.#round = undefined;
  }
}
