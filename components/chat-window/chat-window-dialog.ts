import { html, type PropertyValues, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { createChatApi } from '../../src/api/chat-api.js';
import type { checkAttributes, EngagementAttribute } from '../../src/api/sde.js';
import type { ChatApi, Survey, SurveyAnswers } from '../../src/api/types.js';
import { toWebTagEngagement } from '../../src/api/web-tag.js';
import { ChatController } from '../../src/controllers/chat-controller.js';
import { ConnectivityController } from '../../src/controllers/connectivity-controller.js';
import { LpErrorEvent } from '../../src/events/lp-error.js';
import { LpFunnelEvent } from '../../src/events/lp-funnel.js';
import { LpMessageEvent } from '../../src/events/lp-message.js';
import { LpSendEvent } from '../../src/events/lp-send.js';
import { formatMinutes } from '../../src/i18n/format.js';
import { en, type Strings } from '../../src/i18n/strings.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { chatMachine } from '../../src/machine/chat.machine.js';
import type { ChatContext, ChatEvent, ChatStatus, ChatTiming, ErrorInfo } from '../../src/machine/chat.types.js';
import { statusOf } from '../../src/machine/status.js';
import { configErrorView, loadingView, viewOf, type ChatView, type Conversation, type Notice, type ViewOf } from '../../src/machine/view.js';
import { createChatStore, storageFor, type PersistMode } from '../../src/persist/chat-store.js';
import { createDraftStore, type DraftStore } from '../../src/persist/draft-store.js';
import { createVisitorStore } from '../../src/persist/visitor-store.js';
import { keptChatKey } from '../../src/persist/kept-chat.js';
import { hiddenTabTimers } from '../../src/timers/hidden-tab-timers.js';
import { LpChatComposer } from '../chat-composer/chat-composer.js';
import { composerStyles } from '../chat-composer/chat-composer.styles.js';
import { LpChatLog } from '../chat-log/chat-log.js';
import { logStyles } from '../chat-log/chat-log.styles.js';
import { LpChatMessage } from '../chat-message/chat-message.js';
import { messageStyles } from '../chat-message/chat-message.styles.js';
import { LpChatSurvey } from '../chat-survey/chat-survey.js';
import { surveyStyles } from '../chat-survey/chat-survey.styles.js';
import { dialogStyles } from './chat-window-dialog.styles.js';
import type { FrameContent } from './chat-window-frame.js';

type Detail<T> = CustomEvent<T>;

const ACCOUNT = /^\w{1,20}$/;

/** A line announced politely (`role="status"`). */
const info = (text: string, cls = 'note') => html`<p class=${cls} role="status">${text}</p>`;
/** An error line (`role="alert"`, part `error`). */
const alert = (text: string, cls = 'note__error') => html`<p class=${cls} part="error" role="alert">${text}</p>`;

const views = {
  'lp-chat-log': LpChatLog,
  'lp-chat-message': LpChatMessage,
  'lp-chat-composer': LpChatComposer,
  'lp-chat-survey': LpChatSurvey,
};

/** Registers the dialog's internal views (the first definition of each tag wins). */
export function defineViews(): void {
  for (const [name, element] of Object.entries(views)) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lp-chat-log': LpChatLog;
    'lp-chat-message': LpChatMessage;
    'lp-chat-composer': LpChatComposer;
    'lp-chat-survey': LpChatSurvey;
  }
}

/** What the dialog reads of its `<lp-chat-window>`: the configuration, and its own strings. */
export interface DialogHost extends ReactiveControllerHost, HTMLElement {
  account: string;
  appKey: string;
  csds: string;
  chatDomain: string;
  skill: string;
  lang: string;
  relay: string;
  appKeyIn: 'header' | 'query';
  persist: PersistMode;
  sections: string;
  visitorName: string;
  engagementAttributes?: unknown;
  jsMethodName: string;
  authFallback: boolean;
  maxLength: number;
  agentAvatar: string;
  notifyTitle: boolean;
  notifySound: boolean;
  getAuthCode?: () => unknown;
  api?: ChatApi;
  timing?: Partial<ChatTiming>;
}

