import { ChatApiError, type ChatApiErrorCode } from '../../src/api/errors.js';
import type {
  CallOptions,
  ChatApi,
  ChatEvent,
  ChatInfo,
  ChatRequest,
  ChatResource,
  ChatState,
  Engagement,
  EngagementDetails,
  EngagementRequest,
  OfflineSubmission,
  SessionUpdate,
  VisitorAuthentication,
  VisitorAuthRequest,
  Survey,
  SurveyAnswers,
} from '../../src/api/types.js';

type Method = keyof ChatApi;

/**
 * An in-memory `ChatApi` for component tests: a single account whose availability and surveys a
 * test sets, and a chat the test drives (the agent accepts, writes, types, ends). Visitor lines come
 * back in later reads, as on the real server, so exactly-once display is exercised. Any call can be
 * made to fail (`fail`) or to wait until the test lets it go (`hold`); every call is recorded.
 */
export class FakeChatApi implements ChatApi {
  available = true;
  /** Seconds; -1 no agents, -2 unknown. */
  waitTime = 120;
  preChatSurvey: Survey | null = null;
  exitSurvey: Survey | null = null;
  offlineSurvey: Survey | null = null;
  /** What an Available engagement carries (none: an engagement without details). */
  engagementDetails?: EngagementDetails;
  /** Every call, in order. */
  readonly calls: { method: Method; args: unknown[] }[] = [];

  chatUrl = '';
  state: ChatState | null = null;
  agentName?: string;
  agentTyping = false;
  readonly events: ChatEvent[] = [];
  private chats = 0;
  private readonly failures = new Map<Method, ChatApiError[]>();
  private readonly holds = new Map<Method, Promise<void>>();

