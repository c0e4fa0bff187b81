/**
 * Deterministic fault injection: which requests are eligible, the settings (rate, seed, kinds and
 * their weights, latency, jitter), one seeded draw per eligible request deciding whether it gets a
 * fault and which one, and counts of what was injected. This module only decides; the dispatcher and
 * the server carry the decision out (`dispatch.ts` answers instead of the handler or deletes the chat,
 * `server.ts` waits, destroys the socket or cuts the body).
 */
import { EmulatorError } from './errors.js';
import { mulberry32 } from './prng.js';
import type { Random } from './prng.js';
import { isObject } from './wire.js';

/**
 * - `500`, `503`: the standard JSON error body, internal code 0; the request is not applied.
 * - `429`: the same, with `Retry-After: 1`; not applied.
 * - `drop`: applied (the handler runs), then the socket is destroyed without an answer.
 * - `reset`: the socket is reset before anything is applied.
 * - `truncated`: applied; the body of the answer is cut in half (`{"ev` when it had none).
 * - `html200`: not applied; 200 with an HTML "Service temporarily unavailable" page.
 * - `html502`: not applied; 502 with an HTML Bad Gateway page.
 * - `vanish`: only on requests addressing an existing chat: the chat is deleted first, so this
 *   request and every later one get 404 `Chat session not found` (12). Never drawn unless listed.
 */
export const FAULT_KINDS = ['500', '503', '429', 'drop', 'reset', 'truncated', 'html200', 'html502', 'vanish'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kinds drawn from when none are given: every kind but `vanish`. */
export const DEFAULT_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => kind !== 'vanish');

/** Faults after which the platform has applied the request (the others leave the state as it was). */
export const APPLIED_FAULTS: readonly FaultKind[] = ['drop', 'truncated'];

export interface FaultSettings {
  /** Probability (0..1) that an eligible request gets a fault. 0 (the default) switches faults off. */
  rate: number;
  /** Seed of the draws (an integer 0..4294967295, default 1). Same seed, same requests in the same order: same faults. */
  seed: number;
  /** Kinds drawn from (default every kind but `vanish`). */
  kinds: FaultKind[];
  /** Relative weight of each kind (default 1 each; 0 never draws it). */
  weights: Partial<Record<FaultKind, number>>;
  /** Added to every eligible request before it is handled, in ms (default 0). */
  latencyMs: number;
  /** Up to this many more ms, drawn per request (default 0). */
  jitterMs: number;
  /** The Login Service and Chat Agent API are eligible too (default: only the Domain, App Engagement and Server Chat APIs). */
  agent: boolean;
}

/** What `startEmulator({ faults })`, `setFaults` and `PUT /_emulator/faults` take. `kinds` may also be a `500,drop:2` list. */
export type FaultSettingsPatch = Partial<Omit<FaultSettings, 'kinds'>> & { kinds?: FaultKind[] | string };

/** Injected faults by kind, plus `latency`: requests that were delayed. */
export type FaultCounts = Record<FaultKind | 'latency', number>;

export interface FaultReport {
  settings: FaultSettings;
  counts: FaultCounts;
  /** Faults injected (every kind, latency not included). */
  total: number;
  /** Eligible requests seen (each consumed one draw). */
  eligible: number;
}

/** What to do with one eligible request. */
export interface FaultDecision {
  fault?: FaultKind;
  /** Wait this long before handling it (0: no wait). */
  delayMs: number;
}

export class FaultSettingsError extends EmulatorError {
  override readonly name = 'FaultSettingsError';

  constructor(message: string) {
    super('bad-request', message);
  }
}

const MAX_DELAY_MS = 60_000;
const MAX_SEED = 0xffff_ffff;
/** Latency jitter has its own stream, so the faults drawn do not depend on the latency settings. */
const JITTER_STREAM = 0x5bd1_e995;