/** What the dialog tells its `<lp-chat-window>`. */
export interface DialogCallbacks {
  /** The table of the window's language, now; undefined for English (`en`). */
  strings(): Strings | undefined;
  /** The status changed (also when the configuration keeps the chat from running). */
  status(status: ChatStatus): void;
  /** The element's dialog frame (title bar, minimise, Escape), holding `content`. */
  frame(open: boolean, content: FrameContent): TemplateResult;
}

/**
 * The conversation half of `<lp-chat-window>`, loaded when the visitor shows an interest (or the
 * browser is idle, or a kept chat is waiting): the chat itself (API, machine, tabs, persistence)
 * and the dialog that shows it. The element itself stays small: it paints the launcher and loads this.
 */
export class ChatWindowDialog {
  /** Styles of the dialog's views, adopted by the element's shadow root once this has loaded. */
  static readonly styles = [dialogStyles, logStyles, messageStyles, composerStyles, surveyStyles];

  /** The conversation (run here or in another tab of the site), once the configuration lets it run. */
  #chat?: ChatController;
  /** Whether the configuration has been tried once. */
  #tried = false;
  /** Why the window cannot work: its account, another attribute, or nothing (''). */
  #configError: '' | 'account' | 'config' = '';
  /** The title notice and chime, once asked for. */
  #notify?: Promise<unknown>;
  /** The engagement attribute checks, once their module has arrived (null: it could not be loaded). */
  #check?: typeof checkAttributes | null;
  /** Their module, asked for the first time the host gives attributes (most pages never do). */
  #checks?: Promise<void>;
  /** Attributes the host changed while the checks were on their way: the latest go once they are there. */
  #attributesDue = false;
  /** The transcript request, as a one-question form, for the strings it was made with. */
  #transcriptForm?: [Strings, Survey];
  /** The visitor's unsent line, kept in this tab across pages (unless nothing is kept). */
  #drafts?: DraftStore;
  /** The kept draft and its chat, as last read or written (so a render does not read the storage). */
  #draft?: [chat: string, text: string];
  /** The visitor pressed End chat and is asked to confirm (a tap beside Minimise easily slips). */
  #confirmingEnd = false;
  readonly #host: DialogHost;
  readonly #callbacks: DialogCallbacks;

  constructor(host: DialogHost, callbacks: DialogCallbacks) {
    defineViews();
    this.#host = host;
    this.#callbacks = callbacks;
    new ConnectivityController(host, (online) => this.send({ type: online ? 'net.online' : 'net.offline' }));
  }

  /** Whether the window is open, once a chat runs (undefined before: the element's attribute decides). */
  get open(): boolean | undefined {
    return this.#chat?.open;
  }

  /** The engagement's language (App Engagement's or the Web Tag's), once there is one. */
  get language(): string | undefined {
    return this.#chat?.snapshot.context.engagement?.details?.language;
  }

