import { html, LitElement, type PropertyValues } from 'lit';
import { createChatApi, GLOBAL_APP_KEY } from '../../src/api/chat-api.js';
import type { ChatApi, Survey, SurveyAnswers } from '../../src/api/types.js';
import { ChatController } from '../../src/controllers/chat-controller.js';
import { FocusController } from '../../src/controllers/focus-controller.js';
import { LpCloseEvent, type LpCloseSource } from '../../src/events/lp-close.js';
import { LpErrorEvent } from '../../src/events/lp-error.js';
import { LpMessageEvent } from '../../src/events/lp-message.js';
import { LpOpenEvent, type LpOpenSource } from '../../src/events/lp-open.js';
import { LpSendEvent } from '../../src/events/lp-send.js';
import { LpStatusChangeEvent } from '../../src/events/lp-status-change.js';
import { en, stringsFor } from '../../src/i18n/strings.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { createHiddenTabTimers } from '../../src/timers/hidden-tab-timers.js';
import { chatMachine } from '../../src/machine/chat.machine.js';
import type { ChatContext, ChatEvent, ChatStatus, ChatTiming, ErrorInfo } from '../../src/machine/chat.types.js';
import { ConnectivityController } from '../../src/controllers/connectivity-controller.js';
import { createChatStore, storageFor, type PersistMode } from '../../src/persist/chat-store.js';
import { statusOf } from '../../src/machine/status.js';
import { configErrorView, viewOf, type ChatView, type Conversation, type Notice, type ViewOf } from '../../src/machine/view.js';
import { hostStyles } from '../../styles/host.styles.js';
import { composerStyles } from '../chat-composer/chat-composer.styles.js';
import { logStyles } from '../chat-log/chat-log.styles.js';
import { messageStyles } from '../chat-message/chat-message.styles.js';
import { surveyStyles } from '../chat-survey/chat-survey.styles.js';
import { windowStyles } from './chat-window.styles.js';

type Detail<T> = CustomEvent<T>;

const ACCOUNT = /^\w{1,20}$/;

/** A line announced politely (`role="status"`). */
const info = (text: string, cls = 'note') => html`<p class=${cls} role="status">${text}</p>`;
/** An error line (`role="alert"`, part `error`). */
const alert = (text: string, cls = 'note__error') => html`<p class=${cls} part="error" role="alert">${text}</p>`;

/**
 * A consumer chat window for LivePerson's chat platform: a launcher button and a non-modal chat
 * dialog (pre-chat survey, queue, conversation, exit survey, transcript, leave-a-message).
 * Configuration is read at the element's first update (properties set right after inserting it count).
 *
 * @summary Embeddable LivePerson chat window.
 *
 * @event lp-open - The visitor or `open()` opened the window (not the host setting `isOpen`).
 *   `detail: { source: 'launcher' | 'api' }`
 * @event lp-close - The visitor or `close()` is closing the window (cancelable; not when the host sets
 *   `isOpen`). `detail: { source: 'close-button' | 'escape' | 'api' }`
 * @event lp-status-change - `status` changed. `detail: { status, previous }`
 * @event lp-message - An agent or system line arrived. `detail: { message }`
 * @event lp-send - The visitor is sending a line (cancelable: the draft stays). `detail: { text }`
 * @event lp-error - A failure. `detail: { code, message, retryable, during }`
 *
 * @csspart launcher - The round button that opens and closes the window; the unread count is part
 *   of its name.
 * @csspart window - The chat dialog, labelled by its title.
 * @csspart header - Title bar. @csspart title - The title. @csspart status - The line under it.
 * @csspart end-button - "End chat", while a chat is live. @csspart close-button - Minimises the window.
 * @csspart log - The message list. @csspart typing-indicator - "… is typing".
 * @csspart message - A line, also `message--agent|visitor|system|failed`. @csspart bubble - Its text.
 * @csspart composer - The message form. @csspart input - Its textarea. @csspart send-button - "Send".
 * @csspart survey - A survey or transcript form. @csspart error - An error message.
 *
 * @cssproperty [--lp-color-primary=#2457d6] - Brand colour (launcher, header, visitor bubbles, buttons).
 * @cssproperty [--lp-chat-width=380px] - Window width (see styles/tokens.css for every token).
 *
 * Custom states (`lp-chat-window:state(chatting)`): one per `status` value.
 */
