/**
 * The App Engagement visitor and session ids of one account, kept (in the storage `persist`
 * chooses) so that later pages and visits send them back: one visitor stays one visitor on the
 * platform. No DOM here: the storage is handed in.
 */

import { keptChatKey } from './kept-chat.js';

/** The monitoring ids App Engagement gave this browser. */
export interface VisitorIds {
  visitorId: string;
  sessionId: string;
}

export interface VisitorStore {
  /** The kept ids; undefined when there are none (or what is kept is not ids). */
  load(): VisitorIds | undefined;
  /** Keeps `ids`. Never throws: a visitor that cannot be kept is a new one next time. */
  save(ids: VisitorIds): void;
}

/** The store of `account`'s visitor ids in `storage` (undefined: nothing is kept). */
export function createVisitorStore(storage: Storage | undefined, account: string): VisitorStore {
  const key = `${keptChatKey(account)}:visitor`;
  return {
    load() {
      try {
        const { visitorId, sessionId } = JSON.parse(storage?.getItem(key) ?? '{}');
        return typeof visitorId === 'string' && typeof sessionId === 'string' ? { visitorId, sessionId } : undefined;
      } catch {
        return undefined;
      }
    },
    save({ visitorId, sessionId }) {
      try {
        storage?.setItem(key, JSON.stringify({ visitorId, sessionId }));
      } catch {
        // Quota, private mode: the next page is a new visitor.
      }
    },
  };
}
