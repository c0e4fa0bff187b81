/** Where the window keeps a chat: `session` (this tab), `local` (the browser) or `none`. */
export type PersistMode = 'session' | 'local' | 'none';

/** The storage key of `account`'s kept chat. */
export const keptChatKey = (account: string) => `lp-chat-window:${account}`;

/** The storage of a `persist` mode in this browser; undefined for `none` or when storage is off limits. */
export function storageFor(mode: PersistMode, scope: typeof globalThis = globalThis): Storage | undefined {
  if (mode === 'none') return undefined;
  try {
    return mode === 'local' ? scope.localStorage : scope.sessionStorage;
  } catch {
    // Storage denied (sandboxed frame, blocked cookies): the chat is not kept.
    return undefined;
  }
}

/**
 * Whether a chat of `account` is kept (read without checking it: the chat store does that), so the
 * window loads the conversation at once rather than waiting for the visitor.
 */
export function hasKeptChat(mode: PersistMode, account: string): boolean {
  try {
    return storageFor(mode)?.getItem(keptChatKey(account)) != null;
  } catch {
    return false;
  }
}
