import type { Timers } from '../machine/chat.actors.js';
import type { ElectionRoles, TabElection } from './tab-election.js';

/** What the channel election says; it shares the tabs' BroadcastChannel with their chat. */
export interface Ballot {
  kind: 'election';
  /** `claim`: I would lead; `lead`: I lead (a heartbeat); `resign`: I have stopped leading. */
  type: 'claim' | 'lead' | 'resign';
  /** The sender's tab. */
  id: string;
  /** The leadership the sender claims or holds: a later one wins, then the lower tab id. */
  term: number;
}

/** The part of a BroadcastChannel the channel election uses. */
export interface BallotPort {
  postMessage(ballot: Ballot): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

export interface ChannelElectionTiming {
  /** How often the leader says it leads (ms). */
  beat: number;
  /** How long a follower hears no leader before it claims the role (ms). */
  silence: number;
  /** How long a claim stands unanswered before its tab leads (ms). */
  claim: number;
}

/** A leader gone without a word is replaced in `silence + claim`, one that resigns in `claim`. */
const TIMING: ChannelElectionTiming = { beat: 500, silence: 1250, claim: 250 };

const pageTimers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id as number) };

/**
 * An election over a BroadcastChannel, for browsers without Web Locks. The leader says so every
 * `beat` ms. A tab that joins, or hears no leader for `silence` ms, or hears a leader resign,
 * claims the role for the next term and leads if no leader and no better claim answers within
 * `claim` ms: among claims for one term the lowest tab id wins, and the others wait for it to lead.
 * A leader answers every claim at once, so a newcomer never unseats it. Two leaders (claims that
 * crossed, or a leader whose page stalled) last until one hears the other's beat: the later term,
 * then the lower id, keeps the role and the other steps down.
 */
export class ChannelElection implements TabElection {
  /** This tab, unique among the tabs of the site. */
  readonly id = `${Date.now().toString(36).padStart(9, '0')}-${Math.random().toString(36).slice(2, 10)}`;
  #state: 'out' | 'claiming' | 'waiting' | 'following' | 'leading' = 'out';
  /** The role the tab was last given since it joined (a claim answered by the leader changes none). */
  #told?: 'lead' | 'follow';
  /** The latest term heard of. */
  #term = 0;
  /** The term this tab claims or leads. */
  #mine = 0;
  #timer?: unknown;
  readonly #port: BallotPort;
  readonly #roles: ElectionRoles;
  readonly #timing: ChannelElectionTiming;
  readonly #timers: Timers;
  readonly #heard = (e: MessageEvent) => this.#hear(e.data as Ballot);

  constructor(port: BallotPort, roles: ElectionRoles, timing: Partial<ChannelElectionTiming> = {}, timers = pageTimers) {
    this.#port = port;
    this.#roles = roles;
    this.#timing = { ...TIMING, ...timing };
    this.#timers = timers;
  }

  /** Whether this tab leads. */
  get leading(): boolean {
    return this.#state === 'leading';
  }

  join(): void {
    if (this.#state !== 'out') return;
    this.#port.addEventListener('message', this.#heard);
    this.#claim();
  }

  leave(): void {
    if (this.#state === 'out') return;
    if (this.#state === 'leading') this.#post('resign');
    this.#state = 'out';
    this.#told = undefined;
    this.#timers.clearTimeout(this.#timer);
    this.#port.removeEventListener('message', this.#heard);
  }

  #hear(ballot: Ballot): void {
    if (ballot?.kind !== 'election' || ballot.id === this.id || this.#state === 'out') return;
    this.#term = Math.max(this.#term, ballot.term);
    switch (ballot.type) {
      case 'lead':
        if (this.#state !== 'leading') return this.#follow();
        // Two leaders: the better one stays, and says so at once so the other steps down.
        return this.#beats(ballot) ? this.#follow() : this.#post('lead');
      case 'claim':
        if (this.#state === 'leading') return this.#post('lead');
        if (this.#state === 'claiming' && this.#beats(ballot)) this.#wait();
        return;
      case 'resign':
        if (this.#state === 'following' || this.#state === 'waiting') this.#claim();
    }
  }

  /** Whether `ballot` wins over this tab's own claim or lead. */
  #beats({ term, id }: Ballot): boolean {
    return term > this.#mine || (term === this.#mine && id < this.id);
  }

  #claim(): void {
    this.#state = 'claiming';
    this.#mine = ++this.#term;
    this.#post('claim');
    this.#after(this.#timing.claim, () => this.#lead());
  }

  #lead(): void {
    this.#state = 'leading';
    this.#tell('lead');
    const beat = () => {
      this.#post('lead');
      this.#after(this.#timing.beat, beat);
    };
    beat();
  }

  /** A better claim stands: its tab should lead shortly. */
  #wait(): void {
    this.#state = 'waiting';
    this.#after(this.#timing.silence, () => this.#claim());
  }

  /** A leader was heard (another tab's): follow it while it keeps beating. */
  #follow(): void {
    this.#state = 'following';
    this.#after(this.#timing.silence, () => this.#claim());
    this.#tell('follow');
  }

  #tell(role: 'lead' | 'follow'): void {
    if (this.#told === role) return;
    this.#told = role;
    if (role === 'lead') this.#roles.lead();
    else this.#roles.follow();
  }

  #after(ms: number, then: () => void): void {
    this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(then, ms);
  }

  #post(type: Ballot['type']): void {
    const ballot: Ballot = { kind: 'election', type, id: this.id, term: this.#mine };
    this.#port.postMessage(ballot);
  }
}
