import { assertEvent, assign, enqueueActions, fromCallback, fromPromise, setup } from 'xstate';
import type { EventObject, SnapshotFrom } from 'xstate';
import { sleep } from '../../../emulator/bot/agent-client.js';
import { problemOf, type Problem } from '../api/problem.js';
import type { AgentApi, ChatEvent, ChatInfo, ChatRead, OutgoingLine, TransferSkill, Visit, VisitorDetails } from '../api/types.js';

/**
 * One chat the agent holds: reads it every `pollInterval` ms (new events, the visitor's typing,
 * the chat's state), sends the agent's lines in order, tells the platform while the agent types,
 * loads the skills it can go to, transfers it, ends it. A transferred chat is read once more and
 * then left; an ended one is kept for the agent to read until its tab is closed. Beside the
 * conversation, the chat's visit (what the visitor told before and around it) is read once, as soon
 * as a read gives its link; a failure there leaves the conversation alone.
 */

export interface ChatInput {
  api: AgentApi;
  /** The chat's URL on the Chat Agent API (`…/agentSession/{sid}/chat/{chatId}`). */
  url: string;
  pollInterval: number;
  /** The agent counts as typing for this long after a keystroke. */
  typingIdle: number;
}

export interface ChatContext extends ChatInput {
  /** Where the next read goes. */
  next: string;
  /** Every event read so far, in id order. */
  events: ChatEvent[];
  info: ChatInfo;
  visitor: VisitorDetails;
  /** Lines the agent sent that the platform has not taken yet; the first is on its way. */
  outbox: OutgoingLine[];
  /** Skills with an agent Online, once loaded. */
  skills: TransferSkill[] | null;
  /** The skill the chat went to. */
  transferredTo?: string;
  /** The last failure, for the agent; a read failure goes away with the next good read. */
  problem?: { text: string; read: boolean };
  /** Where the chat's visit is, once a read gave it. */
  visitLink?: string;
  visit?: Visit;
  /** Why the visit could not be read. */
  visitProblem?: string;
}

export type ChatMachineEvent =
  | { type: 'chat.read'; read: ChatRead }
  | { type: 'chat.readFailed'; problem: Problem }
  /** The agent sends a line. */
  | { type: 'send'; line: OutgoingLine }
  /** The agent typed in the reply box. */
  | { type: 'input' }
  | { type: 'loadSkills' }
  | { type: 'transfer'; skillId: string; note: string }
  | { type: 'end' }
  /** The agent read the problem. */
  | { type: 'dismiss' };

/** Reads the chat until stopped, or until the chat is gone. */
const poll = fromCallback<EventObject, { api: AgentApi; from: string; interval: number }>(({ input, sendBack }) => {
  const abort = new AbortController();
  const { signal } = abort;
  void (async () => {
    let href = input.from;
    while (!signal.aborted) {
      try {
        const read = await input.api.readChat(href, { signal });
        href = read.next ?? href;
        sendBack({ type: 'chat.read', read });
      } catch (error) {
        if (signal.aborted) return;
        const problem = problemOf(error);
        sendBack({ type: 'chat.readFailed', problem });
        if (problem.gone) return;
      }
      await sleep(input.interval, signal).catch(() => undefined);
    }
  })();
  return () => abort.abort();
});

type Call<I> = { api: AgentApi; url: string } & I;

