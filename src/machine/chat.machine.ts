import { and, assertEvent, assign, emit, enqueueActions, fromPromise, not, setup } from 'xstate';
import type { AnyEventObject, CallbackActorLogic, EventObject, PromiseActorLogic } from 'xstate';
import type { ChatResource, Engagement, ImpressionType, Survey, SurveyAnswers, VisitorAuthentication } from '../api/types.js';
import { chatFrom } from '../api/urls.js';
import { applyResource, sealLines } from './apply-resource.js';
import { defaultTiming } from './chat.types.js';
import type {
  ChatActorInputs as In,
  ChatContext,
  ChatEmitted,
  ChatEvent,
  ChatInput,
  ErrorInfo,
  Message,
  SessionUpdateEvent,
} from './chat.types.js';
import { toErrorInfo } from './error-info.js';

/** What each request actor resolves with. */
interface Outputs {
  getEngagement: Engagement;
  checkAvailability: boolean;
  getEstimatedWaitTime: number;
  loadPreChatSurvey: Survey | null;
  getAuthCode: void;
  authenticate: VisitorAuthentication;
  requestChat: string;
  transferChat: string;
  readChat: ChatResource;
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
  keepAlive: CallbackActorLogic<EventObject, In['keepAlive']>;
  engagementSession: CallbackActorLogic<EventObject>;
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
  sendAttempt: 0,
  sendRetryIn: 0,
  vanished: false,
  transfer: null,
  transfers: 0,
  transferSkill: undefined,
  prechat: null,
});

type Args = { context: ChatContext };

/**
 * Records the failure of the invoked actor as a visitor-facing error (see `raiseError`), or only
 * reports it to the host (`reportError`).
 */
const fail = (during: ErrorInfo['during'], type: 'raiseError' | 'reportError' = 'raiseError') => ({
  type,
  params: ({ event }: { event: { error?: unknown } }) => toErrorInfo(event.error, during),
});

/** The chat request, after visitor authentication when the engagement is authenticated. */
const REQUEST = [{ guard: 'authenticated', target: '#chat.authenticating' }, { target: '#chat.requesting' }] as const;

/**
 * A failed visitor authentication (the host gave no key, the platform refused it): with
 * `authFallback` an ordinary chat (see `requesting`), the host told; else the visitor's to retry.
 */
const AUTH_FAILED = [
  { guard: 'authFallback', target: '#chat.requesting', actions: fail('authentication', 'reportError') },
  { target: '#chat.failed', actions: fail('authentication') },
] as const;

/** The skill asked about: the host's, else the engagement's. */
const skillOf = ({ context: { input, engagement } }: Args) => ({ skill: input.skill ?? engagement?.details?.skillName });

/** App Engagement create session: the ids kept so far (the same visitor and session), sections and SDEs. */
const engagementRequest = ({ context: { engagement, input, attributes } }: Args) => {
  const ids = engagement ?? input.visitor;
  return { visitorId: ids?.visitorId, sessionId: ids?.sessionId, consumerSections: input.sections, engagementAttributes: attributes };
};

/** The answer to the first text question of `survey` that asks for a name. */
const nameIn = (survey: Survey, answers: SurveyAnswers) => {
  const answer = answers[survey.questions.find((q) => q.type === 'text' && /\bname\b/i.test(q.label))?.id ?? ''];
  return typeof answer === 'string' && answer.trim() ? answer.trim() : null;
};

/**
 * Opening the window (`openWindow`) before a chat is a funnel step: accepting the engagement, or
 * expanding the window again; closing it (`closeWindow`) is one too. (`impress` drops what does not apply.)
 */
const OPEN = [
  { type: 'impress', params: ({ context: c }: Args) => (c.open ? null : c.funnel === 'accepted' ? 'impExpanded' : 'impAccept') },
  'openWindow',
] as const;
const CLOSE = [{ type: 'impress', params: ({ context }: Args) => (context.open ? 'impClose' : null) }, 'closeWindow'] as const;

/** The funnel stages each impression is reported from, and the stage it leads to. */
const FUNNEL: Record<ImpressionType, [ChatContext['funnel'][], ChatContext['funnel']]> = {
  impDisplay: [['none'], 'shown'],
  impAccept: [['shown'], 'accepted'],
  impExpanded: [['accepted'], 'accepted'],
  impClose: [['accepted'], 'accepted'],
  impTimeout: [['shown', 'accepted'], 'over'],
};

/** The pre-chat answers as a chat request carries them. */
const prechatOf = ({ survey, answers }: ChatContext) => (survey && answers ? { id: survey.id, answers } : null);