export class LpChatWindow extends LitElement {
  static override styles = [hostStyles, windowStyles, logStyles, messageStyles, composerStyles, surveyStyles];
  static override properties = {
    account: {},
    appKey: { attribute: 'app-key' },
    csds: {},
    chatDomain: { attribute: 'chat-domain' },
    skill: {},
    isOpen: { type: Boolean, reflect: true, attribute: 'open' },
    lang: {},
    relay: {},
    appKeyIn: { attribute: 'app-key-in' },
    persist: {},
    api: { attribute: false },
  };

  /** The conversation (run here or in another tab of the site), once the configuration lets it run. */
  #chat?: ChatController;
  readonly #internals = this.attachInternals?.();
  #lastStatus?: ChatStatus;
  /** The transcript request, as a one-question form in the window's language. */
  #transcriptForm!: Survey;
  #t = en;
  /** Why the window cannot work: its account, another attribute, or nothing (''). Set before rendering. */
  #configError: '' | 'account' | 'config' = '';

  /** LivePerson account (site) id. Required. */
  account = '';
  /** Server Chat API application key. */
  appKey = GLOBAL_APP_KEY;
  /** Domain API base URL, where the chat domain is looked up. */
  csds = 'https://api.liveperson.net';
  /** Server Chat API domain, to skip the Domain API lookup. */
  chatDomain = '';
  /** Skill (agent group) to chat with. */
  skill = '';
  /** Language of the window's texts and of the server's system lines. */
  override lang = document.documentElement.lang || 'en-US';
  /** The chat API to use instead of building one from the attributes (hosts, tests). */
  api?: ChatApi;
  /**
   * A first-party relay on the page's own origin (e.g. `/lp-relay`) through which every platform
   * call goes; without it the window calls the platform directly (cross-origin).
   */
  relay = '';
  /** Where the appKey goes on direct calls: `header` (documented) or `query` (accounts that refuse the header). */
  appKeyIn: 'header' | 'query' = 'header';
  /** Where the chat is kept across reloads and pages: `session` (this tab), `local` (the browser) or `none`. */
  persist: PersistMode = 'session';
  /** Overrides of the polling, retry and typing timings. */
  timing?: Partial<ChatTiming>;

