import type { ChatResource, ChatState, LineEvent, TransferEvent } from '../api/types.js';
import type { ChatContext, Message } from './chat.types.js';

/** The context fields one poll can change. */
export type ConversationUpdate = Pick<
  ChatContext,
  'messages' | 'lastEventId' | 'chatState' | 'endedBy' | 'agentName' | 'agentTyping' | 'unread'
>;

export interface AppliedResource {
  update: ConversationUpdate;
  /** New agent and system lines, in order: each becomes a `message.received`. */
  received: Message[];
  /** An account-to-account transfer came: the chat goes on as a new chat on the target account. */
  transfer?: TransferEvent;
}

/** The system line shown when a chat is transferred to another account. */
export const TRANSFER_LINE = 'Your chat is being transferred. Please wait.';

const toMessage = (line: LineEvent): Message => ({
  key: 'e' + line.id,
  eventId: line.id,
  source: line.source,
  text: line.text,
  textType: line.textType,
  by: line.by,
  time: line.time,
  status: 'sent',
  systemMessageId: line.systemMessageId,
});

/** Who ended the chat, judged from the state it was in: null when `to` does not end it. */
const endOf = (from: ChatState | null, to: ChatState): ChatContext['endedBy'] =>
  to !== 'ended' || from === 'ended' ? null : from === 'chatting' ? 'agent' : 'system';

/** Lines typed in this window (server lines have `e` keys). */
const isLocal = (m: Message) => m.source === 'visitor' && m.key[0] === 'v';

/**
 * The conversation's lines once transfer `n` has moved the chat: the event ids of the chat left
 * behind are marked with it (`e5` → `e1:5`), so the new chat's events, numbered from 0 again, are
 * never taken for them. Lines never sent keep going (to the new chat).
 */
export const sealLines = (messages: Message[], n: number): Message[] =>
  messages.map((m) =>
    m.eventId && !m.eventId.includes(':')
      ? { ...m, eventId: `${n}:${m.eventId}`, key: m.key[0] === 'e' ? `e${n}:${m.eventId}` : m.key }
      : m,
  );

/**
 * Merges one read of the chat resource into the conversation, without mutating `context`.
 *
 * - Events at or below `lastEventId` were applied already and are skipped, so a line is shown once
 *   however often it is read.
 * - A visitor line coming back from the server is matched to the line typed here: by event id when
 *   the server told it, else by text, first to last among lines not matched yet (the one in flight,
 *   sent ones and ones whose last attempt may have arrived, then failed ones, since a line reported
 *   failed may have reached the server).
 *   Only an unmatched echo (typed elsewhere) is added.
 * - Pre-chat lines echoed as system lines (`systemMessageId` 0) are not shown.
 * - `state` events apply in order. A chat that ends was ended by the agent when it was chatting
 *   (or the agent-ended line, id 5, came), by the system when it was still waiting (or the
 *   disconnected line, id 6, came). `info.state` counts only when the batch had no `state` event.
 * - Agent and system lines arriving while the window is closed count as unread.
 * - A `url` event (an http(s) link the agent pushed) is shown as an agent line carrying the link.
 * - An `a2a-transfer` event is shown as a system line and returned as `transfer`; what follows it
 *   (the chat left behind ending, its info) is not applied: the conversation goes on elsewhere.
 * - Other event types (`line-status`, future ones) are not displayed.
 */
export function applyResource(context: ChatContext, { events, info }: ChatResource): AppliedResource {
  const messages = context.messages.slice();
  let touched = false;
  const received: Message[] = [];
  let { lastEventId, chatState, endedBy, unread } = context;
  let stateSeen = false;
  let ended: ChatContext['endedBy'] = null;
  let hint: ChatContext['endedBy'] = null;
  let transfer: TransferEvent | undefined;
  /** A new agent or system line. */
  const show = (message: Message) => {
    messages.push(message);
    touched = true;
    received.push(message);
    if (!context.open) unread++;
  };

  for (const event of events) {
    const id = Number(event.id);
    if (Number.isFinite(id)) {
      if (id <= lastEventId) continue;
      lastEventId = id;
    }
    if (event.type === 'state') {
      stateSeen = true;
      ended ??= endOf(chatState, event.state);
      chatState = event.state;
    } else if (event.type === 'other' && event.rawType === 'url') {
      // A pushed link: shown as an agent line the visitor may follow (http(s) only), never navigated.
      const url = typeof event.data.url === 'string' ? event.data.url.trim() : '';
      if (!/^https?:\/\//i.test(url)) continue;
      const text = typeof event.data.text === 'string' && event.data.text.trim() ? event.data.text : url;
      const by = typeof event.data.by === 'string' ? event.data.by : (context.agentName ?? '');
      show({ key: 'e' + event.id, eventId: event.id, source: 'agent', text, textType: 'plain', by, time: event.time, status: 'sent', link: url });
    } else if (event.type === 'a2a-transfer') {
      show({ key: 'e' + event.id, eventId: event.id, source: 'system', text: TRANSFER_LINE, textType: 'plain', by: 'info', time: event.time, status: 'sent', notice: 'transfer' });
      transfer = event;
      break;
    } else if (event.type === 'line') {
      if (event.source === 'visitor') {
        const text = event.text.trim();
        const unmatched = (m: Message, ok: boolean) => ok && isLocal(m) && !m.eventId && m.text === text;
        let i = messages.findIndex((m) => isLocal(m) && m.eventId === event.id);
        if (i < 0) i = messages.findIndex((m) => unmatched(m, m.status === 'sent' || m.key === context.sendingKey || !!m.uncertain));
        if (i < 0) i = messages.findIndex((m) => unmatched(m, m.status === 'failed'));
        if (i < 0) messages.push(toMessage(event));
        else {
          const { uncertain: _, ...line } = messages[i]!;
          messages[i] = { ...line, eventId: event.id, status: 'sent', time: event.time || line.time };
        }
        touched = true;
        continue;
      }
      if (event.systemMessageId === 0) continue;
      if (event.systemMessageId === 5) hint = 'agent';
      if (event.systemMessageId === 6) hint = 'system';
      show(toMessage(event));
    }
  }
  if (!stateSeen && !transfer && info.state) {
    ended ??= endOf(chatState, info.state);
    chatState = info.state;
  }
  if (ended) endedBy ??= hint ?? ended;

  return {
    update: {
      // The same array when nothing changed, so the views skip an idle poll.
      messages: touched ? messages : context.messages,
      lastEventId,
      chatState,
      endedBy,
      agentName: info.agentName ?? context.agentName,
      agentTyping: chatState !== 'ended' && (info.agentTyping ? info.agentTyping === 'typing' : context.agentTyping),
      unread,
    },
    received,
    ...(transfer && { transfer }),
  };
}