export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    events: {} as ChatMachineEvent,
    input: {} as ChatInput,
  },
  actors: {
    poll,
    readOnce: fromPromise<ChatRead, Call<{ from: string }>>(({ input, signal }) => input.api.readChat(input.from, { signal })),
    readVisit: fromPromise<Visit, Call<object>>(({ input, signal }) => input.api.readVisit(input.url, { signal })),
    sendLine: fromPromise<void, Call<{ line: OutgoingLine }>>(({ input, signal }) => input.api.addLine(input.url, input.line, { signal })),
    // A courtesy to the visitor: a failure changes nothing the agent could act on.
    setTyping: fromPromise<void, Call<{ typing: boolean }>>(({ input }) =>
      input.api.setTyping(input.url, input.typing).catch(() => undefined),
    ),
    loadSkills: fromPromise<TransferSkill[], Call<object>>(({ input, signal }) => input.api.transferSkills(input.url, { signal })),
    transfer: fromPromise<void, Call<{ skillId: string; note: string }>>(({ input, signal }) =>
      input.api.transfer(input.url, input.skillId, input.note, { signal }),
    ),
    endChat: fromPromise<void, Call<object>>(({ input, signal }) => input.api.endChat(input.url, { signal })),
  },
  delays: {
    typingIdle: ({ context }) => context.typingIdle,
  },
  guards: {
    ended: ({ event }) => event.type === 'chat.read' && event.read.info.state === 'ended',
    gone: ({ event }) => event.type === 'chat.readFailed' && event.problem.gone,
    hasOutbox: ({ context }) => context.outbox.length > 0,
    knowsVisit: ({ context }) => context.visitLink !== undefined,
  },
  actions: {
    /** Adds what a read brought: new events (by id), the latest info. */
    take: assign(({ context }, read: ChatRead) => {
      const known = new Set(context.events.map((e) => e.id));
      return {
        events: [...context.events, ...read.events.filter((e) => !known.has(e.id))],
        info: { ...context.info, ...read.info },
        visitor: read.visitor,
        next: read.next ?? context.next,
        visitLink: context.visitLink ?? read.visit,
        problem: context.problem?.read ? undefined : context.problem,
      };
    }),
    fail: assign((_, { text, read = false }: { text: string; read?: boolean }) => ({ problem: { text, read } })),
    tellTyping: enqueueActions(({ context, enqueue }, typing: boolean) => {
      enqueue.spawnChild('setTyping', { input: { api: context.api, url: context.url, typing } });
    }),
  },
}).createMachine({
  id: 'chat',
  context: ({ input }) => ({
    ...input,
    next: input.url,
    events: [],
    info: {},
    visitor: { monitoring: {} },
    outbox: [],
    skills: null,
  }),
  type: 'parallel',
  states: {
    conversation: {
      initial: 'active',
      states: {
        active: {
          type: 'parallel',
          invoke: {
            src: 'poll',
            input: ({ context }) => ({ api: context.api, from: context.next, interval: context.pollInterval }),
          },
          on: {
            'chat.read': [
              { guard: 'ended', target: 'ended', actions: { type: 'take', params: ({ event }) => event.read } },
              { actions: { type: 'take', params: ({ event }) => event.read } },
            ],
            'chat.readFailed': [
              { guard: 'gone', target: 'ended', actions: { type: 'fail', params: ({ event }) => ({ text: event.problem.message }) } },
              { actions: { type: 'fail', params: ({ event }) => ({ text: event.problem.message, read: true }) } },
            ],
            dismiss: { actions: assign({ problem: undefined }) },
          },
          states: {
            outbox: {
              initial: 'idle',
              on: {
                send: { actions: assign({ outbox: ({ context, event }) => [...context.outbox, event.line] }) },
              },
              states: {
                idle: { always: { guard: 'hasOutbox', target: 'sending' } },
                sending: {
                  invoke: {
                    src: 'sendLine',
                    input: ({ context }) => ({ api: context.api, url: context.url, line: context.outbox[0]! }),
                    onDone: { target: 'idle', actions: assign({ outbox: ({ context }) => context.outbox.slice(1) }) },
                    onError: {
                      target: 'idle',
                      actions: [
                        { type: 'fail', params: ({ context, event }) => ({ text: `Not sent: "${context.outbox[0]!.text}". ${problemOf(event.error).message}` }) },
                        assign({ outbox: ({ context }) => context.outbox.slice(1) }),
                      ],
                    },
                  },
                },
              },
            },
            typing: {
              initial: 'quiet',
              states: {
                quiet: {
                  on: { input: { target: 'typing', actions: { type: 'tellTyping', params: true } } },
                },
                typing: {
                  on: {
                    input: { target: 'typing', reenter: true },
                    send: { target: 'quiet', actions: { type: 'tellTyping', params: false } },
                  },
                  after: { typingIdle: { target: 'quiet', actions: { type: 'tellTyping', params: false } } },
                },
              },
            },
            action: {
              initial: 'idle',
              states: {
                idle: {
                  on: { loadSkills: 'loadingSkills', transfer: 'transferring', end: 'ending' },
                },
                loadingSkills: {
                  invoke: {
                    src: 'loadSkills',
                    input: ({ context }) => ({ api: context.api, url: context.url }),
                    onDone: { target: 'idle', actions: assign({ skills: ({ event }) => event.output }) },
                    onError: { target: 'idle', actions: { type: 'fail', params: ({ event }) => ({ text: problemOf(event.error).message }) } },
                  },
                },
                transferring: {
                  entry: assign({
                    transferredTo: ({ context, event }) => {
                      assertEvent(event, 'transfer');
                      return context.skills?.find((s) => s.id === event.skillId)?.name ?? event.skillId;
                    },
                  }),
                  invoke: {
                    src: 'transfer',
                    input: ({ context, event }) => {
                      assertEvent(event, 'transfer');
                      return { api: context.api, url: context.url, skillId: event.skillId, note: event.note };
                    },
                    onDone: '#chat.conversation.transferred',
                    onError: {
                      target: 'idle',
                      actions: [
                        assign({ transferredTo: undefined }),
                        { type: 'fail', params: ({ event }) => ({ text: `Not transferred. ${problemOf(event.error).message}` }) },
                      ],
                    },
                  },
                },
                ending: {
                  invoke: {
                    src: 'endChat',
                    input: ({ context }) => ({ api: context.api, url: context.url }),
                    // The next read brings the end (and the platform's line about it).
                    onDone: 'endRequested',
                    onError: { target: 'idle', actions: { type: 'fail', params: ({ event }) => ({ text: problemOf(event.error).message }) } },
                  },
                },
                endRequested: {},
              },
            },
          },
        },
        /** Another agent's now: read once more (the platform's line about the transfer), then left alone. */
        transferred: {
          invoke: {
            src: 'readOnce',
            input: ({ context }) => ({ api: context.api, url: context.url, from: context.next }),
            onDone: { actions: { type: 'take', params: ({ event }) => event.output } },
          },
        },
        ended: {},
      },
    },
    visit: {
      initial: 'waiting',
      states: {
        /** Until a read of the chat gives its visit link. */
        waiting: { always: { guard: 'knowsVisit', target: 'reading' } },
        reading: {
          invoke: {
            src: 'readVisit',
            input: ({ context }) => ({ api: context.api, url: context.visitLink! }),
            onDone: { target: 'read', actions: assign({ visit: ({ event }) => event.output }) },
            onError: { target: 'failed', actions: assign({ visitProblem: ({ event }) => problemOf(event.error).message }) },
          },
        },
        read: {},
        failed: {},
      },
    },
  },
});

