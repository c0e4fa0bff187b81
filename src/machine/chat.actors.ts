import { fromCallback, fromPromise } from 'xstate';
import type { EventObject } from 'xstate';
import type { CallOptions, ChatApi, ChatResource } from '../api/types.js';
import type { ChatActorInputs as In, ChatEvent } from './chat.types.js';
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

/**
 * The chat machine's actors over a `ChatApi`: `chatMachine.provide({ actors: createChatActors(api) })`.
 */
export function createChatActors(api: ChatApi, clock: Timers = globalThis) {
  return {
    getEngagement: call((i: In['getEngagement'], o) => api.getEngagement(i, o)),
    checkAvailability: call((i: In['checkAvailability'], o) => api.getAvailability(i.skill, o)),
    getEstimatedWaitTime: call((i: In['getEstimatedWaitTime'], o) => api.getEstimatedWaitTime(i.skill, o)),
    loadPreChatSurvey: call((i: In['loadPreChatSurvey'], o) => api.getPreChatSurvey(i.skill, o)),
    requestChat: call(async ({ visitorName, ...request }: In['requestChat'], o) => {
      const chatUrl = await api.requestChat(request, o);
      // The name is a courtesy to the agent: a chat that started without it is still a chat.
      if (visitorName) await api.setVisitorName(chatUrl, visitorName, o).catch(() => undefined);
      return chatUrl;
    }),
    pollChat: fromCallback<EventObject, In['pollChat']>(({ input, sendBack }) => poll(api, clock, input, sendBack)),
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
 * as `poll.failed` and retried after `pollRetryDelays[attempt - 1]` (the last delay repeats); the
 * chat is reported `poll.gone` on a 404, on a second consecutive non-retryable failure (other 4xx),
 * or after more than `pollFailureTolerance` consecutive failures (as the platform's JS SDK counts).
 * Stopping clears the timer and aborts the read.
 */
function poll(api: ChatApi, clock: Timers, input: In['pollChat'], sendBack: (event: PollEvent) => void) {
  const { pollInterval, pollRetryDelays: delays, pollFailureTolerance } = input.timing;
  let stopped = false;
  let timer: unknown;
  let controller: AbortController | undefined;
  const sleep = (ms: number) => new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, ms)));

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
        await sleep(delays[Math.min(failures, delays.length) - 1] ?? pollInterval);
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
