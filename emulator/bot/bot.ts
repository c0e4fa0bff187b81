/**
 * A bot agent: a real HTTP client of the Chat Agent API (protocol.md §3.4). It logs in, goes Online,
 * accepts ringing chats up to its capacity, greets (an authenticated visitor by name), answers every
 * visitor line once (replies.ts), shows "typing" before each answer, ends the chat when asked, and logs
 * out when stopped. Every loop survives failures: a failed or malformed response is logged and the loop
 * carries on.
 */
import { AgentApiError, AgentClient, isAbort, sleep } from './agent-client.js';
import type { AgentChatEvent, BotLineInput } from './agent-client.js';
import { greeting, replyTo } from './replies.js';

export interface BotOptions {
  /** Domain API base URL (the emulator's URL locally). */
  csds: string;
  account: string;
  username?: string;
  password?: string;
  /** ms between polls of incoming requests and of each chat (default 1500). */
  pollInterval?: number;
  /** ms the bot shows "typing" before each line (default 800). */
  typingDelay?: number;
  /** Pauses before retrying a 5xx / network failure (default 5, 10, 15 s). */
  retryDelays?: number[];
  /** Pause before retrying a 429 (default 1 s; login 5 s). */
  rateLimitDelay?: number;
  loginRateLimitDelay?: number;
  /** ms between login refreshes (default 4 minutes). */
  refreshInterval?: number;
  /** Most chats handled at once (default: the agent's `maxChats`, or 4 when unlimited/unknown). */
  maxChats?: number;
  /** Name used in the greeting when the chat info carries no `agentName`. */
  nickname?: string;
  log?: (message: string) => void;
  fetch?: typeof fetch;
}

export interface Bot {
  /** Chats being handled right now. */
  readonly activeChats: number;
  /** Stops every loop and logs out. */
  stop(): Promise<void>;
}

const DEFAULT_CAPACITY = 4;

/** Logs in, starts an agent session and goes Online; resolves once the bot is taking chats. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const bot = new BotAgent(options);
  await bot.start();
  return bot;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class BotAgent implements Bot {
  private readonly client: AgentClient;
  private readonly log: (message: string) => void;
  private readonly pollInterval: number;
  private readonly stopping = new AbortController();
  private readonly chats = new Map<string, Promise<void>>();
  private readonly loops: Promise<void>[] = [];
  private session = '';
  private capacity = DEFAULT_CAPACITY;
  private nickname: string;
  private reconnecting?: Promise<void>;

  constructor(private readonly options: BotOptions) {
    this.log = options.log ?? ((message) => console.log(`[bot] ${message}`));
    this.pollInterval = options.pollInterval ?? 1_500;
    this.nickname = options.nickname ?? options.username ?? 'agent';
    this.client = new AgentClient({
      csds: options.csds,
      account: options.account,
      retryDelays: options.retryDelays,
      rateLimitDelay: options.rateLimitDelay,
      loginRateLimitDelay: options.loginRateLimitDelay,
      fetch: options.fetch,
      log: this.log,
    });
  }

  get activeChats(): number {
    return this.chats.size;
  }

  private get signal(): AbortSignal {
    return this.stopping.signal;
  }

  async start(): Promise<void> {
    try {
      await this.client.lookupAgentVep({ signal: this.signal });
      await this.connect();
    } catch (error) {
      this.stopping.abort();
      await this.client.logout({ retry: false }).catch(() => {});
      throw error;
    }
    this.loops.push(this.pollIncoming(), this.keepAlive());
  }

  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await Promise.allSettled([...this.loops, ...this.chats.values()]);
    try {
      await this.client.logout({ retry: false });
      this.log('logged out');
    } catch (error) {
      this.log(`logout failed: ${describe(error)}`);
    }
  }

  /** Login → agent session → agent info (capacity, nickname) → Online. */
  private async connect(): Promise<void> {
    const call = { signal: this.signal };
    await this.client.login(this.options.username ?? 'agent', this.options.password ?? 'agent', call);
    this.session = await this.client.startAgentSession(call);
    try {
      const info = await this.client.agentInfo(this.session, call);
      this.nickname = this.options.nickname ?? info.displayName ?? info.agentName ?? this.nickname;
      this.capacity = this.options.maxChats ?? (info.maxChats && info.maxChats > 0 ? info.maxChats : DEFAULT_CAPACITY);
    } catch (error) {
      if (isAbort(error)) throw error;
      this.capacity = this.options.maxChats ?? DEFAULT_CAPACITY;
      this.log(`agent info unavailable (${describe(error)}); handling up to ${this.capacity} chats`);
    }
    await this.client.setAvailability(this.session, 'Online', call);
    this.log(`logged in on ${this.client.domain} as ${this.options.username ?? 'agent'}; Online, up to ${this.capacity} chats`);
  }

  /** After the login or the agent session is lost (401/403/404): log in again, once at a time. */
  private reconnect(): Promise<void> {
    this.reconnecting ??= this.connect()
      .catch((error: unknown) => {
        if (!isAbort(error)) this.log(`reconnect failed: ${describe(error)}`);
      })
      .finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  private isSessionLost(error: unknown): boolean {
    return error instanceof AgentApiError && [401, 403, 404].includes(error.status);
  }

  /** Polls incoming requests and accepts ringing chats while there is room. */
  private async pollIncoming(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        const incoming = await this.client.incomingRequests(this.session, { signal: this.signal });
        for (let ringing = incoming.ringingCount; ringing > 0 && this.chats.size < this.capacity; ringing--) {
          const chat = await this.client.acceptChat(incoming.link ?? `${this.session}/incomingRequests`, { signal: this.signal });
          this.log(`accepted chat ${chat.slice(chat.lastIndexOf('/') + 1)}`);
          const run = new Conversation(chat, this.client, this.options, this.nickname, this.log, this.signal).run();
          this.chats.set(chat, run);
          void run.finally(() => this.chats.delete(chat));
        }
      } catch (error) {
        if (isAbort(error) && this.signal.aborted) break;
        this.log(`incoming requests: ${describe(error)}`);
        if (this.isSessionLost(error)) await this.reconnect();
      }
      await sleep(this.pollInterval, this.signal).catch(() => {});
    }
  }

  /** Refreshes the login every few minutes (protocol.md §4 keep-alive). */
  private async keepAlive(): Promise<void> {
    const interval = this.options.refreshInterval ?? 4 * 60_000;
    while (!this.signal.aborted) {
      try {
        await sleep(interval, this.signal);
        await this.client.refresh({ signal: this.signal });
      } catch (error) {
        if (isAbort(error) && this.signal.aborted) break;
        this.log(`refresh: ${describe(error)}`);
        if (this.isSessionLost(error)) await this.reconnect();
      }
    }
  }
}