  constructor() {
    super();
    new ConnectivityController(this, (online) => this.#send({ type: online ? 'net.online' : 'net.offline' }));
    new FocusController(this, {
      isOpen: () => this.isOpen,
      launcher: () => this.renderRoot.querySelector<HTMLElement>('.launcher'),
      targets: [
        // The message box while chatting,
        '[part=input]:enabled',
        // else the first field or button of the body, but not the log's (a line's Retry, "New messages"),
        '.window__body :is(input, select, textarea, button):enabled:not(lp-chat-log *)',
        // else the header's.
        '.header button',
      ],
      views: 'lp-chat-log, lp-chat-composer, lp-chat-survey',
    });
  }

  /**
   * Whether the window is open (the `open` attribute, reflected); setting it opens or closes the
   * window, without `lp-open` or `lp-close`: the host already knows. The one truth is the machine's
   * `context.open` once it runs; before that (and when the configuration keeps it from running) it
   * is the attribute.
   */
  get isOpen(): boolean {
    return this.#chat ? this.#chat.open : this.hasAttribute('open');
  }

  set isOpen(open: boolean) {
    if (this.#chat) this.#send({ type: open ? 'user.open' : 'user.close' });
    else this.toggleAttribute('open', open);
  }

  /** The conversation status. */
  get status(): ChatStatus {
    return this.#lastStatus ?? 'loading';
  }

  /** Builds the API and the actor controller once, when the configuration allows it. */
  #setup(): void {
    if (this.#chat) return;
    let api = this.api;
    const badAccount = !api && !ACCOUNT.test(this.account);
    try {
      if (badAccount) throw new Error(`missing or invalid account "${this.account}"`);
      api ??= createChatApi({
        account: this.account,
        appKey: this.appKey,
        csds: this.csds || undefined,
        chatDomain: this.chatDomain || undefined,
        relay: this.relay || undefined,
        appKeyIn: this.appKeyIn === 'query' ? 'query' : 'header',
      });
    } catch (error) {
      if (!this.#configError) console.error(`<lp-chat-window>: ${(error as Error).message}`);
      this.#configError = badAccount ? 'account' : 'config';
      return this.#setStatus('error');
    }
    this.#configError = '';
    const chat = new ChatController(this, {
      // The poller keeps its cadence in a hidden tab, where the page's own timers are throttled.
      machine: chatMachine.provide({ actors: createChatActors(api, createHiddenTabTimers()) }),
      input: {
        skill: this.skill || undefined,
        // The engagement's language wins unless the host set one.
        language: this.hasAttribute('lang') ? this.lang : undefined,
        timing: this.timing,
        chatReferrer: location.href,
        userAgent: navigator.userAgent,
      },
      store: createChatStore(storageFor(this.persist), this.account || 'api'),
      // The tabs of the site share one chat (one of them talks to the platform), unless nothing is kept.
      shareAs: this.persist === 'none' ? undefined : `lp-chat-window:${this.account || 'api'}`,
      open: this.hasAttribute('open'),
      changed: (s) => this.#setStatus(statusOf(s)),
    });
    chat.on('message.received', (e) => this.dispatchEvent(new LpMessageEvent({ message: e.message })));
    chat.on('error.raised', (e) => {
      if (e.error.code === 'config') console.error(`<lp-chat-window>: ${e.error.message}`);
      this.dispatchEvent(new LpErrorEvent(e.error));
    });
    this.#chat = chat;
    this.#setStatus(statusOf(chat.snapshot));
  }

  /** Records the status: custom state, and `lp-status-change` for every change after the first. */
  #setStatus(status: ChatStatus): void {
    const previous = this.#lastStatus;
    if (status === previous) return;
    this.#lastStatus = status;
    const states = this.#internals?.states;
    try {
      states?.clear();
      states?.add(status);
    } catch {
      // Engines with the early CustomStateSet accept only dashed names.
      states?.add(`--${status}`);
    }
    if (previous) this.dispatchEvent(new LpStatusChangeEvent({ status, previous }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) {
      const t = (this.#t = stringsFor(this.lang));
      this.#transcriptForm = {
        id: 'transcript',
        title: '',
        header: '',
        questions: [
          { id: 'email', order: 0, mandatory: true, validation: 'email', label: t.email, type: 'text', lastKnownValue: '', entries: [] },
        ],
      };
    }
    if (!this.#chat && (!this.hasUpdated || changed.has('account') || changed.has('api'))) this.#setup();
    // The attribute follows the machine, whatever opened or closed the window.
    if (this.hasAttribute('open') !== this.isOpen) this.requestUpdate('isOpen', !this.isOpen);
  }

  #send(event: ChatEvent): void {
    this.#chat?.send(event);
  }

  #requestOpen(source: LpOpenSource): void {
    if (this.isOpen) return;
    this.isOpen = true;
    if (this.isOpen) this.dispatchEvent(new LpOpenEvent({ source }));
  }

  #requestClose(source: LpCloseSource): void {
    if (this.isOpen && this.dispatchEvent(new LpCloseEvent({ source }))) this.isOpen = false;
  }

  #handleKeyDown(e: KeyboardEvent): void {
    // An IME composition takes its own Escape.
    if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
    e.preventDefault();
    this.#requestClose('escape');
  }

