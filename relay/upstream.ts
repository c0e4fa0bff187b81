/**
 * One call to LivePerson: redirects never followed, the whole exchange (headers and body) bounded in
 * time and size, and every failure turned into a `RelayError` — 504 when it took too long, 502 when
 * it could not be reached or answered too much.
 */
import { InternalCode, RelayError } from './errors.js';

/** Bytes in memory (a body read to its end), usable as a fetch body. */
export type Bytes = Uint8Array<ArrayBuffer>;

export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: Bytes;
}

export interface UpstreamLimits {
  timeoutMs: number;
  /** Largest body accepted; more is 502. */
  maxBytes: number;
  /** The visitor's request: when it goes away, the upstream call is abandoned too. */
  signal?: AbortSignal;
}

/**
 * Reads a body stream to its end, refusing (and cancelling the stream) past `maxBytes` — counted
 * as it arrives, whatever a Content-Length said.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Bytes> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function fetchWithTimeout(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  { timeoutMs, maxBytes, signal }: UpstreamLimits,
): Promise<UpstreamAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  let stop: (reason: RelayError) => void = () => undefined;
  // Settles when the time is up or the visitor left, even if the fetch ignores its signal.
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  const timer = setTimeout(() => {
    timedOut = true;
    stop(new RelayError(504, 'The chat service did not answer in time', InternalCode.failure));
    controller.abort();
  }, timeoutMs);
  const onClientAbort = (): void => {
    stop(new RelayError(502, 'The request was cancelled', InternalCode.failure));
    controller.abort();
  };
  if (signal?.aborted) onClientAbort();
  else signal?.addEventListener('abort', onClientAbort, { once: true });

  const exchange = (async (): Promise<UpstreamAnswer> => {
    const response = await fetchImpl(url, { ...init, redirect: 'manual', signal: controller.signal });
    const body = await readCapped(
      response.body,
      maxBytes,
      () => new RelayError(502, 'The chat service answered more than the relay accepts', InternalCode.failure),
    );
    return { status: response.status, headers: response.headers, body };
  })();
  try {
    return await Promise.race([exchange, stopped]);
  } catch (error) {
    if (error instanceof RelayError) throw error;
    if (timedOut) throw new RelayError(504, 'The chat service did not answer in time', InternalCode.failure);
    throw new RelayError(502, 'The chat service could not be reached', InternalCode.failure);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onClientAbort);
    // Whichever lost the race must not become an unhandled rejection.
    exchange.catch(() => undefined);
    stopped.catch(() => undefined);
  }
}
