/**
 * Where a chat is kept between pages: one entry per account in `sessionStorage` (by default) or
 * `localStorage`, so a reload or a click to another page of the same site picks the chat up. The
 * stored form is versioned and checked on read; an entry that is corrupt, foreign, from another
 * version or too old is dropped with a console warning, never a crash. No DOM here: the storage is
 * handed in.
 */
import { keptChatKey } from './kept-chat.js';

export { storageFor, type PersistMode } from './kept-chat.js';

/** Bumped whenever the machine's persisted shape changes incompatibly. */
export const STORE_VERSION = 1;

/** How long a stored chat stays worth restoring (ms): past this the platform has long ended it. */
export const MAX_AGE = 24 * 60 * 60 * 1000;

/** A persisted machine snapshot, as far as this module checks it. */
export interface StoredSnapshot {
  status: 'active';
  value: string | Record<string, unknown>;
  context: { messages: unknown[]; [key: string]: unknown };
  children: Record<string, unknown>;
  [key: string]: unknown;
}

interface Entry {
  v: number;
  account: string;
  savedAt: number;
  snapshot: StoredSnapshot;
}

export interface ChatStore {
  /** The stored chat, checked; undefined when there is none worth restoring (a bad one is dropped). */
  load(): StoredSnapshot | undefined;
  /** Keeps `snapshot`, or forgets the chat when `snapshot` is undefined. Never throws. */
  save(snapshot: StoredSnapshot | undefined): void;
}

export interface ChatStoreOptions {
  now?: () => number;
  maxAge?: number;
  warn?: (message: string) => void;
}

const SOURCES = ['visitor', 'agent', 'system'];
const STATUSES = ['queued', 'sending', 'sent', 'failed'];

/** Why `entry` cannot be restored for `account`, or '' when it can. */
function problemOf(entry: unknown, account: string, now: number, maxAge: number): string {
  if (typeof entry !== 'object' || entry === null) return 'not an object';
  const { v, account: owner, savedAt, snapshot } = entry as Partial<Entry>;
  if (v !== STORE_VERSION) return `version ${String(v)} instead of ${STORE_VERSION}`;
  if (owner !== account) return `it belongs to account ${String(owner)}`;
  if (typeof savedAt !== 'number' || !(now - savedAt <= maxAge) || savedAt > now + 60_000) return 'too old';
  if (typeof snapshot !== 'object' || snapshot === null) return 'no snapshot';
  const { status, value, context, children } = snapshot;
  if (status !== 'active') return `snapshot status ${String(status)}`;
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return 'no state value';
  if (typeof children !== 'object' || children === null) return 'no children';
  if (typeof context !== 'object' || context === null || !Array.isArray(context.messages)) return 'no messages';
  for (const m of context.messages as Record<string, unknown>[]) {
    if (typeof m !== 'object' || m === null) return 'a message is not an object';
    if (typeof m.key !== 'string' || typeof m.text !== 'string' || typeof m.by !== 'string') return 'a message lacks key, text or by';
    if (!SOURCES.includes(m.source as string) || !STATUSES.includes(m.status as string)) return 'a message has an unknown source or status';
  }
  for (const key of ['chatUrl', 'nextUrl']) {
    const url = context[key];
    if (url !== null && url !== undefined && typeof url !== 'string') return `${key} is not a string`;
  }
  return '';
}

/**
 * The store of `account`'s chat in `storage` (undefined: nothing is kept). Writes that fail (quota,
 * private mode) are reported once and otherwise ignored: the chat goes on, it just will not survive
 * a reload.
 */
export function createChatStore(
  storage: Storage | undefined,
  account: string,
  { now = Date.now, maxAge = MAX_AGE, warn = (m) => console.warn(m) }: ChatStoreOptions = {},
): ChatStore {
  const key = keptChatKey(account);
  let warned = false;
  const drop = (why: string) => {
    warn(`<lp-chat-window>: discarded the stored chat of account ${account} (${why})`);
    try {
      storage?.removeItem(key);
    } catch {
      // Nothing more to do.
    }
  };
  return {
    load() {
      let text: string | null;
      try {
        text = storage?.getItem(key) ?? null;
      } catch {
        return undefined;
      }
      if (text === null) return undefined;
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch {
        drop('not JSON');
        return undefined;
      }
      const problem = problemOf(entry, account, now(), maxAge);
      if (problem) {
        drop(problem);
        return undefined;
      }
      return (entry as Entry).snapshot;
    },
    save(snapshot) {
      if (!storage) return;
      try {
        if (snapshot === undefined) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify({ v: STORE_VERSION, account, savedAt: now(), snapshot } satisfies Entry));
      } catch (error) {
        if (!warned) warn(`<lp-chat-window>: the chat cannot be kept across pages (${(error as Error).message})`);
        warned = true;
      }
    },
  };
}