/** What every chat request of this window carries, on its own account or a transfer's. */
const requestOf = ({ input, timing, visitorName }: ChatContext) => ({
  language: input.language,
  interactionTimeout: timing.interactionTimeout,
  visitorName: visitorName ?? undefined,
  chatReferrer: input.chatReferrer,
  userAgent: input.userAgent,
});
const chatUrlOf = ({ context }: Args) => ({ chatUrl: context.chatUrl! });

/** The visitor line the outbox is busy with. */
const inFlight = (context: ChatContext) => context.messages.find((m) => m.key === context.sendingKey);

/** `messages` with the lines `pick` selects changed by `change`. */
const update = (messages: Message[], pick: (m: Message) => boolean, change: Partial<Message>) =>
  messages.map((m) => (pick(m) ? { ...m, ...change } : m));

/** A clean `uncertain` flag: the property goes away instead of being false. */
const settled = (m: Message, change: Partial<Message>): Message => {
  const { uncertain: _, ...rest } = m;
  return { ...rest, ...change };
};

/**
 * The pause before attempt `attempt + 1` of a line after `error`: a 429 waits its `Retry-After`
 * (at least 1 s); otherwise the configured pause, with up to 20 % jitter after the third.
 */
function sendPause(delays: number[], attempt: number, error: ErrorInfo): number {
  if (error.code === 'too-many-requests') return Math.max(1000, error.retryAfter ?? 1000);
  const pause = delays[Math.min(attempt, delays.length) - 1] ?? 1000;
  return attempt > 3 ? Math.round(pause * (1 + Math.random() * 0.2)) : pause;
}

/**
 * A survey load: the survey goes on screen in `found`; none goes to `none`, and so does a failure
 * unless `failed` says otherwise (a survey must not block the chat).
 */
const loadSurvey = <S extends 'loadPreChatSurvey' | 'loadExitSurvey' | 'loadOfflineSurvey', F>(
  src: S,
  input: (args: Args) => In[S],
  found: string,
  none: string,
  failed: F | string = none,
) =>
  ({
    invoke: {
      src,
      input,
      onDone: [{ guard: 'gotSurvey', target: found, actions: 'showSurvey' }, { target: none }],
      onError: failed,
    },
  }) as const;

