/**
 * A thin, typed HTTP client for the agent side of the legacy chat platform: Domain API (csdr) lookup,
 * Login Service API (login / refresh / logout) and Chat Agent API (agent session, availability,
 * incoming requests, accept, chat polling, lines, typing, end). Written against protocol.md §3, §4, §6:
 *
 * - every Chat Agent API URL gets `.json` on the path and `v=1&NC=true` on the query, the bare `next`
 *   links the server returns included;
 * - `Authorization: Bearer` (after login), `Accept`/`Content-Type: application/json` on every call, and
 *   the cookies the server sets (`Session_id`, agent-session cookies) are sent back;
 * - PUT is a POST with `X-HTTP-Method-Override: PUT`;
 * - responses are XML-shaped JSON: `@`-keys (or plain keys), singletons as objects, numbers as strings;
 *   any 2xx is success and a body is never assumed unless the call needs one;
 * - retries: 4xx never, except 429 (after ≥ 1 s, ≥ 5 s for login); 5xx and network failures 3 times
 *   with growing pauses (5, 10, 15 s by default; injectable so tests run fast).
 */

/** A failed call: HTTP status (0 when the server could not be reached or the body made no sense). */
export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly body = '',
  ) {
    super(message);
  }
}

export interface AgentClientOptions {
  /** Domain API base, e.g. `https://adminlogin.liveperson.net` or `http://127.0.0.1:8787`. */
  csds: string;
  account: string;
  /** Pauses before each retry of a 5xx / network failure; its length is the number of retries. */
  retryDelays?: number[];
  /** Pause before retrying a 429 (at least this, or the server's Retry-After if longer). */
  rateLimitDelay?: number;
  /** Pause before retrying a 429 on login. */
  loginRateLimitDelay?: number;
  /** Per-request timeout in ms. */
  timeout?: number;
  fetch?: typeof fetch;
  log?: (message: string) => void;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the request and any pause between retries. */
  signal?: AbortSignal;
  /** `false`: one attempt only (used when shutting down). */
  retry?: boolean;
}

export type Availability = 'Online' | 'Away' | 'Occupied';

export interface LoginResult {
  bearer: string;
  csrf: string;
  /** `csdsCollectionResponse.baseURIs` as service → baseURI (host[:port], no scheme). */
  baseURIs: Record<string, string>;
}

export interface AgentInfo {
  agentName?: string;
  displayName?: string;
  loginName?: string;
  /** `-1` = unlimited. */
  maxChats?: number;
}

export interface IncomingRequests {
  ringingCount: number;
  /** Where to POST `{"chat":"start"}`; absent when nothing is ringing. */
  link?: string;
}

/** One chat event, normalised (`@id`/`id`, `@type`/`type`; scalar fields as strings). */
export interface AgentChatEvent {
  id: string;
  type: string;
  source?: string;
  text?: string;
  textType?: string;
  state?: string;
  by?: string;
  systemMessageId?: string;
}

/** One poll of a chat (`GET {chat}`, or a `next` link of either the chat or its events). */
export interface ChatPoll {
  events: AgentChatEvent[];
  /** The bare `next` href to poll next, when the server sent one. */
  next?: string;
  /** `info.state`, when the response carried chat info. */
  state?: string;
  /** `info.agentName`: the name the visitor sees. */
  agentName?: string;
  /**
   * The name an authenticated visitor proved (`info.authenticatedVisitor`: `given_name`, else `name`,
   * else `preferred_username`); absent for visitors who did not authenticate.
   */
  authenticatedName?: string;
}

export interface BotLineInput {
  text: string;
  textType: 'plain' | 'html';
}

type Json = Record<string, unknown>;

interface Response {
  status: number;
  data: unknown;
  headers: Headers;
}

interface RequestInit {
  body?: unknown;
  override?: 'PUT';
  login?: boolean;
  call?: CallOptions;
}

const DEFAULT_RETRY_DELAYS = [5_000, 10_000, 15_000];

/** `.json` on the path and `v=1&NC=true` on the query (kept when already there), as every client does. */
export function jsonUrl(href: string, base?: string): string {
  const url = new URL(href, base);
  if (!url.pathname.endsWith('.json')) url.pathname += '.json';
  if (!url.searchParams.has('v')) url.searchParams.set('v', '1');
  if (!url.searchParams.has('NC')) url.searchParams.set('NC', 'true');
  return url.toString();
}

