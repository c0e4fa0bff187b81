import { expect } from '@open-wc/testing';
import { ChannelElection, type Ballot, type BallotPort, type ChannelElectionTiming } from '../../src/controllers/channel-election.js';
import { LockElection, tabElection } from '../../src/controllers/tab-election.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (polled every 5 ms) and returns how long that took (ms). */
async function within(ms: number, check: () => boolean, what: string): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(5);
  }
  return performance.now() - start;
}

/**
 * One tab's end of a BroadcastChannel, which a test can cut: a tab whose page crashed or stalls
 * says and hears nothing (its election still runs and believes what it last knew).
 */
class Port implements BallotPort {
  cut = false;
  readonly #channel: BroadcastChannel;
  readonly #listeners = new Set<(e: MessageEvent) => void>();

  constructor(name: string) {
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = (e) => {
      if (!this.cut) for (const listener of this.#listeners) listener(e);
    };
  }

  postMessage(ballot: Ballot): void {
    if (!this.cut) this.#channel.postMessage(ballot);
  }

  addEventListener(_type: 'message', listener: (e: MessageEvent) => void): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (e: MessageEvent) => void): void {
    this.#listeners.delete(listener);
  }

  close(): void {
    this.#channel.close();
  }
}

interface Tab {
  election: ChannelElection;
  port: Port;
  /** Every role the election gave this tab, in order. */
  roles: ('lead' | 'follow')[];
  /** The role it has now. */
  readonly role: 'lead' | 'follow' | undefined;
}

let tabs: Tab[] = [];

/** A tab on channel `name` (not joined yet). */
function tab(name: string, timing?: Partial<ChannelElectionTiming>): Tab {
  const port = new Port(name);
  const roles: Tab['roles'] = [];
  const election = new ChannelElection(port, { lead: () => roles.push('lead'), follow: () => roles.push('follow') }, timing);
  const t: Tab = {
    election,
    port,
    roles,
    get role() {
      return roles.at(-1);
    },
  };
  tabs.push(t);
  return t;
}

const channelName = () => `lp-test-election-${Math.random().toString(36).slice(2)}`;
const leaders = (of: Tab[]) => of.filter((t) => t.role === 'lead');

/**
 * Samples `of` every 5 ms until stopped: the longest time two tabs or more led at once, and the
 * longest time none did.
 */
function watch(of: Tab[]) {
  const worst = { two: 0, none: 0 };
  let twoSince: number | undefined;
  let noneSince: number | undefined;
  const timer = setInterval(() => {
    const now = performance.now();
    const n = leaders(of).length;
    twoSince = n > 1 ? (twoSince ?? now) : undefined;
    noneSince = n === 0 ? (noneSince ?? now) : undefined;
    worst.two = Math.max(worst.two, twoSince === undefined ? 0 : now - twoSince);
    worst.none = Math.max(worst.none, noneSince === undefined ? 0 : now - noneSince);
  }, 5);
  return { worst, stop: () => clearInterval(timer) };
}

