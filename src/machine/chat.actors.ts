import { fromCallback, fromPromise } from 'xstate';
import type { EventObject } from 'xstate';
import type { AuthVault } from '../api/visitor-auth.js';
import type { CallOptions, ChatApi, ChatResource } from '../api/types.js';
import type { ChatActorInputs as In, ChatEvent, SessionUpdateEvent } from './chat.types.js';
import { toErrorInfo } from './error-info.js';

/** Timers the poller waits with (a `SimulatedClock` in tests). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

type PollEvent = Extract<ChatEvent, { type: 'server.chat' | 'poll.failed' | 'poll.gone' }>;

/** A request actor: the call gets the actor's `signal`, so leaving the state cancels the request. */
const call = <I, O>(run: (input: I, options: CallOptions) => Promise<O>) =>
  fromPromise<O, I>(({ input, signal }) => run(input, { signal }));

/** Visitor authentication, loaded when an engagement is authenticated. */
const visitorAuth = () => import('../api/visitor-auth.js');

/**
 * The chat machine's actors over a `ChatApi`: `chatMachine.provide({ actors: createChatActors(api) })`.
 * `getAuthCode` is the host's, asked for the visitor's key on an authenticated engagement.
 */
export function createChatActors(api: ChatApi, clock: Timers = globalThis, getAuthCode: () => unknown = () => undefined) {
  /** The host's key from `getAuthCode` to `authenticate`, which takes it: never in the machine. */
  const vault: AuthVault = {};
  const startChat = call(async (request: In['requestChat'], o) => {
    const chatUrl = await api.requestChat(request, o);
    // The name is a courtesy to the agent: a chat that started without it is still a chat.
    if (request.visitorName) await api.setVisitorName(chatUrl, request.visitorName, o).catch(() => undefined);
    return chatUrl;
  });
  return {
    // A session (then a visitor) the platform no longer knows is replaced by a new one.
    getEngagement: call(async (i: In['getEngagement'], o) => {
      for (;;) {
        try {
          return await api.getEngagement(i, o);
        } catch (error) {
          if ((error as { code?: string }).code !== 'not-found' || !(i.sessionId || i.visitorId)) throw error;
          i = { ...i, ...(i.sessionId ? { sessionId: undefined } : { visitorId: undefined }) };
        }
      }
    }),
    engagementSession: fromCallback<EventObject>(({ receive, sendBack }) => engagementSession(api, receive, sendBack)),
    checkAvailability: call((i: In['checkAvailability'], o) => api.getAvailability(i.skill, o)),
    getEstimatedWaitTime: call((i: In['getEstimatedWaitTime'], o) => api.getEstimatedWaitTime(i.skill, o, i.chatUrl)),
    loadPreChatSurvey: call((i: In['loadPreChatSurvey'], o) => api.getPreChatSurvey(i.skill, o)),
    getAuthCode: call(async (_: In['getAuthCode']) => (await visitorAuth()).askHost(getAuthCode, vault)),
    authenticate: call(async ({ engagement }: In['authenticate'], o) =>
      (await visitorAuth()).authenticate(api, engagement, vault, getAuthCode, o),
    ),
    requestChat: startChat,
    transferChat: startChat,
    pollChat: fromCallback<EventObject, In['pollChat']>(({ input, sendBack, receive }) =>
      poll(api, clock, input, sendBack, receive),
    ),
    readChat: call((i: In['readChat'], o) => api.getChat(i.url, o)),
    keepAlive: fromCallback<EventObject, In['keepAlive']>(({ input }) => keepAlive(api, clock, input)),
    sendLine: call((i: In['sendLine'], o) => api.addLine(i.chatUrl, i.text, o)),
    endChat: call((i: In['endChat'], o) => api.endChat(i.chatUrl, o)),
    setTyping: call((i: In['setTyping'], o) => api.setVisitorTyping(i.chatUrl, i.typing, o)),
    loadExitSurvey: call((i: In['loadExitSurvey'], o) => api.getExitSurvey(i.chatUrl, o)),
    submitExitSurvey: call((i: In['submitExitSurvey'], o) => api.submitExitSurvey(i.chatUrl, i.surveyId, i.answers, o)),
    requestTranscript: call((i: In['requestTranscript'], o) => api.requestTranscript(i.chatUrl, i.email, o)),
    loadOfflineSurvey: call((i: In['loadOfflineSurvey'], o) => api.getOfflineSurvey(i.skill, o)),
    submitOfflineSurvey: call((i: In['submitOfflineSurvey'], o) => api.submitOfflineSurvey(i, o)),
  };
}