/** Abortable pause. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

// --- XML-shaped JSON helpers (protocol.md §6.1) ---

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A collection that may be absent, a single item or an array → array. */
function items(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** The objects of such a collection. */
function list(value: unknown): Json[] {
  return items(value).filter(isObject);
}

/** The first name claim of an authenticated visitor's identity that is a non-empty string. */
function authenticatedName(identity: unknown): string | undefined {
  if (!isObject(identity)) return undefined;
  for (const key of ['given_name', 'name', 'preferred_username']) {
    const value = identity[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 100);
  }
  return undefined;
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** A field written either with or without the `@` of an XML attribute. */
function attr(object: Json, name: string): string | undefined {
  return scalar(object[`@${name}`]) ?? scalar(object[name]);
}

/** The href of the link with `rel` (or of the only/first link when `rel` is omitted). */
function linkHref(links: unknown, rel?: string): string | undefined {
  const all = list(links);
  const link = rel === undefined ? all[0] : all.find((l) => attr(l, 'rel') === rel);
  return link && attr(link, 'href');
}

function toEvent(raw: Json): AgentChatEvent | undefined {
  const id = attr(raw, 'id');
  const type = attr(raw, 'type');
  if (id === undefined || type === undefined) return undefined;
  return {
    id,
    type,
    source: scalar(raw.source),
    text: scalar(raw.text),
    textType: scalar(raw.textType),
    state: scalar(raw.state),
    by: scalar(raw.by),
    systemMessageId: scalar(raw.systemMessageId),
  };
}

export class AgentClient {
  private readonly retryDelays: number[];
  private readonly rateLimitDelay: number;
  private readonly loginRateLimitDelay: number;
  private readonly timeout: number;
  private readonly fetch: typeof fetch;
  private readonly log: (message: string) => void;
  /** host → cookie name → value. */
  private readonly cookies = new Map<string, Map<string, string>>();
  private bearer?: string;
  private csrf?: string;
  /** `scheme://host[:port]` of the Login Service and Chat Agent API. */
  private agentVep?: string;

  constructor(private readonly options: AgentClientOptions) {
    this.retryDelays = options.retryDelays ?? DEFAULT_RETRY_DELAYS;
    this.rateLimitDelay = Math.max(options.rateLimitDelay ?? 1_000, 0);
    this.loginRateLimitDelay = Math.max(options.loginRateLimitDelay ?? 5_000, 0);
    this.timeout = options.timeout ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.log = options.log ?? (() => {});
  }

  /** The agentVep origin in use (after {@link lookupAgentVep}). */
  get domain(): string | undefined {
    return this.agentVep;
  }

  private get accountBase(): string {
    if (!this.agentVep) throw new Error('agentVep is not known yet: call lookupAgentVep() first');
    return `${this.agentVep}/api/account/${encodeURIComponent(this.options.account)}`;
  }

  /** baseURI (`host[:port]`, no scheme) → origin, with the scheme of the csds URL. */
  private origin(baseURI: string): string {
    if (/^https?:\/\//i.test(baseURI)) return baseURI.replace(/\/+$/, '');
    return `${new URL(this.options.csds).protocol}//${baseURI.replace(/\/+$/, '')}`;
  }

  // --- Domain API ---

  /** Domain API (csdr form) lookup of a service; returns its origin (`scheme://host[:port]`). */
  async lookup(service: string, call?: CallOptions): Promise<string> {
    const csds = this.options.csds.replace(/\/+$/, '');
    const url = `${csds}/csdr/account/${encodeURIComponent(this.options.account)}/service/${service}/baseURI.json?version=1.0`;
    const { data } = await this.request('GET', url, { call });
    const baseURI = isObject(data) ? scalar(data.baseURI) : undefined;
    if (!baseURI) throw this.malformed('GET', url, data, 'no baseURI');
    return this.origin(baseURI);
  }

  /** Finds the Login Service / Chat Agent API domain (`agentVep`). */
  async lookupAgentVep(call?: CallOptions): Promise<string> {
    this.agentVep = await this.lookup('agentVep', call);
    return this.agentVep;
  }

  // --- Login Service API ---

  async login(username: string, password: string, call?: CallOptions): Promise<LoginResult> {
    const url = `${this.accountBase}/login?v=1.3`;
    const { data } = await this.request('POST', url, { body: { username, password }, login: true, call });
    const bearer = isObject(data) ? scalar(data.bearer) : undefined;
    const csrf = isObject(data) ? scalar(data.csrf) : undefined;
    if (!isObject(data) || !bearer || !csrf) throw this.malformed('POST', url, data, 'no bearer/csrf');
    this.bearer = bearer;
    this.csrf = csrf;
    const baseURIs: Record<string, string> = {};
    const collection = isObject(data.csdsCollectionResponse) ? data.csdsCollectionResponse : {};
    for (const entry of list(collection.baseURIs)) {
      const service = scalar(entry.service);
      const baseURI = scalar(entry.baseURI);
      if (service && baseURI) baseURIs[service] = baseURI;
    }
    // protocol.md §3.4: the agent session goes to the agentVep of the login's own service map.
    if (baseURIs.agentVep) this.agentVep = this.origin(baseURIs.agentVep);
    return { bearer, csrf, baseURIs };
  }

  /** Keeps the login alive (every 3–5 minutes). */
  async refresh(call?: CallOptions): Promise<void> {
    await this.request('POST', `${this.accountBase}/refresh`, { body: { csrf: this.csrf ?? '' }, call });
  }

  async logout(call?: CallOptions): Promise<void> {
    await this.request('POST', `${this.accountBase}/logout`, { body: { csrf: this.csrf ?? '' }, call });
    this.bearer = undefined;
    this.csrf = undefined;
  }

  // --- Chat Agent API ---

  /** Starts an agent session; returns its URL (`…/agentSession/{id}`). */
  async startAgentSession(call?: CallOptions): Promise<string> {
    const url = jsonUrl(`${this.accountBase}/agentSession`);
    const { data } = await this.request('POST', url, { body: { loginData: '' }, call });
    const href = isObject(data) && isObject(data.agentSessionLocation) ? linkHref(data.agentSessionLocation.link) : undefined;
    if (!href) throw this.malformed('POST', url, data, 'no agentSessionLocation link');
    return new URL(href, this.agentVep).toString();
  }

  async agentInfo(session: string, call?: CallOptions): Promise<AgentInfo> {
    const url = jsonUrl(`${session}/info`);
    const { data } = await this.request('GET', url, { call });
    const info = isObject(data) && isObject(data.info) ? data.info : undefined;
    if (!info) throw this.malformed('GET', url, data, 'no info');
    const maxChats = Number(scalar(info.maxChats));
    return {
      agentName: scalar(info.agentName),
      displayName: scalar(info.displayName),
      loginName: scalar(info.loginName),
      maxChats: Number.isFinite(maxChats) ? maxChats : undefined,
    };
  }

  async setAvailability(session: string, chat: Availability, call?: CallOptions): Promise<void> {
    await this.request('POST', jsonUrl(`${session}/availability`), {
      body: { availability: { chat } },
      override: 'PUT',
      call,
    });
  }

  async incomingRequests(session: string, call?: CallOptions): Promise<IncomingRequests> {
    const url = jsonUrl(`${session}/incomingRequests`);
    const { data } = await this.request('GET', url, { call });
    const incoming = isObject(data) && isObject(data.incomingRequests) ? data.incomingRequests : undefined;
    const ringingCount = incoming ? Number(scalar(incoming.ringingCount)) : NaN;
    if (!incoming || !Number.isFinite(ringingCount)) throw this.malformed('GET', url, data, 'no ringingCount');
    const link = linkHref(incoming.link);
    return { ringingCount, link: link && new URL(link, session).toString() };
  }

  /** Accepts the next ringing chat; returns the chat URL (`…/agentSession/{sid}/chat/{chatId}`). */
  async acceptChat(incomingLink: string, call?: CallOptions): Promise<string> {
    const url = jsonUrl(incomingLink);
    const { data } = await this.request('POST', url, { body: { chat: 'start' }, call });
    const href = isObject(data) && isObject(data.chatLocation) ? linkHref(data.chatLocation.link) : undefined;
    if (!href) throw this.malformed('POST', url, data, 'no chatLocation link');
    return new URL(href, incomingLink).toString();
  }

  /** Polls a chat: `href` is the chat URL (first poll) or a bare `next` link from the previous poll. */
  async pollChat(href: string, call?: CallOptions): Promise<ChatPoll> {
    const url = jsonUrl(href);
    const { data } = await this.request('GET', url, { call });
    const chat = isObject(data) && isObject(data.chat) ? data.chat : undefined;
    if (chat && chat.error !== undefined) {
      throw new AgentApiError(`chat error: ${JSON.stringify(chat.error)}`, 200, 'GET', url, JSON.stringify(data));
    }
    const events = chat ? chat.events : isObject(data) ? data.events : undefined;
    if (!isObject(events)) throw this.malformed('GET', url, data, 'no events');
    const info = chat && isObject(chat.info) ? chat.info : undefined;
    const parsed: AgentChatEvent[] = [];
    for (const raw of items(events.event)) {
      const event = isObject(raw) ? toEvent(raw) : undefined;
      if (event) parsed.push(event);
      else this.log(`ignoring an event without @id/@type: ${JSON.stringify(raw)}`);
    }
    const next = linkHref(chat?.link, 'next') ?? linkHref(events.link, 'next');
    return {
      events: parsed,
      next: next && new URL(next, href).toString(),
      state: info && scalar(info.state),
      agentName: info && scalar(info.agentName),
      authenticatedName: info && authenticatedName(info.authenticatedVisitor),
    };
  }

  async addLine(chat: string, line: BotLineInput, call?: CallOptions): Promise<void> {
    await this.request('POST', jsonUrl(`${chat}/events`), {
      body: { event: { '@type': 'line', text: line.text, textType: line.textType } },
      call,
    });
  }

  async setAgentTyping(chat: string, typing: boolean, call?: CallOptions): Promise<void> {
    await this.request('POST', jsonUrl(`${chat}/info/agentTyping`), {
      body: { agentTyping: typing ? 'typing' : 'not-typing' },
      override: 'PUT',
      call,
    });
  }

  async endChat(chat: string, call?: CallOptions): Promise<void> {
    await this.request('POST', jsonUrl(`${chat}/events`), {
      body: { event: { '@type': 'state', state: 'ended' } },
      call,
    });
  }

  // --- transport ---

  private malformed(method: string, url: string, data: unknown, what: string): AgentApiError {
    const body = typeof data === 'string' ? data : JSON.stringify(data) ?? '';
    return new AgentApiError(`malformed response (${what}): ${body.slice(0, 200)}`, 0, method, url, body);
  }

  private headers(url: URL, init: RequestInit): Headers {
    const headers = new Headers({ Accept: 'application/json' });
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    if (init.override) headers.set('X-HTTP-Method-Override', init.override);
    if (this.bearer) headers.set('Authorization', `Bearer ${this.bearer}`);
    const jar = this.cookies.get(url.host);
    if (jar?.size) headers.set('Cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    return headers;
  }

  private storeCookies(url: URL, headers: Headers): void {
    for (const cookie of headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', val = ''] = a.split('=').map((s) => s.trim());
        return (key.toLowerCase() === 'max-age' && Number(val) <= 0) || (key.toLowerCase() === 'expires' && Date.parse(val) < Date.now());
      });
      let jar = this.cookies.get(url.host);
      if (!jar) this.cookies.set(url.host, (jar = new Map()));
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
  }

  /** One logical call with the retry policy of protocol.md §4. Resolves on 2xx, throws AgentApiError otherwise. */
  private async request(method: 'GET' | 'POST', href: string, init: RequestInit): Promise<Response> {
    const url = new URL(href);
    const retries = init.call?.retry === false ? 0 : this.retryDelays.length;
    for (let attempt = 0; ; attempt++) {
      let failure: AgentApiError;
      let pause: number;
      try {
        const response = await this.attempt(method, url, init);
        if (response.status < 300) return response;
        const body = typeof response.data === 'string' ? response.data : JSON.stringify(response.data) ?? '';
        failure = new AgentApiError(`${method} ${url.pathname} → ${response.status} ${body.slice(0, 200)}`, response.status, method, href, body);
        if (response.status === 429) {
          const retryAfter = Number(response.headers.get('Retry-After')) * 1000 || 0;
          pause = Math.max(init.login ? this.loginRateLimitDelay : this.rateLimitDelay, retryAfter);
        } else if (response.status >= 500) {
          pause = this.retryDelays[attempt] ?? 0;
        } else {
          throw failure;
        }
      } catch (error) {
        if (error instanceof AgentApiError) throw error;
        if (isAbort(error) && init.call?.signal?.aborted) throw error;
        // Unreachable server, reset connection, timeout: treated like a 5xx.
        const reason = error instanceof Error ? error.message : String(error);
        failure = new AgentApiError(`${method} ${url.pathname} failed: ${reason}`, 0, method, href);
        pause = this.retryDelays[attempt] ?? 0;
      }
      if (attempt >= retries) throw failure;
      this.log(`${failure.message}; retrying in ${pause} ms (${attempt + 1}/${retries})`);
      await sleep(pause, init.call?.signal);
    }
  }

  private async attempt(method: string, url: URL, init: RequestInit): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeout);
    const signal = init.call?.signal ? AbortSignal.any([init.call.signal, timeout]) : timeout;
    const response = await this.fetch(url, {
      method,
      headers: this.headers(url, init),
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal,
    });
    this.storeCookies(url, response.headers);
    const text = await response.text();
    let data: unknown = text || undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        // Not JSON (e.g. `oauth_problem=…` text): kept as the raw string.
      }
    }
    return { status: response.status, data, headers: response.headers };
  }
}
