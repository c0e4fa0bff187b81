import type { ChatApiError } from '../../src/api/errors.js';
import type { Engagement } from '../../src/api/types.js';
/** A request as the fake server saw it. */
export interface Recorded {
  method: string;
  /** The URL without the cache-busting `__d` that every GET carries (see `rawUrl`). */
  url: string;
  /** The URL as sent. */
  rawUrl: string;
  headers: Headers;
  /** The body text ('' when none). */
  text: string;
  /** The body parsed as JSON, undefined when empty. */
  json: unknown;
  /** `performance.now()` when it arrived. */
  at: number;
}

export type Answer = Response | Error | ((request: Recorded) => Response | Error | Promise<Response | Error>);

/**
 * An injectable `fetch` that records every request and answers from `answer` (a function of the
 * request, or a queue of answers taken in order; the last one repeats). An `Error` answer rejects
 * like `fetch` does (pass `new TypeError('Failed to fetch')` for a network failure). The request's
 * signal is honoured as a real `fetch` honours it.
 */
export function fakeFetch(...answers: Answer[]) {
  const requests: Recorded[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    const recorded: Recorded = {
      method: request.method,
      url: withoutBuster(request.url),
      rawUrl: request.url,
      headers: request.headers,
      text,
      json: text ? JSON.parse(text) : undefined,
      at: performance.now(),
    };
    requests.push(recorded);
    const { signal } = request;
    signal.throwIfAborted();
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    if (!next) throw new Error(`No answer for ${request.method} ${request.url}`);
    const answer = typeof next === 'function' ? next(recorded) : next;
    const result = await new Promise<Response | Error>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve(answer).then(resolve, reject);
    });
    if (result instanceof Error) throw result;
    // A queued Response can only be read once; hand out a copy.
    return result.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** `url` without its `__d` query parameter. */
function withoutBuster(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('__d')) return url;
  parsed.searchParams.delete('__d');
  return parsed.href.replace(/\?$/, '');
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** An answer without a body. */
export function empty(status = 200, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** A plain or form-encoded text answer. */
export function textAnswer(body: string, status: number): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain' } });
}

/** A promise that never settles (a server that does not answer). */
export const never = () => new Promise<Response>(() => {});

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<ChatApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ChatApiError;
  }
  throw new Error('expected a failure');
}

/** An Available engagement with the documented example ids. */
export const engagement: Engagement = {
  status: 'Available',
  visitorId: 'rloXnVgEQ-iQuoOytvKNqA',
  sessionId: 'rN82d4rATN6EuiA4cJwaPg',
  pageId: '4743822558',
  details: { campaignId: '26948813', engagementId: '27469613', contextId: '2', language: 'en-US', skillName: 'Sales' },
};