/**
 * The `next`-link loop. Each read is sent back as `server.chat`; the next one starts `pollInterval`
 * after the previous one STARTED (or as soon as it ends, if it took longer). A failure is sent back
 * as `poll.failed` and retried after `pollRetryDelays[attempt - 1]` (the last delay repeats with up
 * to 25 % jitter), each pause capped at a quarter of the chat's `interactionTimeout` so our own
 * back-off never lets the chat time out; a `poll.now` event (the connection is back) cuts a pause
 * short. The chat is reported `poll.gone` on a 404, on a second consecutive non-retryable failure
 * (other 4xx), or after more than `pollFailureTolerance` consecutive failures (as the platform's JS
 * SDK counts). Stopping clears the timer and aborts the read.
 */
function poll(
  api: ChatApi,
  clock: Timers,
  input: In['pollChat'],
  sendBack: (event: PollEvent) => void,
  receive: (listener: (event: EventObject) => void) => void,
) {
  const { pollInterval, pollRetryDelays: delays, pollFailureTolerance, interactionTimeout } = input.timing;
  const cap = Math.max(pollInterval, (interactionTimeout * 1000) / 4);
  let stopped = false;
  let timer: unknown;
  let wake: (() => void) | undefined;
  let controller: AbortController | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = clock.setTimeout(resolve, ms);
    });
  receive((event) => {
    if (event.type === 'poll.now' && wake) {
      clock.clearTimeout(timer);
      wake();
    }
  });

  const run = async () => {
    let failures = 0;
    while (!stopped) {
      const interval = sleep(pollInterval);
      controller = new AbortController();
      let resource: ChatResource;
      try {
        resource = await api.getChat(input.url, { signal: controller.signal });
      } catch (error) {
        if (stopped) return;
        clock.clearTimeout(timer);
        const info = toErrorInfo(error, 'poll');
        failures++;
        if (info.code === 'not-found' || failures > pollFailureTolerance || (!info.retryable && failures > 1)) {
          return sendBack({ type: 'poll.gone', error: info });
        }
        sendBack({ type: 'poll.failed', error: info, attempt: failures });
        const pause = delays[Math.min(failures, delays.length) - 1] ?? pollInterval;
        const jitter = failures > delays.length ? 1 + Math.random() * 0.25 : 1;
        await sleep(Math.min(cap, Math.max(pause * jitter, info.retryAfter ?? 0)));
        continue;
      }
      if (stopped) return;
      failures = 0;
      // The input is this actor's persisted snapshot: keeping the cursor in it makes a restored
      // chat resume from the last `next` link instead of reading the chat from the start.
      input.url = resource.links.next ?? input.url;
      sendBack({ type: 'server.chat', resource, nextUrl: input.url });
      await interval;
    }
  };
  void run();

  return () => {
    stopped = true;
    clock.clearTimeout(timer);
    controller?.abort();
  };
}

/**
 * Reports to the engagement's App Engagement session, one update at a time in the order asked
 * (impressions keep their order). Reporting is advisory: a failure never reaches the visitor; a
 * session the platform no longer knows (404) is told back as `session.lost`, so a new one is made
 * before the next chat request.
 */
function engagementSession(
  api: ChatApi,
  receive: (listener: (event: EventObject) => void) => void,
  sendBack: (event: ChatEvent) => void,
) {
  const controller = new AbortController();
  let queue = Promise.resolve();
  receive((event) => {
    const { engagement, update } = event as SessionUpdateEvent;
    queue = queue
      .then(() => api.updateSession(engagement, update, { signal: controller.signal }))
      .catch((error) => void ((error as { code?: string }).code === 'not-found' && sendBack({ type: 'session.lost' })));
  });
  return () => controller.abort();
}

/**
 * Reads `{chat}/info` every `interval` ms until stopped. A keep-alive is advisory: a failed read
 * changes nothing (the next one tries again), so its errors end here on purpose.
 */
function keepAlive(api: ChatApi, clock: Timers, { chatUrl, interval }: In['keepAlive']) {
  let controller: AbortController | undefined;
  let timer: unknown;
  const tick = () => {
    controller = new AbortController();
    api.getInfo(chatUrl, { signal: controller.signal }).catch(() => undefined);
    timer = clock.setTimeout(tick, interval);
  };
  timer = clock.setTimeout(tick, interval);
  return () => {
    clock.clearTimeout(timer);
    controller?.abort();
  };
}
