import { expect } from '@open-wc/testing';
import { BLOCK, createChatStore, MAX_AGE, STORE_VERSION, storageFor, type StoredSnapshot } from '../../src/persist/chat-store.js';
import { worthKeeping } from '../../src/machine/restorable.js';
import { contextWith } from '../machine/fixtures.js';

/** An in-memory Storage. */
function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
}

const snapshot = (): StoredSnapshot => ({
  status: 'active',
  value: { live: { conversation: 'chatting', outbox: 'idle', typing: 'idle' } },
  context: {
    chatUrl: 'https://chat.example/api/account/1/chat/C1',
    nextUrl: 'https://chat.example/api/account/1/chat/C1?from=4',
    messages: [{ key: 'e3', source: 'agent', text: 'hi', by: 'Alex', status: 'sent', textType: 'plain', time: '' }],
  },
  children: {},
});

function setup(now = 1_000_000) {
  const storage = memoryStorage();
  const warnings: string[] = [];
  const clock = { now };
  const store = createChatStore(storage, '123456', { now: () => clock.now, warn: (m) => warnings.push(m) });
  return { storage, warnings, store, clock };
}

describe('chat store', () => {
  it('keeps a chat per account, versioned, and gives it back', () => {
    const { storage, store, warnings } = setup();
    store.save(snapshot());
    const entry = JSON.parse(storage.getItem('lp-chat-window:123456')!);
    expect([entry.v, entry.account, entry.savedAt]).to.deep.equal([STORE_VERSION, '123456', 1_000_000]);
    expect(store.load()).to.deep.equal(snapshot());
    expect(warnings).to.deep.equal([]);
    store.save(undefined);
    expect(storage.data.size).to.equal(0);
    expect(store.load()).to.equal(undefined);
  });

  it('keeps the transcript in blocks and rewrites only the blocks whose lines changed', () => {
    const { storage, store, warnings } = setup();
    const writes: string[] = [];
    const setItem = storage.setItem;
    storage.setItem = (k, v) => (writes.push(k), setItem(k, v));
    const line = (i: number) => ({ key: `e${i}`, source: 'agent', text: `line ${i}`, by: 'Alex', status: 'sent', textType: 'plain', time: '' });
    const lines = Array.from({ length: BLOCK * 2 + 10 }, (_, i) => line(i));
    const kept = (messages: unknown[]): StoredSnapshot => ({ ...snapshot(), context: { ...snapshot().context, messages } });
    store.save(kept(lines));
    expect(writes).to.deep.equal(['lp-chat-window:123456:lines:0', 'lp-chat-window:123456:lines:1', 'lp-chat-window:123456:lines:2', 'lp-chat-window:123456']);
    expect(JSON.parse(storage.getItem('lp-chat-window:123456')!).snapshot.context.messages).to.deep.equal([]);
    expect(store.load()).to.deep.equal(kept(lines));

    // A line added, and a line of the first block changed: those two blocks and the entry.
    writes.length = 0;
    const more = [...lines, line(9999)];
    more[3] = { ...more[3], text: 'changed' };
    store.save(kept(more));
    expect(writes).to.deep.equal(['lp-chat-window:123456:lines:0', 'lp-chat-window:123456:lines:2', 'lp-chat-window:123456']);
    expect(store.load()).to.deep.equal(kept(more));

    // A shorter transcript (a new chat) leaves no block of the old one behind.
    store.save(kept([line(1)]));
    expect([...storage.data.keys()].sort()).to.deep.equal(['lp-chat-window:123456', 'lp-chat-window:123456:lines:0']);
    expect(store.load()).to.deep.equal(kept([line(1)]));
    store.save(undefined);
    expect(storage.data.size).to.equal(0);
    expect(warnings).to.deep.equal([]);
  });

  it('two tabs sharing the storage: a block the other wrote since is written again, so the transcript stays whole', () => {
    const { storage, store: a, warnings } = setup();
    const b = createChatStore(storage, '123456', { now: () => 1_000_000, warn: (m) => warnings.push(m) });
    const line = (i: number) => ({ key: `e${i}`, source: 'agent', text: `line ${i}`, by: 'Alex', status: 'sent', textType: 'plain', time: '' });
    const kept = (messages: unknown[]): StoredSnapshot => ({ ...snapshot(), context: { ...snapshot().context, messages } });
    const lines = Array.from({ length: 10 }, (_, i) => line(i));
    a.save(kept(lines));
    // The other tab, a moment behind, writes the chat as it last heard it.
    b.save(kept(lines.slice(0, 9)));
    // This tab writes again, its lines unchanged: the block the other tab rewrote goes again.
    a.save(kept(lines));
    expect(a.load()).to.deep.equal(kept(lines));
    expect(warnings).to.deep.equal([]);
  });

  it('discards a chat whose transcript lost a block, and still reads the first version (the transcript inside the entry)', () => {
    const { storage, store, warnings } = setup();
    const lines = Array.from({ length: BLOCK + 1 }, (_, i) => ({ key: `e${i}`, source: 'agent', text: 'x', by: 'A', status: 'sent' }));
    store.save({ ...snapshot(), context: { ...snapshot().context, messages: lines } });
    storage.removeItem('lp-chat-window:123456:lines:0');
    expect(store.load()).to.equal(undefined);
    expect(warnings).to.deep.equal(['<lp-chat-window>: discarded the stored chat of account 123456 (its transcript is incomplete)']);
    expect(storage.data.size).to.equal(0);

    storage.setItem('lp-chat-window:123456', JSON.stringify({ v: 1, account: '123456', savedAt: 1_000_000, snapshot: snapshot() }));
    expect(store.load()).to.deep.equal(snapshot());
  });

  it('discards a corrupt, foreign, outdated or malformed entry with a warning, never a crash', () => {
    const bad: Array<[string, unknown]> = [
      ['not JSON', '{"v":1,'],
      ['version', { v: 0, account: '123456', savedAt: 1_000_000, snapshot: snapshot() }],
      ['account', { v: STORE_VERSION, account: '999', savedAt: 1_000_000, snapshot: snapshot() }],
      ['too old', { v: STORE_VERSION, account: '123456', savedAt: 1_000_000 - MAX_AGE - 1, snapshot: snapshot() }],
      ['no snapshot', { v: STORE_VERSION, account: '123456', savedAt: 1_000_000 }],
      ['done', { v: STORE_VERSION, account: '123456', savedAt: 1_000_000, snapshot: { ...snapshot(), status: 'done' } }],
      ['messages', { v: STORE_VERSION, account: '123456', savedAt: 1_000_000, snapshot: { ...snapshot(), context: { messages: 'x' } } }],
      [
        'message',
        {
          v: STORE_VERSION,
          account: '123456',
          savedAt: 1_000_000,
          snapshot: { ...snapshot(), context: { messages: [{ key: 1, text: 'x', by: 'a', source: 'agent', status: 'sent' }] } },
        },
      ],
      [
        'status',
        {
          v: STORE_VERSION,
          account: '123456',
          savedAt: 1_000_000,
          snapshot: { ...snapshot(), context: { messages: [{ key: 'k', text: 'x', by: 'a', source: 'agent', status: 'lost' }] } },
        },
      ],
      ['chatUrl', { v: STORE_VERSION, account: '123456', savedAt: 1_000_000, snapshot: { ...snapshot(), context: { messages: [], chatUrl: 5 } } }],
      ['null', null],
      ['number', 42],
    ];
    for (const [name, entry] of bad) {
      const { storage, store, warnings } = setup();
      storage.setItem('lp-chat-window:123456', typeof entry === 'string' ? entry : JSON.stringify(entry));
      expect(store.load(), name).to.equal(undefined);
      expect(warnings, name).to.have.length(1);
      expect(warnings[0], name).to.contain('discarded the stored chat');
      expect(storage.data.size, `${name}: dropped`).to.equal(0);
    }
  });

  it('reports a write that fails once and goes on', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    };
    const warnings: string[] = [];
    const store = createChatStore(storage, '1', { warn: (m) => warnings.push(m) });
    store.save(snapshot());
    store.save(snapshot());
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('cannot be kept');
  });

  it('keeps nothing without a storage', () => {
    const store = createChatStore(undefined, '1');
    store.save(snapshot());
    expect(store.load()).to.equal(undefined);
    expect(storageFor('none')).to.equal(undefined);
    expect(storageFor('session')).to.equal(sessionStorage);
    expect(storageFor('local')).to.equal(localStorage);
    const denied = {
      get sessionStorage(): Storage {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as typeof globalThis;
    expect(storageFor('session', denied)).to.equal(undefined);
  });
});

describe('worthKeeping', () => {
  const at = (value: unknown, during?: string) => ({
    value,
    context: contextWith(during ? { error: { code: 'network', message: '', retryable: true, during } as never } : {}),
  });

  it('keeps chats, their post-chat screens and the leave-a-message flow; not the launcher states', () => {
    expect(worthKeeping(at({ live: { conversation: 'waiting', outbox: 'idle', typing: 'idle' } }))).to.equal(true);
    expect(worthKeeping(at({ ended: { postChat: 'survey', transcript: 'idle' } }))).to.equal(true);
    expect(worthKeeping(at({ offline: 'sent' }))).to.equal(true);
    expect(worthKeeping(at({ preChat: 'form' }))).to.equal(true);
    expect(worthKeeping(at('requesting'))).to.equal(true);
    expect(worthKeeping(at('failed', 'request'))).to.equal(true);
    expect(worthKeeping(at({ loading: 'engagement' }))).to.equal(false);
    expect(worthKeeping(at('ready'))).to.equal(false);
    expect(worthKeeping(at('checking'))).to.equal(false);
    expect(worthKeeping(at('failed', 'engagement'))).to.equal(false);
  });
});
