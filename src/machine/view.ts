import type { SnapshotFrom } from 'xstate';
import type { Survey } from '../api/types.js';
import type { chatMachine } from './chat.machine.js';
import type { ChatContext, ErrorInfo, Message } from './chat.types.js';

type ChatSnapshot = SnapshotFrom<typeof chatMachine>;

/** The conversation as the log shows it, in a live or an ended chat. */
export interface Conversation {
  messages: Message[];
  /** The agent's name, once one has the chat. */
  agentName: string | null;
  /** The agent is typing. */
  agentTyping: boolean;
  /** A line that failed can be sent again (only while the chat is live). */
  canRetry: boolean;
}

/**
 * A line above the window's content: the connection is being restored, or a step failed that the
 * content does not show by itself.
 */
export type Notice = { kind: 'reconnecting' } | { kind: 'error'; error: ErrorInfo };

/** What the window's body shows: one kind per screen, with what that screen needs. */
export type Screen =
  /** The window has no conversation: its configuration is unusable (`configErrorView`). */
  | { kind: 'config-error'; reason: 'account' | 'config' }
  /** The engagement (or availability) is being retrieved. */
  | { kind: 'loading' }
  /** Between the launcher and a conversation: availability recheck, pre-chat survey load, chat request. */
  | { kind: 'connecting' }
  /** A step failed; `canRetry` when trying again can help. */
  | { kind: 'error'; error: ErrorInfo | null; canRetry: boolean }
  /** The pre-chat survey. */
  | { kind: 'prechat'; survey: Survey }
  /**
   * The chat exists: the conversation and the composer. `waiting` while no agent has it,
   * `ending` while the visitor's end request is in flight, `estimatedWait` (seconds, 0: shortly)
   * while waiting and the platform gave an estimate.
   */
  | {
      kind: 'live';
      conversation: Conversation;
      waiting: boolean;
      ending: boolean;
      estimatedWait: number | null;
      canSend: boolean;
    }
  /** The chat is over: the conversation, and below it the exit survey, then thanks and the transcript form. */
  | ({ kind: 'ended'; conversation: Conversation } & (
      | { step: 'loading' }
      | { step: 'survey' | 'submitting'; survey: Survey }
      | {
          step: 'thanks';
          transcript: ChatContext['transcript'];
          /** The chat is gone from the platform (it ended while nobody watched): no transcript can be asked for. */
          vanished: boolean;
        }
    ))
  /** Nobody is available: leave a message. */
  | ({ kind: 'offline' } & ({ step: 'loading' | 'sent' | 'no-survey' } | { step: 'form' | 'sending'; survey: Survey }));

/** Everything the window shows, selected once per snapshot (see `viewOf`). */
export type ChatView = Screen & {
  notice: Notice | null;
  /** Nobody is available: the launcher and the title offer to leave a message. */
  leaveMessage: boolean;
  /** Agent and system lines that arrived while the window was closed (0 while it is open). */
  unread: number;
};

/** One kind of view, e.g. `ViewOf<'live'>`. */
export type ViewOf<K extends ChatView['kind']> = Extract<ChatView, { kind: K }>;

/** The view of a window whose conversation waits for what it needs before it starts (the SDE checks). */
export function loadingView(): ChatView {
  return { kind: 'loading', notice: null, leaveMessage: false, unread: 0 };
}

/** The view of a window whose configuration keeps the conversation from starting. */
export function configErrorView(reason: 'account' | 'config'): ChatView {
  return { kind: 'config-error', reason, notice: null, leaveMessage: false, unread: 0 };
}

/**
 * What the window shows for a chat machine snapshot: the screen of its body, the notice above it,
 * and what the launcher says. Pure: the element renders it and reads nothing else of the snapshot.
 */
