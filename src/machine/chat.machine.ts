import { and, assertEvent, assign, enqueueActions, fromCallback, fromPromise, setup } from 'xstate';
import type { EventObject } from 'xstate';
import type { Engagement, Survey } from '../api/types.js';
import { applyResource } from './apply-resource.js';
import { defaultTiming } from './chat.types.js';
import type {
  ChatActorInputs as In,
  ChatContext,
  ChatEmitted,
  ChatEvent,
  ChatInput,
  ErrorInfo,
  Message,
} from './chat.types.js';
import { toErrorInfo } from './error-info.js';

const notProvided = (name: string) =>
  new Error(`chatMachine: actor "${name}" not provided; use chatMachine.provide({ actors: createChatActors(api) })`);

/** Default logic for a request actor: fails loudly until the real one is provided. */
const missing = <TOutput, TInput>(name: string) =>
  fromPromise<TOutput, TInput>(() => Promise.reject(notProvided(name)));

/** Conversation fields, as they are before a chat (and again after one is closed). */
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

/** Sets the status of the line with `key` (and its event id, if it had none). */
const setLine = (messages: Message[], key: string | null, status: Message['status'], eventId?: string) =>
  messages.map((m) => (m.key === key ? { ...m, status, eventId: m.eventId ?? eventId } : m));

/** Records the failure of the invoked actor as a visitor-facing error (see `raiseError`). */
const fail = (during: ErrorInfo['during']) => ({
  type: 'raiseError' as const,
  params: ({ event }: { event: { error?: unknown } }) => toErrorInfo(event.error, during),
});

const skillOf = ({ context }: { context: ChatContext }) => ({ skill: context.input.skill });
const chatUrlOf = ({ context }: { context: ChatContext }) => ({ chatUrl: context.chatUrl! });
const hasSurvey = ({ event }: { event: { output: Survey | null } }) => event.output !== null;

/**
 * The whole life of a chat, from the engagement to the exit survey. No I/O happens here: every
 * effect is an actor supplied with `.provide()` (`createChatActors(api)`; tests provide fakes), and
 * every delay is a named `delay` read from `context.timing`. The context stays JSON-serialisable so
 * that `getPersistedSnapshot()` can be restored (a restored `live` chat resumes polling).
 */
