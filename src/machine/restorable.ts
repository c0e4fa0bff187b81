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
 * Makes a persisted snapshot safe to restore. XState runs every request still in flight again when
 * it restores a snapshot, and a request that posts something may already have reached the server:
 * sent again, a line would show twice. So each such request is put back where the visitor decides:
 * the line in flight becomes "Not sent" (its echo, if it did arrive, still marks it sent); a chat
 * request, an offline or exit survey or a transcript request that was on its way is offered again.
 * Reads are left alone (running them again is harmless), and so is ending a chat.
 */
export function restorable<T>(snapshot: T): T {
  const s = structuredClone(snapshot) as T & Persisted;
  // The state value while each of these requests is in flight (see chat.machine.ts).
  const v = s.value as { live: { outbox: string }; offline: string; ended: { postChat: string; transcript: string } };
  const c = s.context;
  for (const [id, child] of Object.entries(s.children)) {
    if (child.snapshot.status !== 'active') continue;
    switch (child.src) {
      case 'sendLine':
        v.live.outbox = 'idle';
        c.messages = c.messages.map((m) => (m.key === c.sendingKey && !m.eventId ? { ...m, status: 'failed' } : m));
        c.sendingKey = null;
        break;
      case 'requestChat':
        s.value = 'failed';
        c.error = interrupted('request');
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
