/**
 * Shared setup for the relay's unit tests: a fake LivePerson (Domain API plus the two services) that
 * records every call the relay makes, a relay wired to it with a controllable clock, and a helper
 * that sends one request through the handler and reads the answer.
 */
import { createRelay } from '../../relay/handler.js';
import type { RelayHandler, RelayInfo, RelayOptions } from '../../relay/handler.js';

export { expect, test } from '@playwright/test';

export const ACCOUNT = '123456';
export const SECOND_ACCOUNT = 'acme_2';
export const APP_KEY = '721c180b09eb463d9f3191c41762bb68';
export const CSDS = 'https://csds.test';
/** Where the fake Domain API sends `conversationVep` and `msdkgw`. */
export const CHAT_ORIGIN = 'https://chat.upstream.test';
export const ENGAGEMENT_ORIGIN = 'https://engagement.upstream.test';
/** The brand's origin, where the relay is mounted. */
export const ORIGIN = 'https://brand.example';
export const PREFIX = '/lp-relay';
export const CHAT_ID = 'H7496712445225055898-608c28f64b1f4d41aeca4188fb95f66fK8388836';
/** `{ORIGIN}{PREFIX}/conversationVep/api/account/{ACCOUNT}/chat` */
export const CHAT_BASE = `${ORIGIN}${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat`;
export const ENGAGEMENT_BASE = `${ORIGIN}${PREFIX}/msdkgw/api/account/${ACCOUNT}/app/engagement`;

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: Headers;
  body: string;
  /** How the relay asked fetch to treat redirects. */
  redirect: RequestRedirect | undefined;
  signal: AbortSignal | undefined;
}

type Answer = Response | Promise<Response>;

/** A fake LivePerson: records each call and answers with `domain()` or `answer()` (replaceable per test). */
export class FakeUpstream {
  /** @param csds The Domain API origin this fake answers as such. */
  constructor(readonly csds: string = CSDS) {}

  /** Every call, Domain API included, in order. */
  readonly calls: UpstreamCall[] = [];
  domain: (account: string, service: string, call: UpstreamCall) => Answer = (_account, service) =>
    Response.json({ baseURI: service === 'msdkgw' ? ENGAGEMENT_ORIGIN : CHAT_ORIGIN.replace('https://', '') });
  answer: (call: UpstreamCall) => Answer = () => Response.json({ ok: true });

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const call: UpstreamCall = {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body: init.body === undefined || init.body === null ? '' : await request.text(),
      redirect: init.redirect,
      signal: init.signal ?? undefined,
    };
    this.calls.push(call);
    const domain = /^\/api\/account\/([^/]+)\/service\/([^/]+)\/baseURI\.json$/.exec(call.url.pathname);
    if (call.url.origin === this.csds && domain) return this.domain(domain[1]!, domain[2]!, call);
    return this.answer(call);
  };

  /** Calls to the services (the Domain API left out). */
  get serviceCalls(): UpstreamCall[] {
    return this.calls.filter((call) => call.url.origin !== this.csds);
  }

  get domainCalls(): UpstreamCall[] {
    return this.calls.filter((call) => call.url.origin === this.csds);
  }

  /** Origins the relay called, Domain API included. */
  get origins(): Set<string> {
    return new Set(this.calls.map((call) => call.url.origin));
  }
}

/** A clock the test moves. */
export class Clock {
  time = Date.parse('2026-06-01T12:00:00.000Z');
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Setup {
  upstream: FakeUpstream;
  clock: Clock;
  relay: RelayHandler;
}

/** A relay for ACCOUNT (and SECOND_ACCOUNT) over a fresh fake upstream and clock. */
export function setup(options: Partial<RelayOptions> = {}): Setup {
  const upstream = new FakeUpstream(options.csds === undefined ? CSDS : new URL(options.csds).origin);
  const clock = new Clock();
  const relay = createRelay({ accounts: [ACCOUNT, SECOND_ACCOUNT], csds: CSDS, fetch: upstream.fetch, now: clock.now, ...options });
  return { upstream, clock, relay };
}

export interface Sent<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the text is JSON, else the text. */
  body: T;
  text: string;
}

export interface SendInit extends Omit<RequestInit, 'body' | 'headers'> {
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
  info?: RelayInfo;
}

/** One request through the handler; `url` is absolute or a path on ORIGIN. */
export async function send<T = any>(relay: RelayHandler, url: string, init: SendInit = {}): Promise<Sent<T>> {
  const { body, headers = {}, info = { clientIp: '203.0.113.7' }, ...rest } = init;
  const encoded =
    body === undefined || typeof body === 'string' || body instanceof ReadableStream || body instanceof Uint8Array
      ? (body as BodyInit | undefined)
      : JSON.stringify(body);
  const request = new Request(url.startsWith('/') ? ORIGIN + url : url, {
    method: rest.method ?? (body === undefined ? 'GET' : 'POST'),
    ...rest,
    headers,
    body: encoded,
    ...(encoded instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const response = await relay(request, info);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Asserts the platform's error shape, for every refusal and failure of the relay itself. */
export function isRelayError(answer: Sent, internalCode?: number): boolean {
  const error = (answer.body as { error?: Record<string, unknown> } | null)?.error;
  return (
    (answer.headers.get('content-type') ?? '').startsWith('application/json') &&
    error !== undefined &&
    typeof error.message === 'string' &&
    typeof error.time === 'string' &&
    !Number.isNaN(Date.parse(error.time)) &&
    typeof error.internalCode === 'number' &&
    (internalCode === undefined || error.internalCode === internalCode) &&
    Object.keys(answer.body as object).length === 1
  );
}

/** A body stream of `size` bytes in `chunk`-sized pieces, with no length known up front. */
export function streamOf(size: number, chunk = 8192): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const n = Math.min(chunk, size - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
}