export function viewOf(snapshot: ChatSnapshot): ChatView {
  const { context } = snapshot;
  const screen = screenOf(snapshot);
  return {
    ...screen,
    // The error screen shows its error itself; transcript failures show beside the transcript form.
    notice:
      screen.kind === 'error'
        ? null
        : context.connection === 'reconnecting'
          ? { kind: 'reconnecting' }
          : context.error && context.error.during !== 'transcript'
            ? { kind: 'error', error: context.error }
            : null,
    leaveMessage: context.available === false || screen.kind === 'offline',
    unread: context.open ? 0 : context.unread,
  };
}

function screenOf(s: ChatSnapshot): Screen {
  const c = s.context;
  if (s.matches('failed')) return { kind: 'error', error: c.error, canRetry: c.error?.retryable !== false };
  if (s.matches({ preChat: 'form' }) && c.survey) return { kind: 'prechat', survey: c.survey };
  // A transfer to another account shows the conversation, waiting for the agent there.
  if (s.matches('live') || s.matches('ending') || s.matches('transferring')) {
    const waiting = c.chatState !== 'chatting';
    const wait = c.estimatedWaitTime;
    return {
      kind: 'live',
      conversation: conversationOf(s),
      waiting,
      ending: s.matches('ending'),
      // Negative estimates mean "no agents" or "unknown": nothing to say.
      estimatedWait: waiting && wait !== null && wait >= 0 ? wait : null,
      canSend: s.can({ type: 'user.send', text: '.' }),
    };
  }
  if (s.matches('ended')) {
    const conversation = conversationOf(s);
    if (s.matches({ ended: { postChat: 'loading' } })) return { kind: 'ended', conversation, step: 'loading' };
    if (c.survey && !s.matches({ ended: { postChat: 'done' } })) {
      const step = s.matches({ ended: { postChat: 'submitting' } }) ? 'submitting' : 'survey';
      return { kind: 'ended', conversation, step, survey: c.survey };
    }
    return { kind: 'ended', conversation, step: 'thanks', transcript: c.transcript, vanished: c.vanished };
  }
  if (s.matches('offline')) {
    if (s.matches({ offline: 'loading' })) return { kind: 'offline', step: 'loading' };
    if (s.matches({ offline: 'sent' })) return { kind: 'offline', step: 'sent' };
    if (c.survey && (s.matches({ offline: 'form' }) || s.matches({ offline: 'sending' }))) {
      return { kind: 'offline', step: s.matches({ offline: 'sending' }) ? 'sending' : 'form', survey: c.survey };
    }
    return { kind: 'offline', step: 'no-survey' };
  }
  // `ready` shows only the launcher: opening the window leaves it at once for the recheck.
  return { kind: s.matches('loading') ? 'loading' : 'connecting' };
}

function conversationOf(s: ChatSnapshot): Conversation {
  const { messages, agentName, agentTyping } = s.context;
  return { messages, agentName, agentTyping, canRetry: s.matches('live') };
}

/** A sender's lines within this long of the one before form a group (ms). */
export const GROUP_GAP = 5 * 60_000;

/** How a line follows the one before it: `''` in its group, `group` first of a group, `day` first of a day (and of a group). */
export type LineGroup = '' | 'group' | 'day';

/**
 * How line `m` follows `prev` in the log. It goes on with `prev`'s group when the same sender (the
 * visitor, or the same agent) wrote it at most `GROUP_GAP` later on the same day; a group's first
 * line shows who wrote it and when. A day is the visitor's local day; a line without a readable time
 * starts a group.
 */
export function groupOf(prev: Message | undefined, m: Message): LineGroup {
  if (!prev) return 'group';
  const a = Date.parse(prev.time);
  const b = Date.parse(m.time);
  if (!isNaN(b - a) && new Date(a).toDateString() !== new Date(b).toDateString()) return 'day';
  return m.source !== prev.source || (m.source !== 'visitor' && m.by !== prev.by) || !(b - a <= GROUP_GAP) ? 'group' : '';
}