  /** Called from the element's `willUpdate`: sets the chat up once the configuration allows it. */
  update(changed: PropertyValues): void {
    if (!this.#chat && (!this.#tried || changed.has('account') || changed.has('api'))) this.#setup();
    // (Before the chat is set up, its setup reads them.)
    else if (this.#chat && changed.has('engagementAttributes')) this.#sendAttributes();
    const chat = this.#chat;
    // The title notice and the chime, from the first time either is asked for.
    if (chat && (this.#host.notifyTitle || this.#host.notifySound)) {
      this.#notify ??= import('../../src/controllers/notify-controller.js').then(({ NotifyController }) => new NotifyController(this.#host, chat));
    }
  }

  send(event: ChatEvent): void {
    this.#chat?.send(event);
  }

  /** The page's Web Tag engaged the visitor (`data` as it passed it): the next chat carries its ids. */
  engage(data: unknown): void {
    this.send({ type: 'webtag.engage', engagement: toWebTagEngagement(data) });
  }

  /**
   * Whether the host gives engagement attributes, by the property or the attribute (read into the
   * property; a malformed one leaves it null and needs no checks to be named).
   */
  #hasAttributes(): boolean {
    return this.#host.engagementAttributes != null;
  }

  /** Whether the chat waits for the attribute checks before it is set up. */
  get #waiting(): boolean {
    return !!this.#checks && this.#check === undefined;
  }

  /**
   * Loads the attribute checks once. When they cannot be had, the chat goes on without attributes
   * and says so: one console error.
   */
  #loadChecks(): Promise<void> {
    return (this.#checks ??= import('../../src/api/sde.js').then(
      (module) => {
        this.#check = module.checkAttributes;
      },
      (error: unknown) => {
        this.#check = null;
        console.error(`<lp-chat-window>: the engagement attribute checks could not be loaded, the chat goes on without attributes (${(error as Error).message})`);
      },
    ));
  }

  /** Tells the chat the host's attributes, once they can be checked (the latest, when several changes wait). */
  #sendAttributes(): void {
    if (this.#check !== undefined || !this.#hasAttributes()) return this.send({ type: 'host.attributes', attributes: this.#attributes() });
    if (this.#attributesDue) return;
    this.#attributesDue = true;
    void this.#loadChecks().then(() => {
      this.#attributesDue = false;
      this.#sendAttributes();
    });
  }

  /** The host's engagement attributes fit to send; each one refused is named in a console error. */
  #attributes(): EngagementAttribute[] {
    const { engagementAttributes: list } = this.#host;
    const broken = list == null && this.#host.getAttribute('engagement-attributes');
    const { attributes, problems } = list != null && this.#check ? this.#check(list) : { attributes: [], problems: [] };
    if (broken) problems.push('the engagement-attributes attribute is not a JSON list');
    for (const problem of problems) console.error(`<lp-chat-window>: ${problem}`);
    return attributes;
  }

  /** What the window shows now. */
  view(): ChatView {
    return this.#chat ? viewOf(this.#chat.snapshot) : this.#waiting ? loadingView() : configErrorView(this.#configError || 'config');
  }

  /** Builds the API and the chat once, when the configuration allows it. */
  #setup(): void {
    const host = this.#host;
    // The attributes go with the first App Engagement call: their checks come first, and the next
    // update sets the chat up (the window shows that it is loading meanwhile).
    if (this.#check === undefined && this.#hasAttributes()) {
      if (this.#waiting) return;
      if (this.#tried) this.#callbacks.status('loading');
      this.#tried = false;
      void this.#loadChecks().then(() => host.requestUpdate());
      return;
    }
    this.#tried = true;
    let api = host.api;
    const badAccount = !api && !ACCOUNT.test(host.account);
    try {
      if (badAccount) throw new Error(`missing or invalid account "${host.account}"`);
      api ??= createChatApi({
        account: host.account,
        appKey: host.appKey,
        csds: host.csds || undefined,
        chatDomain: host.chatDomain || undefined,
        relay: host.relay || undefined,
        appKeyIn: host.appKeyIn === 'query' ? 'query' : 'header',
      });
    } catch (error) {
      if (!this.#configError) console.error(`<lp-chat-window>: ${(error as Error).message}`);
      this.#configError = badAccount ? 'account' : 'config';
      return this.#callbacks.status('error');
    }
    this.#configError = '';
    const key = host.account || 'api';
    const storage = storageFor(host.persist);
    const visitor = createVisitorStore(storage, key);
    this.#drafts = createDraftStore(storage && storageFor('session'), key);
    const chat = new ChatController(host, {
      // The chat keeps its cadence in a hidden tab, where the page's own timers are throttled.
      machine: chatMachine.provide({ actors: createChatActors(api, hiddenTabTimers(), () => host.getAuthCode?.()) }),
      clock: hiddenTabTimers(),
      input: {
        skill: host.skill || undefined,
        // The engagement's language wins unless the host set one.
        language: host.lang || undefined,
        timing: host.timing,
        chatReferrer: location.href,
        userAgent: navigator.userAgent,
        visitorName: host.visitorName || undefined,
        sections: host.sections.split(',').map((s) => s.trim()).filter(Boolean),
        engagementAttributes: this.#attributes(),
        visitor: visitor.load(),
        monitored: !!host.jsMethodName,
        authFallback: host.authFallback,
      },
      store: createChatStore(storage, key),
      // The tabs of the site share one chat (one of them talks to the platform), unless nothing is kept.
      shareAs: host.persist === 'none' ? undefined : keptChatKey(key),
      open: host.hasAttribute('open'),
      changed: (s) => this.#callbacks.status(statusOf(s)),
    });
    chat.on('message.received', (e) => host.dispatchEvent(new LpMessageEvent({ message: e.message })));
    chat.on('engagement.session', (ids) => visitor.save(ids));
    chat.on('funnel', (e) => host.dispatchEvent(new LpFunnelEvent(e.step)));
    chat.on('error.raised', (e) => {
      if (e.error.code === 'config') console.error(`<lp-chat-window>: ${e.error.message}`);
      host.dispatchEvent(new LpErrorEvent(e.error));
    });
    this.#chat = chat;
    this.#callbacks.status(statusOf(chat.snapshot));
  }

  get #t(): Strings {
    return this.#callbacks.strings() ?? en;
  }

  // Listeners are arrow functions: Lit calls a template's listeners with the element as `this`.


  readonly #handleSend = (e: Detail<string>): void => {
    if (this.#host.dispatchEvent(new LpSendEvent({ text: e.detail }))) {
      this.#keepDraft('');
      this.send({ type: 'user.send', text: e.detail });
    } else e.preventDefault();
  };

  /** End chat asks first; the question takes focus. */
  readonly #askEnd = (): void => {
    this.#confirmingEnd = true;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#host.shadowRoot?.querySelector<HTMLElement>('.confirm button')?.focus());
  };

  /** An answer to it: End chat ends the chat; Keep chatting (or Escape) does not (focus goes back to the message box). */
  #answerEnd(end: boolean): void {
    this.#confirmingEnd = false;
    this.#host.requestUpdate();
    if (end) this.send({ type: 'user.end' });
  }

  readonly #handleConfirmKeys = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || e.isComposing) return;
    // Answered here: the window stays open.
    e.preventDefault();
    this.#answerEnd(false);
  };

  /** The draft changed: it is kept, and the agent sees the visitor typing. */
  readonly #handleInput = (e: Detail<string>): void => {
    this.#keepDraft(e.detail);
    if (e.detail) this.send({ type: 'user.typing' });
  };

  get #chatUrl(): string {
    return this.#chat?.snapshot.context.chatUrl ?? '';
  }

  /** The draft the message box starts with: the one kept for this chat. */
  get #startDraft(): string {
    const chat = this.#chatUrl;
    if (this.#draft?.[0] !== chat) this.#draft = [chat, this.#drafts?.load(chat) ?? ''];
    return this.#draft[1];
  }

  #keepDraft(text: string): void {
    const chat = this.#chatUrl;
    this.#draft = [chat, text];
    this.#drafts?.save(chat, text);
  }

  readonly #handleAnswers = (e: Detail<SurveyAnswers>): void => {
    this.send({ type: 'user.submitSurvey', answers: e.detail });
  };

  readonly #handleTranscript = (e: Detail<SurveyAnswers>): void => {
    this.send({ type: 'user.requestTranscript', email: e.detail.email as string });
  };

  readonly #handleRetryLine = (e: Detail<string>): void => {
    this.send({ type: 'user.retryLine', key: e.detail });
  };

  /** What failed, in words; "try again" only where trying again can help. */
  #errorText(error: ErrorInfo | null): string {
    const t = this.#t;
    const { during, code, retryable } = error ?? {};
    return code === 'config'
      ? t.badConfig
      : during === 'authentication' && code === 'unauthorized'
      ? t.errorAuth
      : during === 'send'
      ? t.errorSend
      : during === 'poll'
        ? t.errorLost
        : during === 'end'
          ? t.errorEnd
          : !retryable || during === 'survey'
            ? t.errorFinal
            : code === 'network' || code === 'timeout' ? t.errorNetwork : t.error;
  }

  /** The header's line under the title: where the chat stands. */
  #headerStatus(view: ChatView): string {
    const t = this.#t;
    if (view.kind === 'ended') return t.ended;
    if (view.kind !== 'live') return '';
    const agent = view.conversation.agentName;
    return view.ending ? t.ending : view.waiting ? t.waiting : agent ? t.chattingWith(agent) : '';
  }

  /** The line above the content: reconnecting, or a failure the content does not show. */
  #renderNotice(notice: Notice | null) {
    if (!notice) return '';
    return notice.kind === 'reconnecting'
      ? info(this.#t.reconnecting, 'notice')
      : alert(this.#errorText(notice.error), 'notice notice--error');
  }

  /** The conversation (live or ended). */
  #renderLog({ messages, agentName, agentTyping, canRetry }: Conversation) {
    const t = this.#t;
    const host = this.#host;
    return html`<lp-chat-log .t=${t} .messages=${messages} .typing=${agentTyping ? agentName || t.agent : ''} .retryable=${canRetry}
      .locale=${host.lang} .avatar=${host.agentAvatar} @chat-retry=${this.#handleRetryLine}></lp-chat-log>`;
  }

  #renderSurvey(survey: Survey, submit: string, busy = false, skip = '', onAnswers = this.#handleAnswers) {
    return html`<lp-chat-survey .t=${this.#t} .survey=${survey} .submitLabel=${submit} .skipLabel=${skip} ?busy=${busy}
      @chat-answers=${onAnswers} @chat-skip=${() => this.send({ type: 'user.skipSurvey' })}></lp-chat-survey>`;
  }

  #renderConfigError({ reason }: ViewOf<'config-error'>) {
    const t = this.#t;
    return alert(reason === 'account' ? t.badAccount : t.badConfig, 'note note--error');
  }

  #renderError({ error, canRetry }: ViewOf<'error'>) {
    return html`<div class="note">
      ${alert(this.#errorText(error))}
      ${canRetry ? html`<button @click=${() => this.send({ type: 'user.retry' })}>${this.#t.tryAgain}</button>` : ''}
    </div>`;
  }

  #renderPrechat({ survey }: ViewOf<'prechat'>) {
    return this.#renderSurvey(survey, this.#t.startChat);
  }

  /** Below the conversation while it is live: the estimated wait, and the message box. */
  #renderLive({ estimatedWait, canSend }: ViewOf<'live'>) {
    const t = this.#t;
    const wait = estimatedWait ? t.wait(formatMinutes(Math.ceil(estimatedWait / 60), t.lang)) : estimatedWait === 0 ? t.waitShort : '';
    return html`${wait ? info(wait, 'notice') : ''}
      <lp-chat-composer .t=${t} .max=${this.#host.maxLength} .draft=${this.#startDraft} ?disabled=${!canSend}
        @chat-send=${this.#handleSend} @chat-input=${this.#handleInput}></lp-chat-composer>`;
  }

  /** Below the conversation once it is over: the exit survey, then thanks. */
  #renderEnded(view: ViewOf<'ended'>) {
    const t = this.#t;
    return html`<div class="after-chat">
      ${view.step === 'loading'
        ? info(t.loading)
        : view.step === 'thanks'
          ? this.#renderThanks(view.transcript, view.vanished)
          : this.#renderSurvey(view.survey, t.submit, view.step === 'submitting', t.skip)}
    </div>`;
  }

  /** Thanks, the transcript form (or that the transcript is on its way), and a new chat. */
  #renderThanks(transcript: ChatContext['transcript'], vanished: boolean) {
    const t = this.#t;
    if (this.#transcriptForm?.[0] !== t) {
      this.#transcriptForm = [
        t,
        {
          id: 'transcript',
          title: '',
          header: '',
          questions: [
            { id: 'email', order: 0, mandatory: true, validation: 'email', label: t.email, type: 'text', lastKnownValue: '', entries: [] },
          ],
        },
      ];
    }
    return html`<div class="note">
      <p>${t.thanks}</p>
      ${vanished
        ? ''
        : transcript === 'sent'
        ? info(t.transcriptSent, '')
        : html`${this.#renderSurvey(this.#transcriptForm[1], t.sendTranscript, transcript === 'sending', '', this.#handleTranscript)}
          ${transcript === 'failed' ? alert(t.transcriptFailed) : ''}`}
      <button class="button--secondary" @click=${() => this.send({ type: 'user.newChat' })}>${t.newChat}</button>
    </div>`;
  }

  #renderOffline(view: ViewOf<'offline'>) {
    const t = this.#t;
    switch (view.step) {
      case 'loading':
        return info(t.loading);
      case 'no-survey':
        return info(t.noSurvey);
      case 'sent':
        return info(t.offlineSent);
      default:
        return this.#renderSurvey(view.survey, t.offlineSend, view.step === 'sending');
    }
  }

  /** The body's own screen (below the log, for a chat that has one). */
  #renderScreen(view: ChatView) {
    switch (view.kind) {
      case 'config-error':
        return this.#renderConfigError(view);
      case 'loading':
        return info(this.#t.loading);
      case 'connecting':
        return info(this.#t.connecting);
      case 'error':
        return this.#renderError(view);
      case 'prechat':
        return this.#renderPrechat(view);
      case 'live':
        return this.#renderLive(view);
      case 'ended':
        return this.#renderEnded(view);
      case 'offline':
        return this.#renderOffline(view);
    }
  }

  /** Whether the visitor really wants to end the chat: asked under the title bar. */
  #renderConfirmEnd() {
    const t = this.#t;
    return html`<div class="notice confirm" role="group" aria-labelledby="confirm-end" @keydown=${this.#handleConfirmKeys}>
      <p id="confirm-end">${t.endConfirm}</p>
      <button @click=${() => this.#answerEnd(true)}>${t.end}</button>
      <button class="button--secondary" @click=${() => this.#answerEnd(false)}>${t.keepChatting}</button>
    </div>`;
  }

  /** The dialog for `view` (from `view()`), open or hidden. */
  render(view: ChatView, open: boolean) {
    const t = this.#t;
    // A question about a chat that is no longer live goes with it.
    this.#confirmingEnd &&= view.kind === 'live';
    // The log sits in one place for live and ended chats: it stays the same element when the chat
    // ends (its scroll position, its "New messages" button).
    return this.#callbacks.frame(open, {
      title: view.leaveMessage ? t.offline : t.title,
      status: this.#headerStatus(view),
      action:
        view.kind === 'live' ? html`<button class="button--secondary" part="end-button" @click=${this.#askEnd}>${t.end}</button>` : '',
      body: html`${this.#confirmingEnd ? this.#renderConfirmEnd() : ''}${this.#renderNotice(view.notice)}
        ${view.kind === 'live' || view.kind === 'ended' ? this.#renderLog(view.conversation) : ''}
        ${this.#renderScreen(view)}`,
    });
  }
}