describe('ChannelElection (tabs without Web Locks)', () => {
  afterEach(() => {
    for (const t of tabs) {
      t.election.leave();
      t.port.close();
    }
    tabs = [];
  });

  it('a lone tab leads once its claim stands; a tab that joins later follows at once and the first keeps the role', async () => {
    const name = channelName();
    const a = tab(name);
    a.election.join();
    const took = await within(1000, () => a.role === 'lead', 'the first tab leads');
    expect(took).to.be.within(200, 1000);
    const b = tab(name);
    b.election.join();
    expect(await within(150, () => b.role === 'follow', 'the second follows')).to.be.below(150);
    // Beats keep it so: nobody claims again, nobody flips.
    await sleep(3000);
    expect(a.roles).to.deep.equal(['lead']);
    expect(b.roles).to.deep.equal(['follow']);
    expect(a.election.leading).to.equal(true);
  });

  it('tabs that join at the same moment elect one, the lowest id, and none leads before the others yielded', async () => {
    for (let round = 0; round < 3; round++) {
      const name = channelName();
      const group = [tab(name), tab(name), tab(name)];
      const watcher = watch(group);
      for (const t of group) t.election.join();
      await within(1000, () => leaders(group).length === 1 && group.every((t) => t.role), 'one leads, the others follow');
      await sleep(1500);
      watcher.stop();
      const lowest = [...group].sort((x, y) => (x.election.id < y.election.id ? -1 : 1))[0]!;
      expect(leaders(group)).to.deep.equal([lowest]);
      expect(watcher.worst.two, 'two leaders at once (ms)').to.equal(0);
      for (const t of group) expect(t.roles).to.deep.equal(t === lowest ? ['lead'] : ['follow']);
    }
  });

  it('a leader that leaves (a page going, a frozen tab) is replaced within the claim time, by one tab', async () => {
    const name = channelName();
    const [a, b, c] = [tab(name), tab(name), tab(name)];
    a.election.join();
    await within(1000, () => a.role === 'lead', 'a leads');
    b.election.join();
    c.election.join();
    await within(500, () => b.role === 'follow' && c.role === 'follow', 'b and c follow');
    const watcher = watch([b, c]);
    a.election.leave();
    const took = await within(2000, () => leaders([b, c]).length === 1, 'b or c leads');
    await sleep(1500);
    watcher.stop();
    expect(took).to.be.below(1000);
    expect(leaders([b, c])).to.have.length(1);
    expect(watcher.worst.two).to.equal(0);
    // A tab that left hears nothing more.
    expect(a.roles).to.deep.equal(['lead']);
  });

  it('a leader that goes silent is replaced within 2 s; when it speaks again it steps down for the new one', async () => {
    const name = channelName();
    const [a, b] = [tab(name), tab(name)];
    a.election.join();
    await within(1000, () => a.role === 'lead', 'a leads');
    b.election.join();
    await within(500, () => b.role === 'follow', 'b follows');
    await sleep(700);
    a.port.cut = true;
    const took = await within(3000, () => b.role === 'lead', 'b takes over');
    expect(took, 'no leader for (ms)').to.be.below(2000);
    // The stalled tab comes back still leading an older term: one beat later it follows.
    a.port.cut = false;
    const settled = await within(1500, () => a.role === 'follow', 'a steps down');
    expect(settled).to.be.below(1500);
    await sleep(1500);
    expect(a.roles).to.deep.equal(['lead', 'follow']);
    expect(b.roles).to.deep.equal(['follow', 'lead']);
  });

  it('a leader whose beats come late (a throttled tab) keeps the role: each claim is answered at once', async () => {
    const name = channelName();
    const a = tab(name, { beat: 4000 });
    const b = tab(name);
    a.election.join();
    await within(1000, () => a.role === 'lead', 'a leads');
    b.election.join();
    await within(500, () => b.role === 'follow', 'b follows');
    const claims: Ballot[] = [];
    const listener = new BroadcastChannel(name);
    listener.onmessage = (e: MessageEvent<Ballot>) => void (e.data.type === 'claim' && claims.push(e.data));
    await sleep(3500);
    listener.close();
    expect(claims.length, 'b claimed (silence 1.25 s)').to.be.greaterThan(0);
    expect(a.roles).to.deep.equal(['lead']);
    // Its tab was told once: a claim that the leader answers changes nothing there.
    expect(b.roles).to.deep.equal(['follow']);
  });

  it('two leaders (claims that never met) settle on one within a beat once they hear each other', async () => {
    const name = channelName();
    const [a, b] = [tab(name), tab(name)];
    a.port.cut = b.port.cut = true;
    a.election.join();
    b.election.join();
    await within(1000, () => a.role === 'lead' && b.role === 'lead', 'both lead, apart');
    a.port.cut = b.port.cut = false;
    const took = await within(1500, () => leaders([a, b]).length === 1, 'one steps down');
    expect(took).to.be.below(1000);
    const lowest = a.election.id < b.election.id ? a : b;
    expect(leaders([a, b])).to.deep.equal([lowest]);
    await sleep(1500);
    expect(leaders([a, b])).to.deep.equal([lowest]);
  });

  it('a tab that leaves before its claim stands is told nothing, and can join again', async () => {
    const name = channelName();
    const a = tab(name);
    a.election.join();
    a.election.leave();
    await sleep(600);
    expect(a.roles).to.deep.equal([]);
    a.election.join();
    await within(1000, () => a.role === 'lead', 'a leads after joining again');
  });
});

describe('LockElection (Web Locks)', () => {
  const lockTab = (name: string) => {
    const roles: ('lead' | 'follow')[] = [];
    const election = new LockElection(navigator.locks, name, { lead: () => roles.push('lead'), follow: () => roles.push('follow') });
    return { election, roles, get role() { return roles.at(-1); } };
  };

  it('the lock holder leads; the next in line takes over when it leaves; one that left the queue is passed over', async () => {
    const name = channelName();
    const [a, b, c] = [lockTab(name), lockTab(name), lockTab(name)];
    a.election.join();
    await within(500, () => a.role === 'lead', 'a leads');
    b.election.join();
    c.election.join();
    await within(500, () => b.role === 'follow' && c.role === 'follow', 'b and c follow');
    b.election.leave();
    a.election.leave();
    await within(500, () => c.role === 'lead', 'c takes over');
    expect(b.roles).to.deep.equal(['follow']);
    b.election.join();
    await within(500, () => b.roles.length === 2, 'b follows again');
    expect(b.roles).to.deep.equal(['follow', 'follow']);
    c.election.leave();
    await within(500, () => b.role === 'lead', 'b takes over from c');
    b.election.leave();
    expect(a.roles).to.deep.equal(['lead']);
  });

  it('is the election where Web Locks exist; where they do not, the channel election, fetched on its own', async () => {
    const name = channelName();
    const [one, two] = [new BroadcastChannel(name), new BroadcastChannel(name)];
    const told: string[] = [];
    const roles = (tab: string) => ({ lead: () => told.push(`${tab} leads`), follow: () => told.push(`${tab} follows`) });
    expect(tabElection('x', one, roles('a'))).to.be.instanceOf(LockElection);
    const locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks')!;
    delete (Navigator.prototype as { locks?: unknown }).locks;
    try {
      // Joined at once, before the ballots' code is there: the roles come once it is.
      const a = tabElection(name, one, roles('a'));
      expect(a).not.to.be.instanceOf(LockElection);
      a.join();
      await within(1000, () => told.length === 1, 'a is told its role');
      expect(told).to.deep.equal(['a leads']);
      // A tab that leaves before the code is there never takes part.
      const gone = tabElection(name, two, roles('gone'));
      gone.join();
      gone.leave();
      const b = tabElection(name, two, roles('b'));
      b.join();
      await within(1000, () => told.length === 2, 'b is told its role');
      await sleep(600);
      expect(told).to.deep.equal(['a leads', 'b follows']);
      a.leave();
      await within(1000, () => told.length === 3, 'b takes over');
      expect(told).to.deep.equal(['a leads', 'b follows', 'b leads']);
      b.leave();
    } finally {
      Object.defineProperty(Navigator.prototype, 'locks', locks);
      one.close();
      two.close();
    }
  });
});