  /** Makes the next `times` calls of `method` fail. */
  fail(method: Method, code: ChatApiErrorCode = 'server', times = 1): void {
    const errors = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) errors.push(new ChatApiError({ code, message: `${method} failed (${code})` }));
    this.failures.set(method, errors);
  }

  /** Holds every call of `method` until the returned function is called. */
  hold(method: Method): () => void {
    let release!: () => void;
    this.holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /** Calls of one method. */
  callsOf(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private async enter(method: Method, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await this.holds.get(method);
    const error = this.failures.get(method)?.shift();
    if (error) throw error;
  }

  private push(event: Omit<ChatEvent, 'id' | 'time'>): string {
    const id = String(this.events.length);
    this.events.push({ ...event, id, time: new Date().toISOString() } as ChatEvent);
    return id;
  }

  private line(source: 'agent' | 'system' | 'visitor', text: string, extra: Partial<ChatEvent> = {}): string {
    const by = source === 'agent' ? (this.agentName ?? 'Agent') : source === 'system' ? 'info' : 'You';
    return this.push({ type: 'line', text, textType: 'plain', by, source, ...extra } as ChatEvent);
  }

  private setState(state: ChatState): void {
    this.state = state;
    this.push({ type: 'state', state } as ChatEvent);
  }

  // Driving the chat (what the agent side does).

  /** An agent takes the chat. */
  accept(agentName = 'Natalie'): void {
    this.agentName = agentName;
    this.setState('chatting');
    this.line('system', `You are now chatting with ${agentName}`, { systemMessageId: 3 } as Partial<ChatEvent>);
  }

  /** The agent writes a line (`html` for rich text). */
  say(text: string, textType: 'plain' | 'html' = 'plain'): void {
    this.agentTyping = false;
    this.line('agent', text, { textType } as Partial<ChatEvent>);
  }

  typing(on = true): void {
    this.agentTyping = on;
  }

  /** The agent ends the chat. */
  end(): void {
    this.line('system', `${this.agentName ?? 'The agent'} has left the chat`, { systemMessageId: 5 } as Partial<ChatEvent>);
    this.setState('ended');
  }

  // ChatApi

  async getEngagement(request: EngagementRequest = {}): Promise<Engagement> {
    await this.enter('getEngagement', request);
    const details = this.available && this.engagementDetails;
    return {
      status: this.available ? 'Available' : 'NotAvailable',
      visitorId: request.visitorId || 'V1',
      sessionId: request.sessionId || 'S1',
      pageId: 'P1',
      ...(details && { details }),
    };
  }

  async updateSession(engagement: Engagement, update: SessionUpdate): Promise<void> {
    await this.enter('updateSession', engagement, update);
  }

  async getAvailability(skill: string | undefined): Promise<boolean> {
    await this.enter('getAvailability', skill);
    return this.available;
  }

  async getEstimatedWaitTime(skill: string | undefined): Promise<number> {
    await this.enter('getEstimatedWaitTime', skill);
    return this.waitTime;
  }

  async getPreChatSurvey(skill: string | undefined): Promise<Survey | null> {
    await this.enter('getPreChatSurvey', skill);
    return this.preChatSurvey;
  }

  async getOfflineSurvey(skill: string | undefined): Promise<Survey | null> {
    await this.enter('getOfflineSurvey', skill);
    return this.offlineSurvey;
  }

  async submitOfflineSurvey(submission: OfflineSubmission): Promise<void> {
    await this.enter('submitOfflineSurvey', submission);
  }

  async requestChat(request: ChatRequest): Promise<string> {
    await this.enter('requestChat', request);
    this.chatUrl = `https://fake.test/api/account/123/chat/${++this.chats}`;
    this.events.length = 0;
    this.agentName = undefined;
    this.agentTyping = false;
    this.setState('waiting');
    this.line('system', 'Thank you for choosing to chat with us.', { systemMessageId: 4 } as Partial<ChatEvent>);
    return this.chatUrl;
  }

  /** Visitor authentications accepted so far (each answers new ids). */
  private authentications = 0;

  async authenticateVisitor(request: VisitorAuthRequest): Promise<VisitorAuthentication> {
    await this.enter('authenticateVisitor', request);
    const n = ++this.authentications;
    return { participantId: `participant-${n}`, conversationId: `conversation-${n}` };
  }

  async getChat(url: string, _options?: CallOptions): Promise<ChatResource> {
    await this.enter('getChat', url);
    if (!url.startsWith(this.chatUrl)) throw new ChatApiError({ code: 'not-found', message: 'Chat session not found' });
    const from = Number(new URL(url).searchParams.get('from') ?? 0);
    return {
      events: this.events.slice(from),
      info: this.info(),
      links: { self: this.chatUrl, next: `${this.chatUrl}?from=${this.events.length}` },
    };
  }

  private info(): ChatInfo {
    return {
      state: this.state ?? undefined,
      agentName: this.agentName,
      agentTyping: this.agentTyping ? 'typing' : 'not-typing',
    };
  }

  async getInfo(chatUrl: string): Promise<ChatInfo> {
    await this.enter('getInfo', chatUrl);
    return this.info();
  }

  async addLine(chatUrl: string, text: string): Promise<string | undefined> {
    await this.enter('addLine', chatUrl, text);
    if (this.state !== 'chatting') throw new ChatApiError({ code: 'bad-request', message: 'Cannot add line while not in chat' });
    return this.line('visitor', text);
  }

  async endChat(chatUrl: string): Promise<void> {
    await this.enter('endChat', chatUrl);
    this.setState('ended');
  }

  async setVisitorTyping(chatUrl: string, typing: boolean): Promise<void> {
    await this.enter('setVisitorTyping', chatUrl, typing);
  }

  async setVisitorName(chatUrl: string, name: string): Promise<void> {
    await this.enter('setVisitorName', chatUrl, name);
  }

  async getExitSurvey(chatUrl: string): Promise<Survey | null> {
    await this.enter('getExitSurvey', chatUrl);
    return this.exitSurvey;
  }

  async submitExitSurvey(chatUrl: string, surveyId: string, answers: SurveyAnswers): Promise<void> {
    await this.enter('submitExitSurvey', chatUrl, surveyId, answers);
  }

  async requestTranscript(chatUrl: string, email: string): Promise<void> {
    await this.enter('requestTranscript', chatUrl, email);
  }
}

/** A survey question with defaults, for building test surveys. */
export function question(q: Partial<Survey['questions'][number]> & { id: string; label: string }): Survey['questions'][number] {
  return { order: 0, mandatory: false, validation: 'alpha_numeric', type: 'text', lastKnownValue: '', entries: [], ...q };
}

/** Survey entries from values (label = value). */
export function entries(...values: string[]): Survey['questions'][number]['entries'] {
  return values.map((value) => ({ value, label: value, checked: false, showLogicIds: [] }));
}