  #handleSend(e: Detail<string>): void {
    if (this.dispatchEvent(new LpSendEvent({ text: e.detail }))) this.#send({ type: 'user.send', text: e.detail });
    else e.preventDefault();
  }

  #handleAnswers(e: Detail<SurveyAnswers>): void {
    this.#send({ type: 'user.submitSurvey', answers: e.detail });
  }

  #handleTranscript(e: Detail<SurveyAnswers>): void {
    this.#send({ type: 'user.requestTranscript', email: e.detail.email as string });
  }

  #handleRetryLine(e: Detail<string>): void {
    this.#send({ type: 'user.retryLine', key: e.detail });
  }

  /** Opens the window; `lp-open` follows with `source: 'api'`. */
  open(): void {
    this.#requestOpen('api');
  }

  /** Closes (minimises) the window; a cancelable `lp-close` with `source: 'api'` comes first. */
  close(): void {
    this.#requestClose('api');
  }

  /** Ends the chat, when one is live. */
  endChat(): void {
    this.#send({ type: 'user.end' });
  }

  /** What failed, in words; "try again" only where trying again can help. */
  #errorText(error: ErrorInfo | null): string {
    const t = this.#t;
    const { during, code, retryable } = error ?? {};
    return code === 'config'
      ? t.badConfig
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

  #renderLauncher({ leaveMessage, unread }: ChatView) {
    const t = this.#t;
    const open = this.isOpen;
    return html`<button class="launcher" part="launcher" lang=${t.lang} aria-controls="window" aria-expanded=${open}
      @click=${() => (open ? this.#requestClose('close-button') : this.#requestOpen('launcher'))}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" /></svg>
      <span class="vh">${leaveMessage ? t.offline : t.launcher}${unread ? `, ${t.unread(unread)}` : ''}</span>
      ${unread ? html`<span class="launcher__badge" aria-hidden="true">${unread}</span>` : ''}
    </button>`;
  }

  #renderHeader(view: ChatView) {
    const t = this.#t;
    return html`<header class="header" part="header">
      <div class="header__titles">
        <h2 id="title" part="title">${view.leaveMessage ? t.offline : t.title}</h2>
        <p class="header__status" part="status">${this.#headerStatus(view)}</p>
      </div>
      ${view.kind === 'live' ? html`<button class="button--secondary" part="end-button" @click=${this.endChat}>${t.end}</button>` : ''}
      <button class="button--icon" part="close-button" aria-label=${t.close} @click=${() => this.#requestClose('close-button')}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 11h14v2H5z" /></svg>
      </button>
    </header>`;
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
    return html`<lp-chat-log .t=${t} .messages=${messages} .typing=${agentTyping ? agentName || t.agent : ''} .retryable=${canRetry}
      @chat-retry=${this.#handleRetryLine}></lp-chat-log>`;
  }

  #renderSurvey(survey: Survey, submit: string, busy = false, skip = '', onAnswers = this.#handleAnswers) {
    return html`<lp-chat-survey .t=${this.#t} .survey=${survey} .submitLabel=${submit} .skipLabel=${skip} ?busy=${busy}
      @chat-answers=${onAnswers} @chat-skip=${() => this.#send({ type: 'user.skipSurvey' })}></lp-chat-survey>`;
  }

  #renderConfigError({ reason }: ViewOf<'config-error'>) {
    const t = this.#t;
    return alert(reason === 'account' ? t.badAccount : t.badConfig, 'note note--error');
  }

  #renderError({ error, canRetry }: ViewOf<'error'>) {
    return html`<div class="note">
      ${alert(this.#errorText(error))}
      ${canRetry ? html`<button @click=${() => this.#send({ type: 'user.retry' })}>${this.#t.tryAgain}</button>` : ''}
    </div>`;
  }

  #renderPrechat({ survey }: ViewOf<'prechat'>) {
    return this.#renderSurvey(survey, this.#t.startChat);
  }

  /** Below the conversation while it is live: the estimated wait, and the message box. */
  #renderLive({ estimatedWait, canSend }: ViewOf<'live'>) {
    const t = this.#t;
    return html`${estimatedWait !== null ? info(t.wait(estimatedWait), 'notice') : ''}
      <lp-chat-composer .t=${t} ?disabled=${!canSend} @chat-send=${this.#handleSend}
        @chat-typing=${() => this.#send({ type: 'user.typing' })}></lp-chat-composer>`;
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
    return html`<div class="note">
      <p>${t.thanks}</p>
      ${vanished
        ? ''
        : transcript === 'sent'
        ? info(t.transcriptSent, '')
        : html`${this.#renderSurvey(this.#transcriptForm, t.sendTranscript, transcript === 'sending', '', this.#handleTranscript)}
          ${transcript === 'failed' ? alert(t.transcriptFailed) : ''}`}
      <button class="button--secondary" @click=${() => this.#send({ type: 'user.newChat' })}>${t.newChat}</button>
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

  override render() {
    const view = this.#chat ? viewOf(this.#chat.snapshot) : configErrorView(this.#configError || 'config');
    const t = this.#t;
    // The log sits in one place for live and ended chats: it stays the same element when the chat
    // ends (its scroll position, its "New messages" button).
    return html`<div class="root">
      ${this.#renderLauncher(view)}
      <section id="window" class="window" part="window" role="dialog" aria-labelledby="title" lang=${t.lang}
        ?hidden=${!this.isOpen}
        @keydown=${this.#handleKeyDown}>
        ${this.#renderHeader(view)}
        <div class="window__body">
          ${this.#renderNotice(view.notice)}
          ${view.kind === 'live' || view.kind === 'ended' ? this.#renderLog(view.conversation) : ''}
          ${this.#renderScreen(view)}
        </div>
      </section>
    </div>`;
  }
}
