import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import type { CallbackActorLogic, EventObject, PromiseActorLogic } from 'xstate';
import type { Engagement, Survey, SurveyAnswers } from '../api/types.js';
import { applyResource } from './apply-resource.js';
import { defaultTiming } from './chat.types.js';
import type { ChatActorInputs as In, ChatContext, ChatEmitted, ChatEvent, ChatInput, ErrorInfo } from './chat.types.js';
import { toErrorInfo } from './error-info.js';

/** What each request actor resolves with. */
interface Outputs {
  getEngagement: Engagement;
  checkAvailability: boolean;
  getEstimatedWaitTime: number;
  loadPreChatSurvey: Survey | null;
  requestChat: string;
  sendLine: string | undefined;
  endChat: void;
  setTyping: void;
  loadExitSurvey: Survey | null;
  submitExitSurvey: void;
  requestTranscript: void;
  loadOfflineSurvey: Survey | null;
  submitOfflineSurvey: void;
}

type Actors = { [K in keyof Outputs]: PromiseActorLogic<Outputs[K], In[K]> } & {
  pollChat: CallbackActorLogic<EventObject, In['pollChat']>;
};

/** Stands in for every actor until the real ones are provided (`createChatActors(api)`), failing loudly. */
const missing = fromPromise(({ self }) => Promise.reject(new Error(`chatMachine: actor "${self.src}" not provided`)));

/** Conversation fields, as they are before a chat (and again when a new one starts). */
const conversation = () => ({
  survey: null,
  answers: null,
  chatUrl: null,
  nextUrl: null,
  chatState: null,
  messages: [],
  lastEventId: -1,
  agentName: null,
  agentTyping: false,
  estimatedWaitTime: null,
  connection: 'online' as const,
  endedBy: null,
  transcript: 'idle' as const,
  error: null,
  sendingKey: null,
});

type Args = { context: ChatContext };

/** Records the failure of the invoked actor as a visitor-facing error (see `raiseError`). */
const fail = (during: ErrorInfo['during']) => ({
  type: 'raiseError' as const,
  params: ({ event }: { event: { error?: unknown } }) => toErrorInfo(event.error, during),
});

const isChatting = ({ context }: Args) => context.chatState === 'chatting';
const hasText = ({ event }: { event: ChatEvent }) => event.type === 'user.send' && event.text.trim() !== '';
const skillOf = ({ context }: Args) => ({ skill: context.input.skill });
const chatUrlOf = ({ context }: Args) => ({ chatUrl: context.chatUrl! });

/**
 * The whole life of a chat, from the engagement to the exit survey. No I/O happens here: every
 * effect is an actor supplied with `.provide()` (`createChatActors(api)`; tests provide fakes), and
 * every delay is a named `delay` read from `context.timing`. The context stays JSON-serialisable so
 * that `getPersistedSnapshot()` can be restored (a restored `live` chat resumes polling).
 *
 * State paths (the element and `statusOf` read them):
 * - `loading.engagement` → `loading.availability` (fallback) → `ready` (launcher)
 * - `checking` (availability recheck) → `preChat.loading` → `preChat.form` → `requesting`
 * - `live` (parallel): `conversation.waiting|chatting`, `outbox.idle|sending`, `typing.idle|typing`
 * - `ending` → `ended` (parallel): `postChat.loading|survey|submitting|done`, `transcript.idle|sending`.
 *   Closing the window there only hides it: the exit survey, transcript form or thanks are still
 *   there when it reopens; `user.newChat` starts over at `checking`.
 * - `offline.loading|form|noSurvey|sending|sent` (leave a message)
 * - `failed` (`context.error.during` says which step; `user.retry` goes back to it)
 */
