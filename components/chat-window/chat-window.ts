import { html, LitElement, type PropertyValues } from 'lit';
import { createActor, type SnapshotFrom } from 'xstate';
import { createChatApi, GLOBAL_APP_KEY } from '../../src/api/chat-api.js';
import type { ChatApi, Survey, SurveyAnswers } from '../../src/api/types.js';
import { ActorController } from '../../src/controllers/actor-controller.js';
import { LpCloseEvent, type LpCloseSource } from '../../src/events/lp-close.js';
import { LpErrorEvent } from '../../src/events/lp-error.js';
import { LpMessageEvent } from '../../src/events/lp-message.js';
import { LpOpenEvent, type LpOpenSource } from '../../src/events/lp-open.js';
import { LpSendEvent } from '../../src/events/lp-send.js';
import { LpStatusChangeEvent } from '../../src/events/lp-status-change.js';
import { en, stringsFor } from '../../src/i18n/strings.js';
import { createChatActors } from '../../src/machine/chat.actors.js';
import { chatMachine } from '../../src/machine/chat.machine.js';
import type { ChatEvent, ChatStatus, ChatTiming, ErrorInfo } from '../../src/machine/chat.types.js';
import { restorable } from '../../src/machine/restorable.js';
import { statusOf } from '../../src/machine/status.js';
import { hostStyles } from '../../styles/host.styles.js';
import { composerStyles } from '../chat-composer/chat-composer.styles.js';
import { logStyles } from '../chat-log/chat-log.styles.js';
import { messageStyles } from '../chat-message/chat-message.styles.js';
import type { LpChatSurvey } from '../chat-survey/chat-survey.js';
import { surveyStyles } from '../chat-survey/chat-survey.styles.js';
import { windowStyles } from './chat-window.styles.js';