/** One accepted chat: its own poll loop and an ordered queue of things to say. */
class Conversation {
  private readonly seen = new Set<string>();
  private readonly typingDelay: number;
  private readonly pollInterval: number;
  /** The chat key, for the log. */
  private readonly name: string;
  private queue = Promise.resolve();
  private ended = false;
  private greeted = false;

  constructor(
    private readonly chat: string,
    private readonly client: AgentClient,
    options: BotOptions,
    private readonly nickname: string,
    private readonly log: (message: string) => void,
    private readonly signal: AbortSignal,
  ) {
    this.name = chat.slice(chat.lastIndexOf('/') + 1);
    this.typingDelay = options.typingDelay ?? 800;
    this.pollInterval = options.pollInterval ?? 1_500;
  }

  async run(): Promise<void> {
    let href = this.chat;
    let failures = 0;
    while (!this.ended && !this.signal.aborted) {
      try {
        const poll = await this.client.pollChat(href, { signal: this.signal });
        failures = 0;
        if (!this.greeted) {
          this.greeted = true;
          this.say([greeting(poll.agentName ?? this.nickname, poll.authenticatedName)]);
        }
        for (const event of poll.events) this.handle(event);
        if (poll.state === 'ended') this.ended = true;
        // Without a next link the same URL is polled again; `seen` keeps repeated events from being answered twice.
        href = poll.next ?? href;
      } catch (error) {
        if (isAbort(error) && this.signal.aborted) break;
        this.log(`chat ${this.name}: ${describe(error)}`);
        // The chat is gone (404) or no longer ours: stop after a few consecutive refusals.
        if (error instanceof AgentApiError && error.status >= 400 && error.status < 500 && ++failures >= 3) break;
      }
      if (!this.ended) await sleep(this.pollInterval, this.signal).catch(() => {});
    }
    await this.queue;
    this.log(`chat ${this.name} finished`);
  }

  private handle(event: AgentChatEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (event.type === 'state' && event.state === 'ended') {
      this.ended = true;
      return;
    }
    // Only visitor lines are answered: not the bot's own lines, system lines or pre-chat lines (system, id 0).
    if (event.type !== 'line' || event.source !== 'visitor') return;
    const reply = replyTo(event.text ?? '');
    if (!reply) return;
    this.say(reply.lines);
    if (reply.endChat) this.enqueue(() => this.end());
  }

  private say(lines: BotLineInput[]): void {
    for (const line of lines) this.enqueue(() => this.send(line));
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.ended || this.signal.aborted) return;
      try {
        await task();
      } catch (error) {
        if (!(isAbort(error) && this.signal.aborted)) this.log(`chat ${this.name}: ${describe(error)}`);
      }
    });
  }

  /** "typing" for a moment, the line, then "not-typing". A failed typing update does not stop the line. */
  private async send(line: BotLineInput): Promise<void> {
    await this.typing(true);
    await sleep(this.typingDelay, this.signal);
    await this.client.addLine(this.chat, line, { signal: this.signal });
    await this.typing(false);
  }

  private async typing(typing: boolean): Promise<void> {
    try {
      await this.client.setAgentTyping(this.chat, typing, { signal: this.signal });
    } catch (error) {
      if (isAbort(error) && this.signal.aborted) throw error;
      this.log(`chat ${this.name}: typing: ${describe(error)}`);
    }
  }

  private async end(): Promise<void> {
    await this.client.endChat(this.chat, { signal: this.signal });
    this.ended = true;
    this.log(`chat ${this.name} ended by the bot`);
  }
}
