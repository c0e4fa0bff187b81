import { createActor, fromCallback, fromPromise, initialTransition, SimulatedClock, waitFor } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import type {
  ChatApi,
  ChatEvent as ServerEvent,
  ChatInfo,
  ChatResource,
  ChatState,
  Engagement,
  LineEvent,
  Survey,
} from '../../src/api/types.js';
import { ChatApiError } from '../../src/api/errors.js';
import type { ChatApiErrorCode } from '../../src/api/errors.js';
import { chatMachine } from '../../src/machine/chat.machine.js';
import type { ChatActorInputs, ChatContext, ChatEmitted, ChatEvent, ChatInput, SessionUpdateEvent } from '../../src/machine/chat.types.js';

export const CHAT_URL = 'https://chat.example/api/account/1/chat/C1';
export const next = (from: number) => `${CHAT_URL}?from=${from}`;
/** The chat an account-to-account transfer starts, on the target account. */
export const TRANSFERRED_URL = 'https://other.example/api/account/2/chat/T1';

export const line = (id: number, source: LineEvent['source'], text: string, extra: Partial<LineEvent> = {}): LineEvent => ({
  type: 'line',
  id: String(id),
  time: `2026-01-01T10:00:${String(id).padStart(2, '0')}.000Z`,
  text,
  textType: 'plain',
  by: source === 'system' ? 'info' : source === 'agent' ? 'Natalie' : 'You',
  source,
  ...extra,
});

export const state = (id: number, value: ChatState): ServerEvent => ({ type: 'state', id: String(id), time: '', state: value });

export const resource = (events: ServerEvent[], info: ChatInfo = {}, nextLink?: string): ChatResource => ({
  events,
  info,
  links: nextLink ? { next: nextLink } : {},
});

export const survey = (id = 'S1'): Survey => ({
  id,
  title: '',
  header: 'Tell us',
  questions: [
    { id: 'q1', order: 0, mandatory: true, validation: 'alpha_numeric', label: 'Name', type: 'text', lastKnownValue: '', entries: [] },
  ],
});

export const engagement = (status: Engagement['status'] = 'Available'): Engagement => ({
  status,
  visitorId: 'V1',
  sessionId: 'S1',
  pageId: 'P1',
});

export const apiError = (code: ChatApiErrorCode, status = 0) => new ChatApiError({ code, message: `${code} ${status}`, status });

/** The machine's initial context, with some fields changed. */
export const contextWith = (overrides: Partial<ChatContext> = {}): ChatContext => ({
  ...initialTransition(chatMachine, {})[0].context,
  ...overrides,
});

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Name = Exclude<keyof ChatActorInputs, 'pollChat' | 'keepAlive'>;
type Impl = { [K in Name]: (input: ChatActorInputs[K]) => Promise<unknown> };

/**
 * Fake actors for `chatMachine.provide`: each request actor records its input and runs `impl`
 * (defaults: everything available, no surveys, EWT 30 s); `pollChat` hands its `sendBack` to the
 * test (`poll.send`) and records where it started.
 */
export function fakeActors(overrides: Partial<Impl> = {}) {
  const impl: Impl = {
    getEngagement: async () => engagement(),
    checkAvailability: async () => true,
    getEstimatedWaitTime: async () => 30,
    loadPreChatSurvey: async () => null,
    getAuthCode: async () => undefined,
    authenticate: async () => ({ participantId: 'P-1', conversationId: 'C-1' }),
    requestChat: async () => CHAT_URL,
    transferChat: async () => TRANSFERRED_URL,
    readChat: async () => resource([]),
    sendLine: async () => undefined,
    endChat: async () => undefined,
    setTyping: async () => undefined,
    loadExitSurvey: async () => null,
    submitExitSurvey: async () => undefined,
    requestTranscript: async () => undefined,
    loadOfflineSurvey: async () => null,
    submitOfflineSurvey: async () => undefined,
    ...overrides,
  };
  const calls: Array<{ name: Name; input: unknown }> = [];
  const poll = {
    urls: [] as string[],
    stops: 0,
    sendBack: undefined as ((event: ChatEvent) => void) | undefined,
    send(event: ChatEvent) {
      if (!this.sendBack) throw new Error('not polling');
      this.sendBack(event);
    },
  };
  const actors = Object.fromEntries(
    (Object.keys(impl) as Name[]).map((name) => [
      name,
      fromPromise(({ input }: { input: never }) => {
        calls.push({ name, input });
        return impl[name](input);
      }),
    ]),
  );
  const pollChat = fromCallback<ChatEvent, ChatActorInputs['pollChat']>(({ input, sendBack }) => {
    poll.urls.push(input.url);
    poll.sendBack = sendBack;
    return () => {
      poll.stops++;
      poll.sendBack = undefined;
    };
  });
  const keepAlives: ChatActorInputs['keepAlive'][] = [];
  const keepAlive = fromCallback<ChatEvent, ChatActorInputs['keepAlive']>(({ input }) => {
    keepAlives.push(input);
  });
  /** What the machine asked the App Engagement session actor to report, in order; `lose()` answers 404. */
  const session = {
    updates: [] as SessionUpdateEvent[],
    sendBack: undefined as ((event: ChatEvent) => void) | undefined,
    lose() {
      this.sendBack!({ type: 'session.lost' });
    },
  };
  const engagementSession = fromCallback<SessionUpdateEvent>(({ receive, sendBack }) => {
    session.sendBack = sendBack;
    receive((event) => session.updates.push(event));
  });
  const inputsOf = <K extends Name>(name: K) =>
    calls.filter((c) => c.name === name).map((c) => c.input as ChatActorInputs[K]);
  return { actors: { ...actors, pollChat, keepAlive, engagementSession }, calls, poll, inputsOf, keepAlives, session };
}

export type Snapshot = SnapshotFrom<typeof chatMachine>;
export type Persisted = ReturnType<ReturnType<typeof createActor<typeof chatMachine>>['getPersistedSnapshot']>;

/** Starts the machine with fake actors on a simulated clock, collecting what it emits. */
export function startChat(
  actors: object,
  input: ChatInput = { skill: 'Sales' },
  { clock = new SimulatedClock(), snapshot }: { clock?: SimulatedClock; snapshot?: Persisted } = {},
) {
  const actor = createActor(chatMachine.provide({ actors: actors as Record<string, never> }), { input, clock, snapshot });
  const emitted: ChatEmitted[] = [];
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  const until = (predicate: (s: Snapshot) => boolean) => waitFor(actor, predicate, { timeout: 1000 });
  return { actor, clock, emitted, until };
}

/** A ChatApi whose methods all fail unless given: the real actors' tests set what they use. */
export function fakeApi(methods: Partial<ChatApi>): ChatApi {
  return new Proxy(methods as ChatApi, {
    get: (target, key: string) =>
      (target as unknown as Record<string, unknown>)[key] ??
      (() => Promise.reject(new Error(`unexpected call ${key}`))),
  });
}

/**
 * `fakeApi` with the answers that take a chat to `live` at once: an Available engagement, agents
 * available, no pre-chat survey, the chat at `CHAT_URL`; `methods` add to them or replace them.
 */
export function liveChatApi(methods: Partial<ChatApi>): ChatApi {
  return fakeApi({
    getEngagement: async () => engagement(),
    getAvailability: async () => true,
    getEstimatedWaitTime: async () => 0,
    getPreChatSurvey: async () => null,
    requestChat: async () => CHAT_URL,
    ...methods,
  });
}