const CONSUMER_APIS = ['domain.', 'engagement.', 'consumer.'];
const AGENT_APIS = ['login.', 'agent.'];

export function defaultFaultSettings(): FaultSettings {
  return { rate: 0, seed: 1, kinds: [...DEFAULT_FAULT_KINDS], weights: {}, latencyMs: 0, jitterMs: 0, agent: false };
}

const isKind = (value: unknown): value is FaultKind => (FAULT_KINDS as readonly unknown[]).includes(value);

/** `500,drop:2, html502` → kinds and weights; throws `FaultSettingsError` naming the bad item. */
export function parseKindList(text: string): { kinds: FaultKind[]; weights: Partial<Record<FaultKind, number>> } {
  const kinds: FaultKind[] = [];
  const weights: Partial<Record<FaultKind, number>> = {};
  for (const item of text.split(',').map((x) => x.trim())) {
    if (item === '') continue;
    const [name, weight, ...rest] = item.split(':').map((x) => x.trim());
    if (!isKind(name) || rest.length > 0) throw new FaultSettingsError(`unknown fault kind "${item}" (kinds: ${FAULT_KINDS.join(', ')})`);
    if (weight !== undefined) {
      const n = Number(weight);
      if (weight === '' || !Number.isFinite(n) || n < 0) throw new FaultSettingsError(`weight of ${name} must be a number >= 0`);
      weights[name] = n;
    }
    if (!kinds.includes(name)) kinds.push(name);
  }
  if (kinds.length === 0) throw new FaultSettingsError('fault kinds must name at least one kind');
  return { kinds, weights };
}

const SETTING_KEYS: ReadonlySet<string> = new Set(Object.keys(defaultFaultSettings()));
const delayProblem = (value: unknown): boolean => !Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > MAX_DELAY_MS;

/** `patch` applied to `base`, checked as a whole; throws `FaultSettingsError` listing every problem. */
export function mergeFaultSettings(base: FaultSettings, patch: unknown): FaultSettings {
  if (patch === undefined || patch === null) return structuredClone(base);
  if (!isObject(patch)) throw new FaultSettingsError('fault settings must be a JSON object');
  const problems: string[] = [];
  for (const key of Object.keys(patch)) if (!SETTING_KEYS.has(key)) problems.push(`unknown fault setting "${key}"`);
  const next = structuredClone(base);
  const { rate, seed, kinds, weights, latencyMs, jitterMs, agent } = patch;
  if (rate !== undefined) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) problems.push('rate must be a number from 0 to 1');
    else next.rate = rate;
  }
  if (seed !== undefined) {
    if (!Number.isSafeInteger(seed) || (seed as number) < 0 || (seed as number) > MAX_SEED) problems.push(`seed must be an integer 0..${MAX_SEED}`);
    else next.seed = seed as number;
  }
  if (kinds !== undefined) {
    if (typeof kinds === 'string') {
      try {
        const parsed = parseKindList(kinds);
        next.kinds = parsed.kinds;
        next.weights = { ...next.weights, ...parsed.weights };
      } catch (error) {
        problems.push((error as Error).message);
      }
    } else if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every(isKind)) {
      problems.push(`kinds must be a non-empty list of ${FAULT_KINDS.join(', ')}`);
    } else {
      next.kinds = [...new Set(kinds)];
    }
  }
  if (weights !== undefined) {
    if (!isObject(weights)) {
      problems.push('weights must be an object of kind → number');
    } else {
      for (const [kind, weight] of Object.entries(weights)) {
        if (!isKind(kind)) problems.push(`weights: unknown fault kind "${kind}"`);
        else if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) problems.push(`weights.${kind} must be a number >= 0`);
        else next.weights[kind] = weight;
      }
    }
  }
  if (latencyMs !== undefined) {
    if (delayProblem(latencyMs)) problems.push(`latencyMs must be an integer 0..${MAX_DELAY_MS}`);
    else next.latencyMs = latencyMs as number;
  }
  if (jitterMs !== undefined) {
    if (delayProblem(jitterMs)) problems.push(`jitterMs must be an integer 0..${MAX_DELAY_MS}`);
    else next.jitterMs = jitterMs as number;
  }
  if (agent !== undefined) {
    if (typeof agent !== 'boolean') problems.push('agent must be true or false');
    else next.agent = agent;
  }
  if (problems.length > 0) throw new FaultSettingsError(`invalid fault settings: ${problems.join('; ')}`);
  return next;
}