/**
 * The whole life of a chat, from the engagement to the exit survey. No I/O happens here: every
 * effect is an actor supplied with `.provide()` (`createChatActors(api)`; tests provide fakes), and
 * every delay is a named `delay` read from the context. The context stays JSON-serialisable so that
 * `getPersistedSnapshot()` can be restored (a restored `live` chat resumes polling; see
 * `restorable.ts` for what a restore changes). Every actor's failure is handled where it happens:
 * advisory calls (typing, wait time, keep-alive) can never stop the chat.
 *
 * State paths (the element and `statusOf` read them):
 * - `loading.engagement` → `loading.availability` (fallback) → `ready` (launcher)
 * - `checking` (availability recheck) → `preChat.loading` → `preChat.form` → `starting` →
 *   `refreshing` (an expired engagement) → `authenticating.asking|verifying` (an authenticated
 *   engagement) → `requesting`
 * - `live` (parallel): `conversation.waiting|chatting`, `outbox.idle|sending|retrying|reconciling`,
 *   `typing.idle|typing|stopping`; an account-to-account transfer goes `transferring` → `live` again
 *   (the chat on the target account)
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
    getAuthCode: missing,
    authenticate: missing,
    requestChat: missing,
    transferChat: missing,
    pollChat: missing,
    readChat: missing,
    keepAlive: missing,
    sendLine: missing,
    endChat: missing,
    setTyping: missing,
    loadExitSurvey: missing,
    submitExitSurvey: missing,
    requestTranscript: missing,
    loadOfflineSurvey: missing,
    submitOfflineSurvey: missing,
    engagementSession: missing,
  } as unknown as Actors,
  delays: {
    typingIdle: ({ context }) => context.timing.typingIdle,
    sendRetry: ({ context }) => context.sendRetryIn,
    engagementRetry: ({ context }) => context.timing.engagementRetryDelays[context.tries - 1] ?? 0,
  },
  guards: {
    /** The page's Web Tag hands engagements over: no App Engagement call here. */
    monitored: ({ context }) => !!context.input.monitored,
    /** Only visitors who prove who they are chat on this engagement (it names a connector). */
    authenticated: ({ context }) => !!context.engagement?.details?.connectorId,
    /** A visitor who cannot be authenticated gets an ordinary chat instead. */
    authFallback: ({ context }) => !!context.input.authFallback,
    /** The engagement must be created again before the chat request (see `stale`). */
    mustRefresh: ({ context }) => context.stale && !context.input.monitored,
    /** App Engagement answered neither Available nor NotAvailable (yet). */
    engagementPending: ({ event }) => (event as unknown as { output: Engagement }).output.status === 'Pending',
    /** There are tries left to ask App Engagement again. */
    triesLeft: ({ context }) => context.tries < context.timing.engagementRetryDelays.length,
    isOpen: ({ context }) => context.open,
    isChatting: ({ context }) => context.chatState === 'chatting',
    hasEnded: ({ context }) => context.chatState === 'ended',
    /** An account-to-account transfer is to be carried out. */
    isTransferred: ({ context }) => !!context.transfer,
    hasText: ({ event }) => event.type === 'user.send' && event.text.trim() !== '',
    isAvailable: ({ event }) => (event as unknown as { output: boolean }).output,
    /** The outbox may send: an agent has the chat (and it is not being transferred) and a line waits. */
    canSend: ({ context }) =>
      context.chatState === 'chatting' && !context.transfer && context.messages.some((m) => m.status === 'queued'),
    /** The line in flight was proved sent (its echo came in a read). */
    inFlightSent: ({ context }) => inFlight(context)?.status !== 'queued',
    /** The line in flight has its echo's event id: it reached the server, whatever else failed. */
    inFlightEchoed: ({ context }) => !!inFlight(context)?.eventId,
    /** The next line's earlier attempt may have arrived: read before sending it again. */
    nextUncertain: ({ context }) => !!context.messages.find((m) => m.status === 'queued')?.uncertain,
    canRetryLine: ({ context, event }) =>
      event.type === 'user.retryLine' && context.messages.some((m) => m.key === event.key && m.status === 'failed'),
    failedDuring: ({ context }, during: ErrorInfo['during']) => context.error?.during === during,
    gotSurvey: ({ event }) => (event as unknown as { output: Survey | null }).output !== null,
  },
  actions: {
    /** The window opens (clearing the unread count) or closes (see `OPEN` and `CLOSE`: with their funnel step). */
    openWindow: assign({ open: true, unread: 0 }),
    closeWindow: assign({ open: false }),
    /**
     * Reports a funnel step of the engagement (to App Engagement, and to the host as `lp-funnel`),
     * once: only from the stages it follows (`FUNNEL`), and never in the monitored flow.
     */
    impress: enqueueActions(({ context: { engagement, funnel, input }, enqueue, system }, type: ImpressionType | null) => {
      const d = engagement?.details;
      if (!type || input.monitored || !d || !FUNNEL[type][0].includes(funnel)) return;
      const update: SessionUpdateEvent = { type: 'session.update', engagement, update: { impressions: [type] } };
      const session = system.get('session');
      enqueue.assign({ funnel: FUNNEL[type][1] });
      enqueue.emit({ type: 'funnel', step: { type, campaignId: d.campaignId, engagementId: d.engagementId } });
      if (session) enqueue.sendTo(session, update);
    }),
    /** A new engagement (or the same one, created again): kept, its ids told, its expiry timed. */
    takeEngagement: enqueueActions(({ context, enqueue }, engagement: Engagement) => {
      const { visitorId, sessionId, details } = engagement;
      enqueue.assign({ engagement, stale: false });
      enqueue.emit({ type: 'engagement.session', visitorId, sessionId });
      enqueue.cancel('expiry');
      if (details?.validForSeconds) enqueue.raise({ type: 'engagement.expired' }, { id: 'expiry', delay: details.validForSeconds * 1000 });
      // Attributes that changed while the session was being made.
      if (context.attributes !== context.told) enqueue.raise({ type: 'attributes.flush' });
    }),
    /** Pushes the attributes the session was not told yet (new or changed entries), in one update. */
    pushAttributes: enqueueActions(({ context: { engagement, attributes, told, input }, enqueue, system }) => {
      const session = system.get('session');
      if (input.monitored || !engagement?.pageId || !session) return;
      const known = new Set(told.map((a) => JSON.stringify(a)));
      const news = attributes.filter((a) => !known.has(JSON.stringify(a)));
      const update: SessionUpdateEvent = { type: 'session.update', engagement, update: { engagementAttributes: news } };
      if (news.length) enqueue.sendTo(session, update);
      enqueue.assign({ told: attributes });
    }),
    /** Reports a failure to the host only: the visitor carries on. */
    reportError: emit((_, error: ErrorInfo) => ({ type: 'error.raised' as const, error })),
    /** Keeps the error for the visitor and reports it to the host. */
    raiseError: enqueueActions(({ enqueue }, error: ErrorInfo) => {
      enqueue.assign({ error });
      enqueue.emit({ type: 'error.raised', error });
    }),
    resetConversation: assign(conversation),
    showSurvey: assign({ survey: ({ event }) => (event as unknown as { output: Survey }).output }),
    /** On `user.submitSurvey`: the answers travel with the submission (and its retry). */
    setAnswers: assign(({ event }) => {
      assertEvent(event, 'user.submitSurvey');
      return { answers: event.answers, error: null };
    }),
    /** Merges a read of the chat into the conversation; every new agent or system line is announced. */
    applyChat: enqueueActions(({ context, enqueue }, { resource, nextUrl }: { resource: ChatResource; nextUrl?: string | null }) => {
      const { update: changes, received, transfer } = applyResource(context, resource);
      enqueue.assign({
        ...changes,
        ...(transfer && { transfer }),
        nextUrl: nextUrl ?? context.nextUrl,
        connection: 'online',
        error: context.error?.during === 'poll' ? null : context.error,
      });
      for (const message of received) enqueue.emit({ type: 'message.received', message });
    }),
    /** The next queued line goes out. */
    takeNextLine: assign(({ context }) => {
      const next = context.messages.find((m) => m.status === 'queued')!;
      return {
        sendingKey: next.key,
        sendAttempt: context.sendingKey === next.key ? context.sendAttempt : 0,
        messages: update(context.messages, (m) => m === next, { status: 'sending' }),
      };
    }),
    /**
     * The line in flight arrived (as event `eventId`, when the server said). Its echo may have come
     * first with the text changed by the server (trimmed inside, masked), so not matched and shown
     * as a line of its own: that one goes, and this line takes the server's text.
     */
    lineSent: assign(({ context: { messages, sendingKey, error } }, eventId: string | undefined) => {
      // (Event ids are unique in a chat: another line with this one is the echo.)
      const echo = eventId && messages.find((m) => m.eventId === eventId && m.key !== sendingKey);
      return {
        messages: messages.flatMap((m) =>
          m === echo ? [] : m.key === sendingKey ? [settled(m, { status: 'sent', eventId: m.eventId ?? eventId, ...(echo && { text: echo.text, time: echo.time }) })] : [m],
        ),
        sendingKey: null,
        sendAttempt: 0,
        error: error?.during === 'send' ? null : error,
      };
    }),
    /**
     * An attempt failed. A refusal (4xx) or a spent retry policy marks the line, and every line
     * queued behind it, "Not sent" (so lines never arrive out of order); otherwise the line waits
     * for its next attempt, flagged uncertain unless the server said it was not taken (429).
     */
    lineFailed: enqueueActions(({ context, event, enqueue }) => {
      const error = toErrorInfo((event as { error?: unknown }).error, 'send');
      const attempt = context.sendAttempt + 1;
      const delays = context.timing.sendRetryDelays;
      if (error.retryable && attempt <= delays.length) {
        if (attempt === 1) enqueue.emit({ type: 'error.raised', error });
        enqueue.assign({
          sendAttempt: attempt,
          sendRetryIn: sendPause(delays, attempt, error),
          messages: context.messages.map((m) =>
            m.key !== context.sendingKey
              ? m
              : { ...m, status: 'queued' as const, ...(m.uncertain || error.code !== 'too-many-requests' ? { uncertain: true } : {}) },
          ),
        });
        return;
      }
      const at = context.messages.findIndex((m) => m.key === context.sendingKey);
      enqueue.assign({
        messages: context.messages.map((m, i) =>
          i === at || (i > at && m.status === 'queued') ? { ...m, status: 'failed' as const } : m,
        ),
        sendingKey: null,
        sendAttempt: 0,
        error,
      });
      enqueue.emit({ type: 'error.raised', error });
    }),
    /** The connection is back: the poller stops waiting. */
    pollNow: enqueueActions(({ system, enqueue }) => {
      const poller = system.get('poller');
      if (poller) enqueue.sendTo(poller, { type: 'poll.now' });
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
    visitorName: input.visitorName ?? null,
    attributes: input.engagementAttributes ?? [],
    told: [],
    funnel: 'none' as const,
    stale: false,
    tries: 0,
    ...conversation(),
  }),
  initial: 'loading',
  // Reports to the engagement's App Engagement session (impressions, SDE updates), for the chat's whole life.
  invoke: { id: 'session', systemId: 'session', src: 'engagementSession' },
  // The window opens and closes in any state; states that react to it add their own transitions.
  on: {
    'user.open': { actions: OPEN },
    'user.close': { actions: CLOSE },
    // Monitored flow: the Web Tag's engagement, for the chat the window starts next.
    'webtag.engage': { actions: assign({ engagement: ({ event }) => event.engagement, stale: false }) },
    // Past its `validForSeconds`: reported when nobody used it, and created again before a chat request.
    'engagement.expired': { actions: [{ type: 'impress', params: 'impTimeout' }, assign({ stale: true })] },
    // The session goes on the next create session (same visitor, new session); the SDEs go with it.
    'session.lost': {
      actions: assign(({ context: { engagement } }) => ({ stale: true, engagement: engagement && { ...engagement, sessionId: '' } })),
    },
    // Changes of a burst go in one update, once the burst is over.
    'host.attributes': {
      actions: enqueueActions(({ context: { timing }, event, enqueue }) => {
        enqueue.assign({ attributes: event.attributes });
        enqueue.cancel('attributes');
        enqueue.raise({ type: 'attributes.flush' }, { id: 'attributes', delay: timing.attributesBurst });
      }),
    },
    'attributes.flush': { actions: 'pushAttributes' },
  },
  states: {
    // Retrieving the engagement (App Engagement), else availability (Server Chat API).
    loading: {
      initial: 'start',
      entry: assign({ tries: 0 }),
      states: {
        // The monitored flow (the Web Tag engages) makes no App Engagement call.
        start: { always: [{ guard: 'monitored', target: 'availability' }, { target: 'engagement' }] },
        // App Engagement create session (it carries every attribute known now).
        engagement: {
          entry: assign({ told: ({ context }) => context.attributes }),
          invoke: {
            src: 'getEngagement',
            input: engagementRequest,
            onDone: [
              // Not an answer yet: asked again (same visitor and session) after a pause, then given up.
              { guard: and(['engagementPending', 'triesLeft']), target: 'retrying', actions: assign({ engagement: ({ event }) => event.output }) },
              { guard: 'engagementPending', target: 'availability', actions: assign({ engagement: ({ event }) => event.output }) },
              {
                target: '#chat.ready',
                actions: [
                  { type: 'takeEngagement', params: ({ event }) => event.output },
                  assign({ available: ({ event }) => event.output.status === 'Available', funnel: 'none' }),
                ],
              },
            ],
            onError: [
              // A platform the page cannot reach as configured: say so rather than trying on.
              {
                guard: ({ event }) => toErrorInfo(event.error, 'engagement').code === 'config',
                target: '#chat.failed',
                actions: fail('engagement'),
              },
              { target: 'availability' },
            ],
          },
        },
        // No answer yet (neither Available nor NotAvailable): asked again after a growing pause.
        retrying: {
          entry: assign({ tries: ({ context }) => context.tries + 1 }),
          after: { engagementRetry: 'engagement' },
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
      entry: ['resetConversation', { type: 'impress', params: 'impDisplay' }],
      // (Opened while the engagement was being retrieved: accepted now that it is shown.)
      always: { guard: 'isOpen', target: 'checking', actions: { type: 'impress', params: 'impAccept' } },
    },
    // Availability recheck right before starting: the chat, or the offline flow.
    checking: {
      invoke: {
        src: 'checkAvailability',
        input: skillOf,
        onDone: [
          { guard: 'isAvailable', target: 'preChat', actions: assign({ available: true }) },
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
        loading: loadSurvey('loadPreChatSurvey', skillOf, 'form', '#chat.starting'),
        // The survey on screen; validation is the form's job. A name it asks for is the visitor's.
        form: {
          on: {
            'user.submitSurvey': {
              target: '#chat.starting',
              actions: [
                'setAnswers',
                assign({ visitorName: ({ context, event }) => context.input.visitorName ?? nameIn(context.survey!, event.answers) }),
              ],
            },
          },
        },
      },
    },
    // Before the chat request: an engagement past its `validForSeconds` (or whose session the
    // platform forgot) is created again, so the chat carries ids the platform knows.
    starting: {
      always: [{ guard: 'mustRefresh', target: 'refreshing' }, ...REQUEST],
    },
    // Creating the engagement again (a failure leaves the chat to go with the old one).
    refreshing: {
      entry: assign({ told: ({ context }) => context.attributes }),
      invoke: {
        src: 'getEngagement',
        input: engagementRequest,
        onDone: { target: 'starting', actions: { type: 'takeEngagement', params: ({ event }) => event.output } },
        onError: REQUEST,
      },
    },
    // An authenticated engagement: the host's key (`getAuthCode`), then visitor authentication,
    // whose ids go with the chat request. Every try (and a restored snapshot) asks the host again.
    authenticating: {
      initial: 'asking',
      states: {
        asking: { invoke: { id: 'auth', src: 'getAuthCode', onDone: 'verifying', onError: AUTH_FAILED } },
        verifying: {
          invoke: {
            id: 'auth',
            src: 'authenticate',
            input: ({ context }) => ({ engagement: context.engagement! }),
            onDone: '#chat.requesting',
            onError: AUTH_FAILED,
          },
        },
      },
    },
    // Starting the chat (chat request, with the pre-chat answers). Never repeated behind the
    // visitor's back: a failure whose outcome is unknown is theirs to retry.
    requesting: {
      invoke: {
        src: 'requestChat',
        // An authenticated visitor's chat carries the ids its authentication answered (the event
        // that led here). After a failed one (`authFallback`), an ordinary chat on the engagement's
        // skill, not on the engagement itself: the platform keeps that for authenticated visitors
        // (it refuses a chat request naming it without the ids).
        input: ({ context, event }) => {
          const { input, engagement } = context;
          const { type, output } = event as AnyEventObject;
          return {
            ...requestOf(context),
            skill: input.skill,
            engagement: engagement ?? undefined,
            survey: prechatOf(context) ?? undefined,
            ...(type === 'xstate.done.actor.auth' && { authentication: output as VisitorAuthentication }),
            ...(type === 'xstate.error.actor.auth' && { ...skillOf({ context }), engagement: undefined }),
          };
        },
        onDone: {
          target: 'live',
          // The engagement's funnel ends here: it was used.
          actions: assign(({ context, event }) => ({
            chatUrl: event.output,
            nextUrl: event.output,
            chatState: 'waiting' as const,
            survey: null,
            prechat: prechatOf(context),
            funnel: 'over' as const,
          })),
        },
        onError: { target: 'failed', actions: fail('request') },
      },
    },
    // The chat exists: polled for its whole life, with the conversation, outbox and typing in parallel.
    live: {
      type: 'parallel',
      invoke: {
        id: 'poller',
        systemId: 'poller',
        src: 'pollChat',
        input: ({ context }) => ({ url: context.nextUrl!, timing: context.timing }),
        onError: { target: 'ended', actions: fail('poll') },
      },
      // A transfer goes on whatever became of the chat left behind.
      always: [
        { guard: 'isTransferred', target: 'transferring' },
        { guard: 'hasEnded', target: 'ended' },
      ],
      // Lines the chat ended before sending can no longer be sent. A transferred chat sends them on
      // the new one; the line on its way may have reached the old one, so it counts as uncertain.
      exit: assign(({ context: { messages, transfer } }) => ({
        messages: transfer
          ? update(messages, (m) => m.status === 'sending', { status: 'queued', uncertain: true })
          : update(messages, (m) => m.status === 'queued' || m.status === 'sending', { status: 'failed' }),
        sendingKey: null,
      })),
      on: {
        'server.chat': {
          actions: { type: 'applyChat', params: ({ event }) => ({ resource: event.resource, nextUrl: event.nextUrl }) },
        },
        'poll.failed': {
          actions: enqueueActions(({ event: { error, attempt }, enqueue }) => {
            enqueue.assign({ connection: 'reconnecting', error });
            // Reported once per outage, not on every retry.
            if (attempt === 1) enqueue.emit({ type: 'error.raised', error });
          }),
        },
        // Gone (404, code 12): the chat ended while nobody watched; the transcript stays.
        'poll.gone': [
          {
            guard: ({ event }) => event.error.code === 'not-found',
            target: 'ended',
            actions: assign({ vanished: true, endedBy: 'system' }),
          },
          { target: 'ended', actions: { type: 'raiseError', params: ({ event }) => event.error } },
        ],
        'net.offline': { actions: assign({ connection: 'reconnecting' }) },
        'net.online': { actions: 'pollNow' },
        'user.end': 'ending',
      },
      states: {
        // Where the chat stands on the server.
        conversation: {
          initial: 'waiting',
          states: {
            // In the queue; the estimated wait time is fetched once (optional: a failure changes
            // nothing), after a transfer on the account and skill the chat went to.
            waiting: {
              always: { guard: 'isChatting', target: 'chatting' },
              invoke: {
                src: 'getEstimatedWaitTime',
                input: (args) => {
                  const { transfers, chatUrl, transferSkill } = args.context;
                  return transfers ? { skill: transferSkill, chatUrl: chatUrl! } : skillOf(args);
                },
                onDone: { actions: assign({ estimatedWaitTime: ({ event }) => event.output }) },
                onError: {},
              },
            },
            // An agent has the chat.
            chatting: {},
          },
        },
        // The visitor's lines, sent one at a time in order, each until it arrives or the retry
        // policy gives up. (A parallel state's own transitions run only when no region takes the
        // event, so each region that reacts to `user.send` handles it.)
        outbox: {
          initial: 'idle',
          on: {
            'user.send': {
              guard: 'hasText',
              actions: assign(({ context: { seq, messages, visitorName }, event }) => ({
                seq: seq + 1,
                messages: [
                  ...messages,
                  {
                    key: `v${seq + 1}`,
                    source: 'visitor' as const,
                    text: event.text.trim(),
                    textType: 'plain' as const,
                    by: visitorName ?? 'visitor',
                    time: new Date().toISOString(),
                    status: 'queued' as const,
                  },
                ],
              })),
            },
            // A line that was given up goes back in the queue, in its place, with the lines that
            // were held back behind it.
            'user.retryLine': {
              guard: 'canRetryLine',
              actions: assign(({ context: { messages, error }, event }) => {
                const at = messages.findIndex((m) => m.key === event.key);
                return {
                  messages: messages.map((m, i) => (i >= at && m.status === 'failed' ? { ...m, status: 'queued' as const } : m)),
                  error: error?.during === 'send' ? null : error,
                };
              }),
            },
          },
          states: {
            // Nothing to send, or lines held until the chat is chatting (the server refuses them
            // while waiting); then the first queued line goes, after a read when it may have arrived.
            idle: {
              always: [
                { guard: and(['canSend', 'nextUncertain']), target: 'reconciling', actions: 'takeNextLine' },
                { guard: 'canSend', target: 'sending', actions: 'takeNextLine' },
              ],
            },
            // Sending the line `sendingKey`.
            sending: {
              invoke: {
                src: 'sendLine',
                input: ({ context }) => ({ chatUrl: context.chatUrl!, text: inFlight(context)!.text }),
                onDone: { target: 'idle', actions: { type: 'lineSent', params: ({ event }) => event.output } },
                onError: [
                  // Its echo already came, which proves it reached the server.
                  { guard: 'inFlightEchoed', target: 'idle', actions: { type: 'lineSent', params: undefined } },
                  { target: 'retrying', actions: 'lineFailed' },
                ],
              },
            },
            // Waiting before the next attempt (cut short when the connection comes back).
            retrying: {
              always: [
                { guard: ({ context }) => context.sendingKey === null, target: 'idle' },
                { guard: 'inFlightSent', target: 'idle', actions: { type: 'lineSent', params: undefined } },
              ],
              after: { sendRetry: 'next' },
              // (This region taking the event keeps the live state's own handler from running.)
              on: { 'net.online': { target: 'next', actions: 'pollNow' } },
            },
            // The next attempt: read first when the last one may have arrived.
            next: {
              always: [
                { guard: 'nextUncertain', target: 'reconciling', actions: 'takeNextLine' },
                { guard: 'canSend', target: 'sending', actions: 'takeNextLine' },
                { target: 'idle' },
              ],
            },
            // Reading the events since the last one seen: the line's echo there means it arrived.
            reconciling: {
              invoke: {
                src: 'readChat',
                // From the first event not seen yet.
                input: ({ context }) => ({ url: chatFrom(context.chatUrl!, context.lastEventId + 1) }),
                onDone: [
                  {
                    target: 'settling',
                    actions: { type: 'applyChat', params: ({ event }) => ({ resource: event.output }) },
                  },
                ],
                onError: [
                  // The poll brought its echo meanwhile: sent, whatever became of this read.
                  { guard: 'inFlightEchoed', target: 'idle', actions: { type: 'lineSent', params: undefined } },
                  { target: 'retrying', actions: 'lineFailed' },
                ],
              },
            },
            // After the read: sent when its echo was there (in this read or an earlier one), else sent again now.
            settling: {
              always: [
                { guard: 'inFlightEchoed', target: 'idle', actions: { type: 'lineSent', params: undefined } },
                // (A transfer read meanwhile takes the line to the new chat.)
                { guard: not('isTransferred'), target: 'sending' },
              ],
            },
          },
        },
        // The visitor's typing status, as reported to the agent (advisory: a failed report is ignored).
        typing: {
          initial: 'idle',
          states: {
            // The visitor is not typing.
            idle: {
              on: { 'user.typing': { guard: 'isChatting', target: 'typing' } },
            },
            // Typing reported; each keystroke restarts the idle delay.
            typing: {
              invoke: { src: 'setTyping', input: ({ context }) => ({ chatUrl: context.chatUrl!, typing: true }), onError: {} },
              initial: 'counting',
              states: {
                counting: {
                  after: { typingIdle: '#chat.live.typing.stopping' },
                  on: { 'user.typing': { target: 'counting', reenter: true } },
                },
              },
              on: { 'user.send': { guard: 'hasText', target: 'stopping' } },
            },
            // Reporting not-typing.
            stopping: {
              invoke: {
                src: 'setTyping',
                input: ({ context }) => ({ chatUrl: context.chatUrl!, typing: false }),
                onDone: 'idle',
                onError: 'idle',
              },
            },
          },
        },
      },
    },
    // An agent moved the chat to another account: a chat is requested there, with the transfer's
    // parameters, and polled from its start; the transcript stays and the old chat is no longer
    // read. Like the first chat request, never repeated behind the visitor's back.
    transferring: {
      entry: assign({
        chatState: 'waiting',
        endedBy: null,
        agentName: null,
        agentTyping: false,
        estimatedWaitTime: null,
        connection: 'online',
        error: null,
      }),
      invoke: {
        src: 'transferChat',
        input: ({ context }) => ({
          ...requestOf(context),
          ...(context.prechat && { survey: context.prechat }),
          transfer: context.transfer!,
        }),
        onDone: {
          target: 'live',
          actions: assign(({ context: { messages, transfers, transfer }, event }) => {
            const { skill } = transfer!.chatRequestParameters;
            return {
              chatUrl: event.output,
              nextUrl: event.output,
              lastEventId: -1,
              transfer: null,
              transfers: transfers + 1,
              transferSkill: typeof skill === 'string' ? skill : undefined,
              messages: sealLines(messages, transfers + 1),
            };
          }),
        },
        onError: { target: 'failed', actions: fail('transfer') },
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
            // Loading the exit survey; none (or a chat that is gone), or a failure, ends the flow.
            loading: {
              always: { guard: ({ context }) => context.vanished, target: 'done' },
              ...loadSurvey('loadExitSurvey', chatUrlOf, 'survey', 'done'),
            },
            // The exit survey on screen; the chat is kept alive meanwhile.
            survey: {
              invoke: {
                src: 'keepAlive',
                input: ({ context }) => ({ chatUrl: context.chatUrl!, interval: context.timing.keepAliveInterval }),
              },
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
              on: {
                'user.requestTranscript': {
                  guard: ({ context }) => !context.vanished,
                  target: 'sending',
                  actions: assign({ transcript: 'sending' }),
                },
              },
            },
            // Asking the server to email the transcript (the address comes with the request event).
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
        loading: loadSurvey('loadOfflineSurvey', skillOf, 'form', 'noSurvey', {
          target: '#chat.failed',
          actions: fail('offline'),
        }),
        // The offline survey on screen (with the error of a failed submission, if any).
        form: {
          on: { 'user.submitSurvey': { target: 'sending', actions: 'setAnswers' } },
        },
        // No offline survey configured: the window only says nobody is available.
        noSurvey: {
          on: { 'user.close': { target: '#chat.ready', actions: CLOSE } },
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
          on: { 'user.close': { target: '#chat.ready', actions: CLOSE } },
        },
      },
    },
    // A step failed (`context.error.during` says which); retry goes back to it.
    failed: {
      exit: assign({ error: null }),
      on: {
        'user.retry': [
          { guard: { type: 'failedDuring', params: 'engagement' }, target: 'loading' },
          { guard: { type: 'failedDuring', params: 'availability' }, target: 'checking' },
          { guard: { type: 'failedDuring', params: 'offline' }, target: 'offline' },
          { guard: { type: 'failedDuring', params: 'transfer' }, target: 'transferring' },
          { target: 'starting' },
        ],
        // Without an engagement there is nothing to go back to: the launcher keeps offering retry.
        'user.close': {
          guard: ({ context }) => context.error?.during !== 'engagement',
          target: 'ready',
          actions: CLOSE,
        },
      },
    },
  },
});
