import { assertEvent, assign, enqueueActions, fromCallback, fromPromise, setup } from 'xstate';
import type { ActorRefFrom, EventObject, SnapshotFrom } from 'xstate';
import { sleep } from '../../../emulator/bot/agent-client.js';
import { problemOf, type Problem } from '../api/problem.js';
import type { AgentApi, AgentProfile, Availability, Ringing } from '../api/types.js';
import { chatMachine } from './chat.machine.js';

/**
 * The agent's session: sign in (Away, as every agent session starts), go Online or Away, see how
 * many chats ring and accept them one by one, each into a chat actor of its own (a tab), sign out.
 * Ringing is read every `pollInterval` ms while signed in; the login is refreshed every
 * `keepAliveInterval` ms. A session the platform no longer knows (404) or a login it refuses (401)
 * signs the agent out with the reason.
 */

export interface Timing {
  /** Between two reads of the ringing chats, and of each chat. */
  pollInterval: number;
  /** The agent counts as typing for this long after a keystroke. */
  typingIdle: number;
  /** Between two login refreshes (the platform asks for every 3–5 minutes). */
  keepAliveInterval: number;
}

export interface SessionInput {
  /** The API of one account (made on sign-in). */
  connect: (account: string) => AgentApi;
  timing?: Partial<Timing>;
}

export interface ChatTab {
  /** The tab's own id (a chat accepted again after a transfer gets a new one). */
  id: string;
  url: string;
  ref: ActorRefFrom<typeof chatMachine>;
}

export interface SessionContext {
  connect: (account: string) => AgentApi;
  timing: Timing;
  api?: AgentApi;
  account?: string;
  profile?: AgentProfile;
  availability: Availability;
  /** The availability being asked for. */
  requested?: Availability;
  ringing: Ringing;
  chats: ChatTab[];
  /** The tab shown. */
  active?: string;
  /** Tabs opened so far (for their ids). */
  opened: number;
  /** The last failure, for the agent. */
  problem?: string;
}

export type SessionEvent =
  | { type: 'signIn'; account: string; username: string; password: string }
  | { type: 'signOut' }
  | { type: 'setAvailability'; availability: Availability }
  | { type: 'accept' }
  | { type: 'select'; id: string }
  | { type: 'close'; id: string }
  | { type: 'dismiss' }
  | { type: 'ringing'; ringing: Ringing }
  | { type: 'lost'; problem: Problem };

const DEFAULT_TIMING: Timing = { pollInterval: 1_000, typingIdle: 3_000, keepAliveInterval: 240_000 };

/** Reads the ringing chats until stopped, or until the session is gone. */
const watchRinging = fromCallback<EventObject, { api: AgentApi; interval: number }>(({ input, sendBack }) => {
  const abort = new AbortController();
  const { signal } = abort;
  void (async () => {
    while (!signal.aborted) {
      try {
        sendBack({ type: 'ringing', ringing: await input.api.incomingRequests({ signal }) });
      } catch (error) {
        if (signal.aborted) return;
        const problem = problemOf(error);
        if (problem.gone || problem.unauthorized) return sendBack({ type: 'lost', problem });
        // Anything else may pass: the next read tries again.
      }
      await sleep(input.interval, signal).catch(() => undefined);
    }
  })();
  return () => abort.abort();
});

