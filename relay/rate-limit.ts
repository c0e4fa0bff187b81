/**
 * Token buckets in memory, one per key (a visitor's address, a chat). Each relay instance keeps its
 * own; the relay holds no chat state, so any number of instances can serve the same chat. The
 * number of buckets is bounded: the least recently used go first (a forgotten bucket starts full).
 */
import type { RateLimit } from './options.js';

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #maxKeys: number;
  /** In least-recently-used order: a used bucket is moved to the end. */
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: RateLimit, maxKeys: number) {
    this.#limit = limit;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token: 0 when allowed, else the whole seconds to wait before the next one (≥ 1). */
  take(key: string, now: number): number {
    const { rate, burst } = this.#limit;
    const time = Number.isFinite(now) ? now : 0;
    const bucket = this.#buckets.get(key);
    let tokens = burst;
    if (bucket) {
      // A clock going backwards refills nothing.
      const elapsed = Math.max(0, time - bucket.updated) / 1000;
      tokens = Math.min(burst, bucket.tokens + elapsed * rate);
      this.#buckets.delete(key);
    } else if (this.#buckets.size >= this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (tokens >= 1) {
      this.#buckets.set(key, { tokens: tokens - 1, updated: time });
      return 0;
    }
    this.#buckets.set(key, { tokens, updated: time });
    return Math.max(1, Math.ceil((1 - tokens) / rate));
  }

  /** Buckets held (for tests and monitoring). */
  get size(): number {
    return this.#buckets.size;
  }
}
