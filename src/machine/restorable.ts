import type { ChatContext, ErrorInfo } from './chat.types.js';

/** The parts of a persisted chat snapshot this module reads and rewrites (plain JSON). */
interface Persisted {
  value: unknown;
  context: ChatContext;
  children: Record<string, { src: string; snapshot: { status: string } }>;
}

const interrupted = (during: ErrorInfo['during']): ErrorInfo => ({
  code: 'network',
  message: 'Interrupted before the server answered',
  retryable: true,
  during,
});

/**
 * Makes a persisted snapshot safe to restore (after a DOM move, a reload, a page navigation).
 * XState runs every request still in flight again when it restores a snapshot, and a request that
 * posts something may already have reached the server: sent again, a line would show twice. So
 * each such request is put back where it is safe:
 * - a visitor line in flight (or waiting for its next attempt, or being reconciled) goes back to
 *   the queue, uncertain: before it is sent again, the events since the last one seen are read, and
 *   its echo there means it arrived;
 * - a chat request (a transfer's too), an offline or exit survey or a transcript request that was
 *   on its way is offered to the visitor again (a second chat is never created behind their back);
 * - a visitor authentication runs again, and asks the host for a key again: the key was never
 *   in the snapshot (a second authentication is harmless: its ids serve one chat request). So does
 *   one that failed: a page going away cancels the request, which fails it before the page hides.
 * Reads are left alone (running them again is harmless), and so is ending a chat. Waits on a timer
 * (typing idle, a line's retry pause) do not survive a restore, so those regions start over; nor
 * does an engagement's expiry, so an engagement that has one is created again before the next chat
 * request. A chat kept before engagement attributes and the funnel were kept gets their defaults.
 */
export function restorable<T>(snapshot: T): T {
  const s = structuredClone(snapshot) as T & Persisted;
  // The state value while each of these requests is in flight (see chat.machine.ts).
  const v = s.value as {
    live?: { outbox: string; typing: string | object };
    offline: string;
    ended: { postChat: string; transcript: string };
  };
  const kept: Partial<ChatContext> = s.context;
  const stale = kept.stale || !!kept.engagement?.details?.validForSeconds;
  const c = (s.context = { attributes: [], told: [], funnel: 'over', visitorName: null, tries: 0, ...kept, stale } as ChatContext);
  if (v.live && v.live.outbox !== 'idle') {
    v.live.outbox = 'idle';
    c.messages = c.messages.map((m) =>
      m.key === c.sendingKey && m.status !== 'sent' && m.status !== 'failed'
        ? { ...m, status: 'queued', ...(m.status === 'sending' || m.uncertain ? { uncertain: true } : {}) }
        : m,
    );
    c.sendingKey = null;
    c.sendAttempt = 0;
  }
  if (v.live && v.live.typing !== 'idle') v.live.typing = 'idle';
  if (s.value === 'failed' && c.error?.during === 'authentication') {
    s.value = { authenticating: 'asking' };
    s.children.auth = { src: 'getAuthCode', snapshot: { status: 'active' } };
    c.error = null;
  }
  for (const [id, child] of Object.entries(s.children ?? {})) {
    if (child?.snapshot?.status !== 'active') continue;
    switch (child.src) {
      case 'sendLine':
      case 'readChat':
      case 'setTyping':
        break;
      case 'requestChat':
      case 'transferChat':
        s.value = 'failed';
        c.error = interrupted(child.src === 'requestChat' ? 'request' : 'transfer');
        break;
      case 'submitOfflineSurvey':
        v.offline = 'form';
        c.error = interrupted('offline');
        break;
      case 'submitExitSurvey':
        v.ended.postChat = 'survey';
        break;
      case 'requestTranscript':
        v.ended.transcript = 'idle';
        c.transcript = 'failed';
        break;
      default:
        continue;
    }
    delete s.children[id];
  }
  return s;
}

/**
 * Whether a snapshot is worth keeping across pages: a chat that exists or is being asked for, its
 * post-chat screens, and the leave-a-message flow until dismissed. The launcher states (loading,
 * ready, the availability recheck) and failures before a chat are not: the next page starts over;
 * but a failed chat request is offered again, and a failed visitor authentication runs again.
 */
export function worthKeeping({ value, context }: { value: unknown; context: ChatContext }): boolean {
  const top = typeof value === 'string' ? value : Object.keys(value as object)[0];
  if (top === 'failed') return ['request', 'transfer', 'offline', 'authentication'].includes(context.error?.during ?? '');
  return !['loading', 'ready', 'checking'].includes(top!);
}