export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    events: {} as ChatEvent,
    input: {} as ChatInput,
    emitted: {} as ChatEmitted,
  },
  actors: {
    getEngagement: missing,
    checkAvailability: missing,
    getEstimatedWaitTime: missing,
    loadPreChatSurvey: missing,
    requestChat: missing,
    pollChat: missing,
    sendLine: missing,
    endChat: missing,
    setTyping: missing,
    loadExitSurvey: missing,
    submitExitSurvey: missing,
    requestTranscript: missing,
    loadOfflineSurvey: missing,
    submitOfflineSurvey: missing,
  } as unknown as Actors,
  delays: {
    typingIdle: ({ context }) => context.timing.typingIdle,
  },
  actions: {
    /** The window opens (clearing the unread count) or closes; the host hears of changes only. */
    openWindow: enqueueActions(({ context, enqueue }) => {
      if (context.open) return;
      enqueue.assign({ open: true, unread: 0 });
      enqueue.emit({ type: 'window.opened' });
    }),
    closeWindow: enqueueActions(({ context, enqueue }) => {
      if (!context.open) return;
      enqueue.assign({ open: false });
      enqueue.emit({ type: 'window.closed' });
    }),
    /** Keeps the error for the visitor and reports it to the host. */
    raiseError: enqueueActions(({ enqueue }, error: ErrorInfo) => {
      enqueue.assign({ error });
      enqueue.emit({ type: 'error.raised', error });
    }),
    resetConversation: assign(conversation),
    /** On `user.submitSurvey`: the answers travel with the submission (and its retry). */
    setAnswers: assign(({ event }) => ({ answers: (event as { answers: SurveyAnswers }).answers, error: null })),
    /**
     * Typing is advisory: the report is fire and forget and its failure is ignored on purpose (a
     * spawned actor's error changes nothing here); the visitor's conversation must not suffer for it.
     */
    reportTyping: enqueueActions(({ context, enqueue }, typing: boolean) => {
      enqueue.spawnChild('setTyping', { input: { chatUrl: context.chatUrl!, typing } });
    }),
  },
}).createMachine({
  id: 'chat',
  context: ({ input = {} }) => ({
    input,
    timing: { ...defaultTiming, ...input.timing },
    open: false,
    unread: 0,
    available: null,
    engagement: null,
    seq: 0,
    ...conversation(),
  }),
  initial: 'loading',
  // The window opens and closes in any state; states that react to it add their own transitions.
  on: {
    'user.open': { actions: 'openWindow' },
    'user.close': { actions: 'closeWindow' },
  },
  states: {
    // Retrieving the engagement (App Engagement), else availability (Server Chat API).
    loading: {
      initial: 'engagement',
      states: {
        // App Engagement create session.
        engagement: {
          invoke: {
            src: 'getEngagement',
            input: ({ context }) => ({ engagementAttributes: context.input.engagementAttributes }),
            onDone: {
              target: '#chat.ready',
              actions: assign(({ event }) => ({
                engagement: event.output,
                available: event.output.status === 'Available',
              })),
            },
            onError: 'availability',
          },
        },
        // Fallback when the engagement cannot be had: the Server Chat API availability.
        availability: {
          invoke: {
            src: 'checkAvailability',
            input: skillOf,
            onDone: { target: '#chat.ready', actions: assign({ available: ({ event }) => event.output }) },
            onError: { target: '#chat.failed', actions: fail('engagement') },
          },
        },
      },
    },
    // Launcher shown; opening the window (now, or while loading) starts with an availability
    // recheck, whatever the launcher last said: agents may have come or gone since.
    ready: {
      entry: 'resetConversation',
      always: { guard: ({ context }) => context.open, target: 'checking' },
    },
    // Availability recheck right before starting: the chat, or the offline flow.
    checking: {
      invoke: {
        src: 'checkAvailability',
        input: skillOf,
        onDone: [
          { guard: ({ event }) => event.output, target: 'preChat', actions: assign({ available: true }) },
          { target: 'offline', actions: assign({ available: false }) },
        ],
        onError: { target: 'failed', actions: fail('availability') },
      },
    },
    // Pre-chat survey, when one is configured.
    preChat: {
      initial: 'loading',
      states: {
        // Loading the survey; none, or a failure to load it, must not block the chat.
        loading: {
          invoke: {
            src: 'loadPreChatSurvey',
            input: skillOf,
            onDone: [
              {
                guard: ({ event }) => event.output !== null,
                target: 'form',
                actions: assign({ survey: ({ event }) => event.output }),
              },
              '#chat.requesting',
            ],
            onError: '#chat.requesting',
          },
        },
        // The survey on screen; validation is the form's job.
        form: {
          on: { 'user.submitSurvey': { target: '#chat.requesting', actions: 'setAnswers' } },
        },
      },
    },
    // Starting the chat (chat request, with the pre-chat answers).
    requesting: {
      invoke: {
        src: 'requestChat',
        input: ({ context: { input, engagement, survey, answers, timing } }) => ({
          skill: input.skill,
          engagement: engagement ?? undefined,
          survey: survey && answers ? { id: survey.id, answers } : undefined,
          language: input.language,
          interactionTimeout: timing.interactionTimeout,
          visitorName: input.visitorName,
        }),
        onDone: {
          target: 'live',
          actions: assign(({ event }) => ({
            chatUrl: event.output,
            nextUrl: event.output,
            chatState: 'waiting' as const,
            survey: null,
          })),
        },
        onError: { target: 'failed', actions: fail('request') },
      },
    },
    // The chat exists: polled for its whole life, with the conversation, outbox and typing in parallel.
    live: {
      type: 'parallel',
      invoke: {
        src: 'pollChat',
        input: ({ context }) => ({ url: context.nextUrl!, timing: context.timing }),
        onError: { target: 'ended', actions: fail('poll') },
      },
      always: { guard: ({ context }) => context.chatState === 'ended', target: 'ended' },
      // Lines the chat ended before sending can no longer be sent.
      exit: assign({
        messages: ({ context }) =>
          context.messages.map((m) => (m.status === 'sending' ? { ...m, status: 'failed' } : m)),
        sendingKey: null,
      }),
      on: {
        'server.chat': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const { update, received } = applyResource(context, event.resource);
            enqueue.assign({
              ...update,
              nextUrl: event.nextUrl ?? context.nextUrl,
              connection: 'online',
              error: context.error?.during === 'poll' ? null : context.error,
            });
            for (const message of received) enqueue.emit({ type: 'message.received', message });
          }),
        },
        'poll.failed': {
          actions: enqueueActions(({ event: { error, attempt }, enqueue }) => {
            enqueue.assign({ connection: 'reconnecting', error });
            // Reported once per outage, not on every retry.
            if (attempt === 1) enqueue.emit({ type: 'error.raised', error });
          }),
        },
        'poll.gone': { target: 'ended', actions: { type: 'raiseError', params: ({ event }) => event.error } },
        'user.end': 'ending',
      },
      states: {
        // Where the chat stands on the server.
        conversation: {
          initial: 'waiting',
          states: {
            // In the queue; the estimated wait time is fetched once (it is optional: errors are ignored).
            waiting: {
              always: { guard: isChatting, target: 'chatting' },
              invoke: {
                src: 'getEstimatedWaitTime',
                input: skillOf,
                onDone: { actions: assign({ estimatedWaitTime: ({ event }) => event.output }) },
              },
            },
            // An agent has the chat.
            chatting: {},
          },
        },
        // The visitor's lines, sent one at a time in order. (A parallel state's own transitions run
        // only when no region takes the event, so each region that reacts to `user.send` handles it.)
        outbox: {
          initial: 'idle',
          on: {
            'user.send': {
              guard: hasText,
              actions: assign(({ context: { seq, messages, input }, event }) => ({
                seq: seq + 1,
                messages: [
                  ...messages,
                  {
                    key: `v${seq + 1}`,
                    source: 'visitor' as const,
                    text: event.text.trim(),
                    textType: 'plain' as const,
                    by: input.visitorName ?? 'visitor',
                    time: new Date().toISOString(),
                    status: 'sending' as const,
                  },
                ],
              })),
            },
            // A failed line goes back in the queue, in its place.
            'user.retryLine': {
              guard: ({ context, event }) => context.messages.some((m) => m.key === event.key && m.status === 'failed'),
              actions: assign(({ context: { messages, error }, event }) => ({
                messages: messages.map((m) => (m.key === event.key ? { ...m, status: 'sending' as const } : m)),
                error: error?.during === 'send' ? null : error,
              })),
            },
          },
          states: {
            // Nothing to send, or lines held until the chat is chatting (the server refuses them while
            // waiting); then the first waiting line goes.
            idle: {
              always: {
                guard: ({ context }) => isChatting({ context }) && context.messages.some((m) => m.status === 'sending'),
                target: 'sending',
                actions: assign({
                  sendingKey: ({ context }) => context.messages.find((m) => m.status === 'sending')!.key,
                }),
              },
            },
            // Sending the line `sendingKey`; a failure marks it and moves on to the next one.
            sending: {
              invoke: {
                src: 'sendLine',
                input: ({ context }) => ({
                  chatUrl: context.chatUrl!,
                  text: context.messages.find((m) => m.key === context.sendingKey)!.text,
                }),
                // Sent, with its event id when the server told it; a success clears a send error.
                onDone: {
                  target: 'idle',
                  actions: assign(({ context: { messages, sendingKey, error }, event }) => ({
                    messages: messages.map((m) =>
                      m.key === sendingKey ? { ...m, status: 'sent' as const, eventId: m.eventId ?? event.output } : m,
                    ),
                    sendingKey: null,
                    error: error?.during === 'send' ? null : error,
                  })),
                },
                // Failed, unless its echo already came, which proves it reached the server.
                onError: {
                  target: 'idle',
                  actions: [
                    assign(({ context: { messages, sendingKey } }) => ({
                      messages: messages.map((m) =>
                        m.key === sendingKey && !m.eventId ? { ...m, status: 'failed' as const } : m,
                      ),
                      sendingKey: null,
                    })),
                    fail('send'),
                  ],
                },
              },
            },
          },
        },
        // The visitor's typing status, as reported to the agent.
        typing: {
          initial: 'idle',
          states: {
            // The visitor is not typing.
            idle: {
              on: {
                'user.typing': { guard: isChatting, target: 'typing', actions: { type: 'reportTyping', params: true } },
              },
            },
            // Typing reported; each keystroke restarts the idle delay.
            typing: {
              after: { typingIdle: { target: 'idle', actions: { type: 'reportTyping', params: false } } },
              on: {
                'user.typing': { target: 'typing', reenter: true },
                'user.send': { guard: hasText, target: 'idle', actions: { type: 'reportTyping', params: false } },
              },
            },
          },
        },
      },
    },
    // The visitor ended the chat; a failure still ends it here (the server times the chat out).
    ending: {
      entry: assign({ endedBy: 'visitor' }),
      invoke: {
        src: 'endChat',
        input: chatUrlOf,
        onDone: 'ended',
        onError: { target: 'ended', actions: fail('end') },
      },
    },
    // The chat is over: exit survey and transcript, side by side.
    ended: {
      type: 'parallel',
      // However it ended: a chat that vanished or stopped answering was ended by the system.
      entry: assign(({ context }) => ({
        chatState: 'ended' as const,
        endedBy: context.endedBy ?? 'system',
        agentTyping: false,
        connection: 'online' as const,
      })),
      on: {
        'user.newChat': { target: 'checking', actions: 'resetConversation' },
      },
      states: {
        // The exit survey.
        postChat: {
          initial: 'loading',
          states: {
            // Loading the exit survey; none, or a failure, ends the flow.
            loading: {
              invoke: {
                src: 'loadExitSurvey',
                input: chatUrlOf,
                onDone: [
                  {
                    guard: ({ event }) => event.output !== null,
                    target: 'survey',
                    actions: assign({ survey: ({ event }) => event.output }),
                  },
                  'done',
                ],
                onError: 'done',
              },
            },
            // The exit survey on screen.
            survey: {
              on: {
                'user.submitSurvey': { target: 'submitting', actions: 'setAnswers' },
                'user.skipSurvey': 'done',
              },
            },
            // Submitting the exit survey.
            submitting: {
              invoke: {
                src: 'submitExitSurvey',
                input: ({ context }) => ({
                  chatUrl: context.chatUrl!,
                  surveyId: context.survey!.id,
                  answers: context.answers!,
                }),
                onDone: 'done',
                onError: { target: 'done', actions: fail('survey') },
              },
            },
            // Nothing more to ask.
            done: {},
          },
        },
        // Transcript requests (never blocking the survey).
        transcript: {
          initial: 'idle',
          states: {
            // No transcript request in flight (`context.transcript` tells how the last one went).
            idle: {
              on: { 'user.requestTranscript': { target: 'sending', actions: assign({ transcript: 'sending' }) } },
            },
            // Asking the server to email the transcript (the address comes with the request event).
            sending: {
              invoke: {
                src: 'requestTranscript',
                input: ({ context, event }) => ({
                  chatUrl: context.chatUrl!,
                  email: (event as { email: string }).email,
                }),
                onDone: { target: 'idle', actions: assign({ transcript: 'sent' }) },
                onError: { target: 'idle', actions: [assign({ transcript: 'failed' }), fail('transcript')] },
              },
            },
          },
        },
      },
    },
    // Leave-a-message flow (no agent available).
    offline: {
      initial: 'loading',
      states: {
        // Loading the offline survey.
        loading: {
          invoke: {
            src: 'loadOfflineSurvey',
            input: skillOf,
            onDone: [
              {
                guard: ({ event }) => event.output !== null,
                target: 'form',
                actions: assign({ survey: ({ event }) => event.output }),
              },
              'noSurvey',
            ],
            onError: { target: '#chat.failed', actions: fail('offline') },
          },
        },
        // The offline survey on screen (with the error of a failed submission, if any).
        form: {
          on: { 'user.submitSurvey': { target: 'sending', actions: 'setAnswers' } },
        },
        // No offline survey configured: the window only says nobody is available.
        noSurvey: {
          on: { 'user.close': { target: '#chat.ready', actions: 'closeWindow' } },
        },
        // Submitting the offline survey.
        sending: {
          invoke: {
            src: 'submitOfflineSurvey',
            input: ({ context: { survey, answers, input, engagement } }) => ({
              surveyId: survey!.id,
              answers: answers!,
              skill: input.skill,
              engagement: engagement ?? undefined,
            }),
            onDone: 'sent',
            onError: { target: 'form', actions: fail('offline') },
          },
        },
        // The message was left.
        sent: {
          on: { 'user.close': { target: '#chat.ready', actions: 'closeWindow' } },
        },
      },
    },
    // A step failed (`context.error.during` says which); retry goes back to it.
    failed: {
      exit: assign({ error: null }),
      on: {
        'user.retry': [
          { guard: ({ context }) => context.error?.during === 'engagement', target: 'loading' },
          { guard: ({ context }) => context.error?.during === 'availability', target: 'checking' },
          { guard: ({ context }) => context.error?.during === 'offline', target: 'offline' },
          { target: 'requesting' },
        ],
        // Without an engagement there is nothing to go back to: the launcher keeps offering retry.
        'user.close': {
          guard: ({ context }) => context.error?.during !== 'engagement',
          target: 'ready',
          actions: 'closeWindow',
        },
      },
    },
  },
});