export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    events: {} as ChatEvent,
    input: {} as ChatInput,
    emitted: {} as ChatEmitted,
  },
  actors: {
    getEngagement: missing<Engagement, In['getEngagement']>('getEngagement'),
    checkAvailability: missing<boolean, In['checkAvailability']>('checkAvailability'),
    getEstimatedWaitTime: missing<number, In['getEstimatedWaitTime']>('getEstimatedWaitTime'),
    loadPreChatSurvey: missing<Survey | null, In['loadPreChatSurvey']>('loadPreChatSurvey'),
    requestChat: missing<string, In['requestChat']>('requestChat'),
    pollChat: fromCallback<EventObject, In['pollChat']>(() => {
      throw notProvided('pollChat');
    }),
    sendLine: missing<string | undefined, In['sendLine']>('sendLine'),
    endChat: missing<void, In['endChat']>('endChat'),
    setTyping: missing<void, In['setTyping']>('setTyping'),
    loadExitSurvey: missing<Survey | null, In['loadExitSurvey']>('loadExitSurvey'),
    submitExitSurvey: missing<void, In['submitExitSurvey']>('submitExitSurvey'),
    requestTranscript: missing<void, In['requestTranscript']>('requestTranscript'),
    loadOfflineSurvey: missing<Survey | null, In['loadOfflineSurvey']>('loadOfflineSurvey'),
    submitOfflineSurvey: missing<void, In['submitOfflineSurvey']>('submitOfflineSurvey'),
  },
  delays: {
    typingIdle: ({ context }) => context.timing.typingIdle,
  },
  guards: {
    isOpen: ({ context }) => context.open,
    isAvailable: ({ context }) => context.available === true,
    isChatting: ({ context }) => context.chatState === 'chatting',
    isEnded: ({ context }) => context.chatState === 'ended',
    hasText: ({ event }) => event.type === 'user.send' && event.text.trim() !== '',
    /** A line waits in the outbox and the server accepts lines (it refuses them while waiting). */
    canSend: ({ context }) => context.chatState === 'chatting' && context.messages.some((m) => m.status === 'sending'),
    failedDuring: ({ context }, during: ErrorInfo['during']) => context.error?.during === during,
  },
  actions: {
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
    clearError: assign({ error: null }),
    resetConversation: assign(conversation),
    setAnswers: assign(({ event }) => {
      assertEvent(event, 'user.submitSurvey');
      return { answers: event.answers, error: null };
    }),
    applyChat: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'server.chat');
      const { update, received } = applyResource(context, event.resource);
      enqueue.assign({
        ...update,
        nextUrl: event.nextUrl ?? context.nextUrl,
        connection: 'online',
        error: context.error?.during === 'poll' ? null : context.error,
      });
      for (const message of received) enqueue.emit({ type: 'message.received', message });
    }),
    pollFailed: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, 'poll.failed');
      enqueue.assign({ connection: 'reconnecting', error: event.error });
      // Reported once per outage, not on every retry.
      if (event.attempt === 1) enqueue.emit({ type: 'error.raised', error: event.error });
    }),
    queueLine: assign(({ context, event }) => {
      assertEvent(event, 'user.send');
      const seq = context.seq + 1;
      const line: Message = {
        key: 'v' + seq,
        source: 'visitor',
        text: event.text.trim(),
        textType: 'plain',
        by: context.input.visitorName ?? 'visitor',
        time: new Date().toISOString(),
        status: 'sending',
      };
      return { seq, messages: [...context.messages, line] };
    }),
    requeueLine: assign(({ context, event }) => {
      assertEvent(event, 'user.retryLine');
      const line = context.messages.find((m) => m.key === event.key);
      if (line?.status !== 'failed') return {};
      return {
        messages: setLine(context.messages, event.key, 'sending'),
        error: context.error?.during === 'send' ? null : context.error,
      };
    }),
    /** The first waiting line goes next (a retried line keeps its place). */
    pickLine: assign({ sendingKey: ({ context }) => context.messages.find((m) => m.status === 'sending')!.key }),
    /** Lines the chat ended before sending can no longer be sent. */
    failUnsentLines: assign({
      messages: ({ context }) => context.messages.map((m) => (m.status === 'sending' ? { ...m, status: 'failed' } : m)),
      sendingKey: null,
    }),
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
    // Launcher shown; opening the window (now, or while loading) starts the chat or the offline flow.
    ready: {
      entry: 'resetConversation',
      always: [
        { guard: and(['isOpen', 'isAvailable']), target: 'checking' },
        { guard: 'isOpen', target: 'offline' },
      ],
    },
    // Availability recheck right before starting.
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
            onDone: [{ guard: hasSurvey, target: 'form', actions: assign({ survey: ({ event }) => event.output }) }, { target: '#chat.requesting' }],
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
        input: ({ context: c }) => ({
          skill: c.input.skill,
          engagement: c.engagement ?? undefined,
          survey: c.survey && c.answers ? { id: c.survey.id, answers: c.answers } : undefined,
          language: c.input.language,
          interactionTimeout: c.timing.interactionTimeout,
          visitorName: c.input.visitorName,
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
        onError: { target: 'ended', actions: [assign({ endedBy: 'system' }), fail('poll')] },
      },
      always: { guard: 'isEnded', target: 'ended' },
      exit: 'failUnsentLines',
      on: {
        'server.chat': { actions: 'applyChat' },
        'poll.failed': { actions: 'pollFailed' },
        'poll.gone': {
          target: 'ended',
          actions: [assign({ endedBy: 'system' }), { type: 'raiseError', params: ({ event }) => event.error }],
        },
        'user.end': 'ending',
      },
      states: {
        // Where the chat stands on the server.
        conversation: {
          initial: 'waiting',
          states: {
            // In the queue; the estimated wait time is fetched once (it is optional: errors are ignored).
            waiting: {
              always: { guard: 'isChatting', target: 'chatting' },
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
            'user.send': { guard: 'hasText', actions: 'queueLine' },
            'user.retryLine': { actions: 'requeueLine' },
          },
          states: {
            // Nothing to send, or lines held until the chat is chatting.
            idle: { always: { guard: 'canSend', target: 'sending', actions: 'pickLine' } },
            // Sending the line `sendingKey`; a failure marks it and moves on to the next one.
            sending: {
              invoke: {
                src: 'sendLine',
                input: ({ context }) => ({
                  chatUrl: context.chatUrl!,
                  text: context.messages.find((m) => m.key === context.sendingKey)!.text,
                }),
                onDone: {
                  target: 'idle',
                  actions: assign(({ context, event }) => ({
                    messages: setLine(context.messages, context.sendingKey, 'sent', event.output),
                    sendingKey: null,
                    error: context.error?.during === 'send' ? null : context.error,
                  })),
                },
                onError: {
                  target: 'idle',
                  actions: [
                    // A line whose echo already came did reach the server.
                    assign(({ context }) => ({
                      messages: context.messages.map((m) =>
                        m.key === context.sendingKey && !m.eventId ? { ...m, status: 'failed' as const } : m,
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
                'user.typing': {
                  guard: 'isChatting',
                  target: 'typing',
                  actions: { type: 'reportTyping', params: true },
                },
              },
            },
            // Typing reported; each keystroke restarts the idle delay.
            typing: {
              after: { typingIdle: { target: 'idle', actions: { type: 'reportTyping', params: false } } },
              on: {
                'user.typing': { target: 'typing', reenter: true },
                'user.send': { guard: 'hasText', target: 'idle', actions: { type: 'reportTyping', params: false } },
              },
            },
          },
        },
      },
    },
    // The visitor ended the chat; a failure still ends it here (the server times the chat out).
    ending: {
      invoke: {
        src: 'endChat',
        input: chatUrlOf,
        onDone: { target: 'ended', actions: assign({ endedBy: 'visitor', chatState: 'ended' }) },
        onError: { target: 'ended', actions: [assign({ endedBy: 'visitor', chatState: 'ended' }), fail('end')] },
      },
    },
    // The chat is over: exit survey and transcript, side by side.
    ended: {
      type: 'parallel',
      on: {
        'user.close': { target: 'ready', actions: 'closeWindow' },
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
                onDone: [{ guard: hasSurvey, target: 'survey', actions: assign({ survey: ({ event }) => event.output }) }, { target: 'done' }],
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
            // Asking the server to email the transcript.
            sending: {
              invoke: {
                src: 'requestTranscript',
                input: ({ context, event }) => {
                  assertEvent(event, 'user.requestTranscript');
                  return { chatUrl: context.chatUrl!, email: event.email };
                },
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
            onDone: [{ guard: hasSurvey, target: 'form', actions: assign({ survey: ({ event }) => event.output }) }, { target: 'noSurvey' }],
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
            input: ({ context: c }) => ({
              surveyId: c.survey!.id,
              answers: c.answers!,
              skill: c.input.skill,
              engagement: c.engagement ?? undefined,
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
      exit: 'clearError',
      on: {
        'user.retry': [
          { guard: { type: 'failedDuring', params: 'engagement' }, target: 'loading' },
          { guard: { type: 'failedDuring', params: 'availability' }, target: 'checking' },
          { guard: { type: 'failedDuring', params: 'offline' }, target: 'offline' },
          { target: 'requesting' },
        ],
        'user.close': [
          // Without an engagement there is nothing to go back to: the launcher keeps offering retry.
          { guard: { type: 'failedDuring', params: 'engagement' }, actions: 'closeWindow' },
          { target: 'ready', actions: 'closeWindow' },
        ],
      },
    },
  },
});