const keepAlive = fromCallback<EventObject, { api: AgentApi; interval: number }>(({ input }) => {
  const timer = setInterval(() => void input.api.keepAlive().catch(() => undefined), input.interval);
  return () => clearInterval(timer);
});

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  actors: {
    chat: chatMachine,
    watchRinging,
    keepAlive,
    signIn: fromPromise<AgentProfile, { api: AgentApi; username: string; password: string }>(({ input, signal }) =>
      input.api.signIn({ username: input.username, password: input.password }, { signal }),
    ),
    signOut: fromPromise<void, { api: AgentApi }>(({ input }) => input.api.signOut()),
    setAvailability: fromPromise<Availability, { api: AgentApi; availability: Availability }>(async ({ input, signal }) => {
      await input.api.setAvailability(input.availability, { signal });
      return input.availability;
    }),
    accept: fromPromise<string, { api: AgentApi; link: string }>(({ input, signal }) => input.api.accept(input.link, { signal })),
  },
  guards: {
    ringing: ({ context }) => context.ringing.count > 0 && context.ringing.link !== undefined,
  },
  actions: {
    fail: assign((_, { error }: { error: unknown }) => ({ problem: problemOf(error).message })),
    /** A tab for the chat just accepted, shown at once (in place of its old tab, when it comes back after a transfer). */
    open: enqueueActions(({ context, enqueue }, url: string) => {
      const old = context.chats.find((tab) => tab.url === url);
      if (old) enqueue.stopChild(old.ref);
      const id = `chat-${context.opened + 1}`;
      enqueue.assign({
        opened: context.opened + 1,
        active: id,
        chats: ({ spawn }) => {
          const { api, timing } = context;
          const ref = spawn('chat', { id, input: { api: api!, url, pollInterval: timing.pollInterval, typingIdle: timing.typingIdle } });
          const tab = { id, url, ref };
          return old ? context.chats.map((t) => (t === old ? tab : t)) : [...context.chats, tab];
        },
      });
    }),
    close: enqueueActions(({ context, enqueue }, id: string) => {
      const index = context.chats.findIndex((tab) => tab.id === id);
      if (index < 0) return;
      enqueue.stopChild(context.chats[index]!.ref);
      const chats = context.chats.filter((tab) => tab.id !== id);
      // The neighbour takes the closed tab's place.
      const active = context.active === id ? chats[Math.min(index, chats.length - 1)]?.id : context.active;
      enqueue.assign({ chats, active });
    }),
    closeAll: enqueueActions(({ context, enqueue }) => {
      for (const tab of context.chats) enqueue.stopChild(tab.ref);
      enqueue.assign({ chats: [], active: undefined, ringing: { count: 0 }, availability: 'Away' as Availability, requested: undefined });
    }),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    connect: input.connect,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    availability: 'Away',
    ringing: { count: 0 },
    chats: [],
    opened: 0,
  }),
  initial: 'signedOut',
  on: {
    dismiss: { actions: assign({ problem: undefined }) },
  },
  states: {
    signedOut: {
      on: {
        signIn: {
          target: 'signingIn',
          actions: assign(({ context, event }) => ({ account: event.account, api: context.connect(event.account), problem: undefined })),
        },
      },
    },
    signingIn: {
      invoke: {
        src: 'signIn',
        input: ({ context, event }) => {
          assertEvent(event, 'signIn');
          return { api: context.api!, username: event.username, password: event.password };
        },
        onDone: { target: 'signedIn', actions: assign({ profile: ({ event }) => event.output }) },
        onError: { target: 'signedOut', actions: [{ type: 'fail', params: ({ event }) => ({ error: event.error }) }, assign({ api: undefined })] },
      },
    },
    signedIn: {
      type: 'parallel',
      invoke: [
        { src: 'watchRinging', input: ({ context }) => ({ api: context.api!, interval: context.timing.pollInterval }) },
        { src: 'keepAlive', input: ({ context }) => ({ api: context.api!, interval: context.timing.keepAliveInterval }) },
      ],
      on: {
        ringing: { actions: assign({ ringing: ({ event }) => event.ringing }) },
        lost: {
          target: 'signedOut',
          actions: [
            'closeAll',
            assign(({ event }) => ({ api: undefined, profile: undefined, problem: `Signed out: ${event.problem.message}` })),
          ],
        },
        select: { actions: assign({ active: ({ event }) => event.id }) },
        close: { actions: { type: 'close', params: ({ event }) => event.id } },
        signOut: 'signingOut',
      },
      states: {
        availability: {
          initial: 'steady',
          states: {
            steady: {
              on: { setAvailability: { target: 'changing', actions: assign({ requested: ({ event }) => event.availability }) } },
            },
            changing: {
              invoke: {
                src: 'setAvailability',
                input: ({ context, event }) => {
                  assertEvent(event, 'setAvailability');
                  return { api: context.api!, availability: event.availability };
                },
                onDone: { target: 'steady', actions: assign({ availability: ({ event }) => event.output, requested: undefined }) },
                onError: {
                  target: 'steady',
                  actions: [assign({ requested: undefined }), { type: 'fail', params: ({ event }) => ({ error: event.error }) }],
                },
              },
            },
          },
        },
        accepting: {
          initial: 'idle',
          states: {
            idle: { on: { accept: { guard: 'ringing', target: 'busy' } } },
            busy: {
              invoke: {
                src: 'accept',
                input: ({ context }) => ({ api: context.api!, link: context.ringing.link! }),
                onDone: { target: 'idle', actions: { type: 'open', params: ({ event }) => event.output } },
                onError: { target: 'idle', actions: { type: 'fail', params: ({ event }) => ({ error: event.error }) } },
              },
            },
          },
        },
      },
    },
    signingOut: {
      entry: 'closeAll',
      invoke: {
        src: 'signOut',
        input: ({ context }) => ({ api: context.api! }),
        onDone: { target: 'signedOut', actions: assign({ api: undefined, profile: undefined }) },
        // Signed out here all the same: the session was set Away first.
        onError: { target: 'signedOut', actions: assign({ api: undefined, profile: undefined }) },
      },
    },
  },
});

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;