export type ChatSnapshot = SnapshotFrom<typeof chatMachine>;

/** The chat's visit: being read, read, failed, or none to read (the chat's reads give no link to it). */
export type VisitView =
  | { status: 'loading' }
  | { status: 'read'; visit: Visit }
  | { status: 'failed'; problem: string }
  | { status: 'none' };

/** What the chat's view shows, selected once from a snapshot. */
export interface ChatView {
  phase: 'active' | 'transferred' | 'ended';
  /** A line is on its way. */
  sending: boolean;
  /** Loading skills, transferring or ending. */
  busy: boolean;
  endRequested: boolean;
  events: ChatEvent[];
  info: ChatInfo;
  visitor: VisitorDetails;
  skills: TransferSkill[] | null;
  transferredTo?: string;
  problem?: string;
  visit: VisitView;
}

function visitView(snapshot: ChatSnapshot): VisitView {
  const { context } = snapshot;
  if (snapshot.matches({ visit: 'read' }) && context.visit) return { status: 'read', visit: context.visit };
  if (snapshot.matches({ visit: 'failed' })) return { status: 'failed', problem: context.visitProblem ?? '' };
  // Still waiting for its link after the chat was read: the platform gives none.
  const read = Object.keys(context.info).length > 0;
  return snapshot.matches({ visit: 'waiting' }) && read ? { status: 'none' } : { status: 'loading' };
}

export function chatView(snapshot: ChatSnapshot): ChatView {
  const { context } = snapshot;
  const phase = snapshot.matches({ conversation: 'transferred' }) ? 'transferred' : snapshot.matches({ conversation: 'ended' }) ? 'ended' : 'active';
  const action = (name: 'idle' | 'endRequested') => snapshot.matches({ conversation: { active: { action: name } } });
  return {
    phase,
    sending: context.outbox.length > 0,
    busy: phase === 'active' && !action('idle') && !action('endRequested'),
    endRequested: action('endRequested'),
    events: context.events,
    info: context.info,
    visitor: context.visitor,
    skills: context.skills,
    transferredTo: context.transferredTo,
    problem: context.problem?.text,
    visit: visitView(snapshot),
  };
}