type Snapshot = SnapshotFrom<typeof chatMachine>;
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
    api: { attribute: false },
  };

  #chat?: ActorController<typeof chatMachine>;
  readonly #internals = this.attachInternals?.();
  #lastStatus?: ChatStatus;
  #machineOpen?: boolean;
  #shownOpen = false;
  #focusWasIn = false;
  #rendered = false;
  /** Where the window last put focus by itself. */
  #autoFocused?: HTMLElement;
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
  /** Whether the window is open (the `open` attribute); setting it opens or closes the window. */
  isOpen = false;
  /** Language of the window's texts and of the server's system lines. */
  override lang = document.documentElement.lang || 'en-US';
  /** The chat API to use instead of building one from the attributes (hosts, tests). */
  api?: ChatApi;
  /** Overrides of the polling, retry and typing timings. */
  timing?: Partial<ChatTiming>;

  /** The conversation status. */
  get status(): ChatStatus {
    return this.#lastStatus ?? 'loading';
  }

  /** Whether the window shows: the machine decides once it runs. */
  get #windowOpen(): boolean {
    return this.#chat ? this.#chat.snapshot.context.open : this.isOpen;
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
      });
    } catch (error) {
      if (!this.#configError) console.error(`<lp-chat-window>: ${(error as Error).message}`);
      this.#configError = badAccount ? 'account' : 'config';
      return this.#setStatus('error');
    }
    this.#configError = '';
    const actors = createChatActors(api);
    const chat = (this.#chat = new ActorController(
      this,
      (snapshot) =>
        createActor(chatMachine.provide({ actors }), {
          input: { skill: this.skill || undefined, language: this.lang, timing: this.timing },
          snapshot: snapshot && restorable(snapshot),
        }),
      (s) => this.#handleSnapshot(s),
    ));
    chat.on('message.received', (e) => this.dispatchEvent(new LpMessageEvent({ message: e.message })));
    chat.on('error.raised', (e) => this.dispatchEvent(new LpErrorEvent(e.error)));
  }

  #handleSnapshot(s: Snapshot): void {
    // The machine opened or closed the window: reflect it (the first snapshot must not undo an
    // `open` attribute the host set before connecting; willUpdate sends that to the machine).
    const open = s.context.open;
    if ((this.#machineOpen ?? open) !== open) this.isOpen = open;
    this.#machineOpen = open;
    this.#setStatus(statusOf(s));
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
    // The host set `isOpen`: tell the machine. No lp-open / lp-close: those follow the visitor and open()/close().
    if (changed.has('isOpen') && this.isOpen !== this.#windowOpen) this.#send({ type: this.isOpen ? 'user.open' : 'user.close' });
    this.#focusWasIn = !!this.shadowRoot?.activeElement;
  }

  protected override updated(): void {
    const open = this.#windowOpen;
    const active = this.shadowRoot!.activeElement;
    if (open !== this.#shownOpen) {
      this.#shownOpen = open;
      if (open && this.#rendered) void this.#focusInside();
      else if (!open && this.#focusWasIn) this.renderRoot.querySelector<HTMLElement>('.launcher')!.focus();
    } else if (open && this.#focusWasIn && (!active || active === this.#autoFocused)) {
      // The focused control went away (a form was sent), or focus still rests where the window
      // put it and a better place may have appeared (the composer once the chat starts).
      void this.#focusInside();
    }
    this.#rendered = true;
  }

  /** Focuses the composer when chatting, else the first field or button of the window. */
  async #focusInside(): Promise<void> {
    const root = this.renderRoot;
    for (const el of root.querySelectorAll<LitElement>('lp-chat-log, lp-chat-composer, lp-chat-survey')) {
      await el.updateComplete;
    }
    // The first visible match: hidden controls (the "New messages" pill at the bottom) take no focus.
    const first = (selector: string) =>
      [...root.querySelectorAll<HTMLElement>(selector)].find((el) => el.checkVisibility());
    // The log's controls (a line's Retry, "New messages") are not where a window starts.
    const target =
      first('[part=input]:enabled') ?? first('.window__body :is(input, select, textarea, button):enabled:not(lp-chat-log *)') ?? first('.header button');
    if (target && target !== this.shadowRoot!.activeElement) {
      target.focus();
      this.#autoFocused = target;
    }
  }

  #send(event: ChatEvent): void {
    this.#chat?.send(event);
  }

  /** Opens or closes the window (through the machine once it runs); true when it did. */
  #setOpen(open: boolean): boolean {
    if (this.#chat) this.#send({ type: open ? 'user.open' : 'user.close' });
    else this.isOpen = open;
    return this.#windowOpen === open;
  }

  #requestOpen(source: LpOpenSource): void {
    if (!this.#windowOpen && this.#setOpen(true)) this.dispatchEvent(new LpOpenEvent({ source }));
  }

  #requestClose(source: LpCloseSource): void {
    if (this.#windowOpen && this.dispatchEvent(new LpCloseEvent({ source }))) this.#setOpen(false);
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
    const transcript = (e.target as LpChatSurvey).survey === this.#transcriptForm;
    this.#send(transcript ? { type: 'user.requestTranscript', email: e.detail.email as string } : { type: 'user.submitSurvey', answers: e.detail });
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
    return during === 'send'
      ? t.errorSend
      : during === 'poll'
        ? t.errorLost
        : during === 'end'
          ? t.errorEnd
          : !retryable || during === 'survey'
            ? t.errorFinal
            : code === 'network' || code === 'timeout' ? t.errorNetwork : t.error;
  }

  #renderSurvey(survey: Survey | null, submit: string, busy: boolean, skip = '') {
    return html`<lp-chat-survey .t=${this.#t} .survey=${survey} .submitLabel=${submit} .skipLabel=${skip} ?busy=${busy}
      @chat-answers=${this.#handleAnswers} @chat-skip=${() => this.#send({ type: 'user.skipSurvey' })}></lp-chat-survey>`;
  }

  #renderBody(status: ChatStatus) {
    const t = this.#t;
    if (this.#configError) return alert(this.#configError === 'account' ? t.badAccount : t.badConfig, 'note note--error');
    const s = this.#chat!.snapshot;
    const c = s.context;
    const error = c.error;
    const live = status === 'waiting' || status === 'chatting';
    const wait = c.estimatedWaitTime ?? -1;
    const banner =
      c.connection === 'reconnecting'
        ? info(t.reconnecting, 'notice')
        : error && status !== 'error' && error.during !== 'transcript'
          ? alert(this.#errorText(error), 'notice notice--error')
          : '';
    const main =
      status === 'error'
        ? html`<div class="note">
            ${alert(this.#errorText(error))}
            ${error?.retryable !== false ? html`<button @click=${() => this.#send({ type: 'user.retry' })}>${t.tryAgain}</button>` : ''}
          </div>`
        : status === 'prechat'
          ? this.#renderSurvey(c.survey, t.startChat, false)
          : live
            ? html`${status === 'waiting' && wait >= 0 ? info(t.wait(wait), 'notice') : ''}
                <lp-chat-composer .t=${t} ?disabled=${!s.can({ type: 'user.send', text: '.' })} @chat-send=${this.#handleSend}
                  @chat-typing=${() => this.#send({ type: 'user.typing' })}></lp-chat-composer>`
            : status === 'ended'
              ? html`<div class="after-chat">
                  ${s.matches({ ended: { postChat: 'loading' } })
                    ? info(t.loading)
                    : c.survey && !s.matches({ ended: { postChat: 'done' } })
                      ? this.#renderSurvey(c.survey, t.submit, s.matches({ ended: { postChat: 'submitting' } }), t.skip)
                      : html`<div class="note">
                          <p>${t.thanks}</p>
                          ${c.transcript === 'sent'
                            ? info(t.transcriptSent, '')
                            : html`${this.#renderSurvey(this.#transcriptForm, t.sendTranscript, c.transcript === 'sending')}
                              ${c.transcript === 'failed' ? alert(t.transcriptFailed) : ''}`}
                          <button class="button--secondary" @click=${() => this.#send({ type: 'user.newChat' })}>${t.newChat}</button>
                        </div>`}
                </div>`
              : status === 'offline'
                ? s.matches({ offline: 'noSurvey' })
                  ? info(t.noSurvey)
                  : s.matches({ offline: 'sent' })
                    ? info(t.offlineSent)
                    : s.matches({ offline: 'loading' })
                      ? info(t.loading)
                      : this.#renderSurvey(c.survey, t.offlineSend, s.matches({ offline: 'sending' }))
                : info(status === 'loading' ? t.loading : t.connecting);
    return html`${banner}
      ${live || status === 'ended'
        ? html`<lp-chat-log .t=${t} .messages=${c.messages} .typing=${c.agentTyping ? c.agentName || t.agent : ''} .retryable=${s.matches('live')}
            @chat-retry=${(e: Detail<string>) => this.#send({ type: 'user.retryLine', key: e.detail })}></lp-chat-log>`
        : ''}
      ${main}`;
  }

  #headerStatus(status: ChatStatus): string {
    const t = this.#t;
    const s = this.#chat?.snapshot;
    const agent = s?.context.agentName;
    return s?.matches('ending')
      ? t.ending
      : status === 'chatting'
        ? agent ? t.chattingWith(agent) : ''
        : status === 'waiting' ? t.waiting : status === 'ended' ? t.ended : '';
  }

  override render() {
    const t = this.#t;
    const status = this.status;
    const open = this.#windowOpen;
    const c = this.#chat?.snapshot.context;
    const offline = c?.available === false || status === 'offline';
    const unread = open ? 0 : (c?.unread ?? 0);
    const minimise = () => this.#requestClose('close-button');
    return html`<div class="root">
      <button class="launcher" part="launcher" lang=${t.lang} aria-controls="window" aria-expanded=${open}
        @click=${() => (open ? minimise() : this.#requestOpen('launcher'))}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" /></svg>
        <span class="vh">${offline ? t.offline : t.launcher}${unread ? `, ${t.unread(unread)}` : ''}</span>
        ${unread ? html`<span class="launcher__badge" aria-hidden="true">${unread}</span>` : ''}
      </button>
      <section id="window" class="window" part="window" role="dialog" aria-labelledby="title" lang=${t.lang}
        ?hidden=${!open}
        @keydown=${this.#handleKeyDown}>
        <header class="header" part="header">
          <div class="header__titles">
            <h2 id="title" part="title">${offline ? t.offline : t.title}</h2>
            <p class="header__status" part="status">${this.#headerStatus(status)}</p>
          </div>
          ${status === 'waiting' || status === 'chatting'
            ? html`<button class="button--secondary" part="end-button" @click=${this.endChat}>${t.end}</button>`
            : ''}
          <button class="button--icon" part="close-button" aria-label=${t.close} @click=${minimise}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 11h14v2H5z" /></svg>
          </button>
        </header>
        <div class="window__body">${this.#renderBody(status)}</div>
      </section>
    </div>`;
  }
}
