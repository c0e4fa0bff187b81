import { useRef, useState } from 'react';
import type { ChatStatus, LpChatWindow } from 'lp-chat-window';
import type {} from 'lp-chat-window/react';

/** A brand's page: its own button opens the chat, and its own UI follows the chat's events. */
export function App() {
  const chat = useRef<LpChatWindow>(null);
  const [config] = useState({ account: '123456', skill: 'Sales', relay: '/lp-relay' });
  const [status, setStatus] = useState<ChatStatus>('loading');
  const [replies, setReplies] = useState<string[]>([]);

  return (
    <main>
      <h1>Trailhead Outfitters</h1>
      <button type="button" onClick={() => chat.current?.open()}>
        Ask about your order
      </button>
      <section aria-label="Chat activity">
        <p>Chat: {status}</p>
        <p>Replies: {replies.length}</p>
        {replies.length > 0 && <p>Last reply: {replies.at(-1)}</p>}
      </section>
      <lp-chat-window
        ref={chat}
        account={config.account}
        skill={config.skill}
        relay={config.relay}
        onlp-status-change={(event) => setStatus(event.detail.status)}
        onlp-message={(event) => setReplies((list) => [...list, event.detail.message.text])}
      />
    </main>
  );
}
