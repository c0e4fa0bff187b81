/**
 * What the visitor has typed and not sent yet, kept in this tab (sessionStorage) so that a reload
 * or the next page of the site gives it back in the message box. It belongs to one chat: another
 * chat's box starts empty. No DOM here: the storage is handed in.
 */

import { keptChatKey } from './kept-chat.js';

export interface DraftStore {
  /** The draft kept for chat `chat` ('' when there is none, or it belongs to another chat). */
  load(chat: string): string;
  /** Keeps `text` as chat `chat`'s draft ('' forgets it). Never throws: a draft that cannot be kept is lost on the next page. */
  save(chat: string, text: string): void;
}

/** The draft store of `account` in `storage` (undefined: nothing is kept). */
export function createDraftStore(storage: Storage | undefined, account: string): DraftStore {
  const key = `${keptChatKey(account)}:draft`;
  return {
    load(chat) {
      try {
        const kept = JSON.parse(storage?.getItem(key) ?? 'null');
        return kept?.chat === chat && typeof kept.text === 'string' ? kept.text : '';
      } catch {
        return '';
      }
    },
    save(chat, text) {
      try {
        if (text) storage?.setItem(key, JSON.stringify({ chat, text }));
        else storage?.removeItem(key);
      } catch {
        // Quota, private mode: the draft stays in the box on this page only.
      }
    },
  };
}