const zeroCounts = (): FaultCounts =>
  Object.fromEntries([...FAULT_KINDS, 'latency'].map((kind) => [kind, 0])) as FaultCounts;

/** Settings, the seeded draws and the counts of one emulator. */
export class FaultInjector {
  private current: FaultSettings;
  private draw: Random;
  private jitter: Random;
  private counts = zeroCounts();
  private eligible = 0;

  constructor(patch?: FaultSettingsPatch) {
    this.current = mergeFaultSettings(defaultFaultSettings(), patch);
    this.draw = mulberry32(this.current.seed);
    this.jitter = mulberry32(this.current.seed ^ JITTER_STREAM);
  }

  get settings(): FaultSettings {
    return structuredClone(this.current);
  }

  /**
   * Applies a partial change (checked; throws `FaultSettingsError`). Giving `seed`, even the same one,
   * restarts the draws from it and resets the counts.
   */
  update(patch: unknown): FaultSettings {
    this.current = mergeFaultSettings(this.current, patch);
    if (isObject(patch) && patch.seed !== undefined) {
      this.draw = mulberry32(this.current.seed);
      this.jitter = mulberry32(this.current.seed ^ JITTER_STREAM);
      this.resetCounts();
    }
    return this.settings;
  }

  resetCounts(): void {
    this.counts = zeroCounts();
    this.eligible = 0;
  }

  report(): FaultReport {
    const total = FAULT_KINDS.reduce((sum, kind) => sum + this.counts[kind], 0);
    return { settings: this.settings, counts: { ...this.counts }, total, eligible: this.eligible };
  }

  /** Whether requests of this route may get faults and latency (control routes never do). */
  isEligible(routeName: string): boolean {
    if (CONSUMER_APIS.some((prefix) => routeName.startsWith(prefix))) return true;
    return this.current.agent && AGENT_APIS.some((prefix) => routeName.startsWith(prefix));
  }

  /**
   * The fate of one eligible request, in arrival order: one draw decides fault or not and which kind
   * (`vanish` only when `addressesChat`), the latency stream the delay. Counts what it decides.
   */
  decide(addressesChat: boolean): FaultDecision {
    const { rate, kinds, weights, latencyMs, jitterMs } = this.current;
    this.eligible++;
    const u = this.draw();
    let fault: FaultKind | undefined;
    if (u < rate) {
      const candidates = kinds
        .filter((kind) => kind !== 'vanish' || addressesChat)
        .map((kind) => ({ kind, weight: weights[kind] ?? 1 }))
        .filter((c) => c.weight > 0);
      const totalWeight = candidates.reduce((sum, c) => sum + c.weight, 0);
      let point = (u / rate) * totalWeight;
      for (const candidate of candidates) {
        point -= candidate.weight;
        if (point < 0) {
          fault = candidate.kind;
          break;
        }
      }
      // Rounding can leave the point a hair past the end: the last candidate takes it.
      if (fault === undefined && candidates.length > 0) fault = candidates[candidates.length - 1].kind;
    }
    const delayMs = latencyMs + (jitterMs > 0 ? Math.floor(this.jitter() * (jitterMs + 1)) : 0);
    if (fault !== undefined) this.counts[fault]++;
    if (delayMs > 0) this.counts.latency++;
    return { ...(fault === undefined ? {} : { fault }), delayMs };
  }
}
