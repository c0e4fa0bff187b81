/**
 * Where a chat is kept between pages: one entry per account in `sessionStorage` (by default) or
 * `localStorage`, so a reload or a click to another page of the same site picks the chat up. The
 * stored form is versioned and checked on read; an entry that is corrupt, foreign, from another
 * version or too old is dropped with a console warning, never a crash. The transcript is kept in
 * blocks of lines beside the entry, and a write rewrites only the blocks whose lines changed: a
 * line added to a long chat costs one block, not the whole transcript. No DOM here: the storage
 * is handed in.
 */
import { keptChatKey } from './kept-chat.js';

export { storageFor, type PersistMode } from './kept-chat.js';

/**
 * Bumped whenever the machine's persisted shape changes incompatibly. Version 1 (the transcript
 * inside the entry) is still read.
 */
export const STORE_VERSION = 2;

/** Lines per stored block of the transcript. */
export const BLOCK = 500;

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
  /** The chat, its transcript left out (version 2) or in it (version 1). */
  snapshot: StoredSnapshot;
  /** How many lines the blocks hold (version 2). */
  lines?: number;
  /** Who wrote each block, and when (version 2): another writer's block is not taken for ours. */
  blocks?: string[];
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
  if (v !== STORE_VERSION && v !== 1) return `version ${String(v)} instead of ${STORE_VERSION}`;
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
  const blockKey = (i: number | '') => `${key}:lines:${i}`;
  /**
   * The lines of each block as this store last wrote them (compared by identity: a changed line is a
   * new object), with the stamp it wrote them under. Another tab sharing the storage (`local`) may
   * write a block since: the entry's stamps say so, and the block is written again.
   */
  let written: [lines: unknown[], stamp: string][] = [];
  const me = Math.random().toString(36).slice(2);
  let writes = 0;
  let warned = false;
  const removeAll = () => {
    if (!storage) return;
    storage.removeItem(key);
    const blocks = Array.from({ length: storage.length }, (_, i) => storage.key(i));
    for (const k of blocks) if (k?.startsWith(blockKey(''))) storage.removeItem(k);
    written = [];
  };
  const drop = (why: string) => {
    warn(`<lp-chat-window>: discarded the stored chat of account ${account} (${why})`);
    try {
      removeAll();
    } catch {
      // Nothing more to do.
    }
  };
  /** The transcript of a version 2 entry, from its blocks; undefined when one is missing or broken. */
  const readLines = (lines: unknown): unknown[] | undefined => {
    if (typeof lines !== 'number' || !(lines >= 0)) return undefined;
    const all: unknown[] = [];
    for (let i = 0; i * BLOCK < lines; i++) {
      const block: unknown = JSON.parse(storage!.getItem(blockKey(i)) ?? 'null');
      if (!Array.isArray(block)) return undefined;
      all.push(...block);
    }
    return all.length === lines ? all : undefined;
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
      let entry: Entry;
      try {
        entry = JSON.parse(text) as Entry;
        if (entry?.v === STORE_VERSION && entry.snapshot?.context) {
          const messages = readLines(entry.lines);
          if (!messages) return drop('its transcript is incomplete'), undefined;
          entry.snapshot.context.messages = messages;
        }
      } catch {
        drop('not JSON');
        return undefined;
      }
      const problem = problemOf(entry, account, now(), maxAge);
      if (problem) {
        drop(problem);
        return undefined;
      }
      return entry.snapshot;
    },
    save(snapshot) {
      if (!storage) return;
      try {
        if (snapshot === undefined) return removeAll();
        const { messages } = snapshot.context;
        const blocks = Math.ceil(messages.length / BLOCK);
        let stored: string[] = [];
        try {
          stored = (JSON.parse(storage.getItem(key) ?? '{}') as Entry).blocks ?? [];
        } catch {
          // Written anew below.
        }
        for (let i = 0; i < Math.max(blocks, written.length); i++) {
          const block = messages.slice(i * BLOCK, (i + 1) * BLOCK);
          const [before, stamp] = written[i] ?? [];
          if (i >= blocks) storage.removeItem(blockKey(i));
          else if (stamp !== stored[i] || before?.length !== block.length || block.some((m, j) => m !== before[j])) {
            // Forgotten until written: a block whose write fails is written again next time.
            written[i] = [[], ''];
            storage.setItem(blockKey(i), JSON.stringify(block));
            written[i] = [block, `${me}.${++writes}`];
          }
        }
        written.length = blocks;
        const entry: Entry = {
          v: STORE_VERSION,
          account,
          savedAt: now(),
          snapshot: { ...snapshot, context: { ...snapshot.context, messages: [] } },
          lines: messages.length,
          blocks: written.map(([, stamp]) => stamp),
        };
        storage.setItem(key, JSON.stringify(entry));
      } catch (error) {
        if (!warned) warn(`<lp-chat-window>: the chat cannot be kept across pages (${(error as Error).message})`);
        warned = true;
      }
    },
  };
}
