import { html, LitElement, type PropertyValues } from 'lit';
import { createActor, type SnapshotFrom } from 'xstate';
import { createChatApi, GLOBAL_APP_KEY } from '../../src/api/chat-api.js';
import type { ChatApi, Survey } from '../../src/api/types.js';
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
import type { ChatStatus, ChatTiming, ErrorInfo } from '../../src/machine/chat.types.js';
import { statusOf } from '../../src/machine/status.js';
import { hostStyles } from '../../styles/host.styles.js';
import { renderHeader } from '../chat-header/chat-header.js';
import { renderLauncher } from '../chat-launcher/chat-launcher.js';
import { composerStyles } from '../chat-composer/chat-composer.styles.js';
import { logStyles } from '../chat-log/chat-log.styles.js';
import { messageStyles } from '../chat-message/chat-message.styles.js';
import { surveyStyles } from '../chat-survey/chat-survey.styles.js';
import { windowStyles } from './chat-window.styles.js';

type Snapshot = SnapshotFrom<typeof chatMachine>;
type Detail<T> = CustomEvent<T>;

const ACCOUNT = /^[a-zA-Z0-9_]{1,20}$/;

/**
 * A consumer chat window for LivePerson's chat platform: a launcher button and a non-modal chat
 * dialog (pre-chat survey, queue, conversation, exit survey, transcript, leave-a-message).
 * Configuration attributes are read when the element is first connected.
 *
 * @summary Embeddable LivePerson chat window.
 *
 * @event lp-open - The window opened. `detail: { source: 'launcher' | 'api' }`
 * @event lp-close - The window is closing (cancelable when the visitor or `close()` asked) or closed.
 *   `detail: { source: 'close-button' | 'escape' | 'api' }`
 * @event lp-status-change - `status` changed. `detail: { status, previous }`
 * @event lp-message - An agent or system line arrived. `detail: { message }`
 * @event lp-send - The visitor is sending a line (cancelable: the draft stays). `detail: { text }`
 * @event lp-error - A failure. `detail: { code, message, retryable, during }`
 *
 * @csspart launcher - The round button that opens the window.
 * @csspart window - The chat dialog.
 * @csspart header - Title bar. @csspart title - The title. @csspart status - The line under it.
 * @csspart end-button - "End chat". @csspart close-button - Minimises the window.
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
    configError: { state: true },
    account: {},
    appKey: { attribute: 'app-key' },
    csds: {},
    chatDomain: { attribute: 'chat-domain' },
    skill: {},
    open: { type: Boolean, reflect: true },
    lang: {},
    api: { attribute: false },
    timing: { attribute: false },
  };

  private chat?: ActorController<typeof chatMachine>;
  private readonly internals = this.attachInternals?.();
  private lastStatus?: ChatStatus;
  private machineOpen?: boolean;
  /** Whether an `lp-close` was already dispatched for the close being sent to the machine. */
  private closing = false;
  private openSource: LpOpenSource = 'api';
  private shownOpen = false;
  private focusWasIn = false;
  private rendered = false;
  /** Where the window last put focus by itself. */
  private autoFocused?: HTMLElement;
  private transcriptForm!: Survey;
  private t = en;

  /** Why the window cannot work: its account, another attribute, or nothing (''). */
  private configError: '' | 'account' | 'config' = '';

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
  /** Whether the window is open. */
  open = false;
  /** Language of the window's texts and of the server's system lines. */
  override lang = document.documentElement.lang || 'en-US';
  /** The chat API to use instead of building one from the attributes (hosts, tests). */
  api?: ChatApi;
  /** Overrides of the polling, retry and typing timings. */
  timing?: Partial<ChatTiming>;

  /** The conversation status. */
  get status(): ChatStatus {
    const s = this.chat?.snapshot;
    return this.configError ? 'error' : s ? statusOf(s) : 'loading';
  }

  private get isOpen(): boolean {
    return this.chat ? this.chat.snapshot.context.open : this.open;
  }

  override connectedCallback(): void {
    this.setup();
    super.connectedCallback();
  }

  /** Builds the API and the actor controller once, when the configuration allows it. */
  private setup(): void {
    if (this.chat) return;
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
      if (!this.configError) console.error(`<lp-chat-window>: ${(error as Error).message}`);
      this.configError = badAccount ? 'account' : 'config';
      return;
    }
    this.configError = '';
    const actors = createChatActors(api);
    const chat = (this.chat = new ActorController(
      this,
      (snapshot) =>
        createActor(chatMachine.provide({ actors }), {
          input: { skill: this.skill || undefined, language: this.lang, timing: this.timing },
          snapshot,
        }),
      (s) => this.handleSnapshot(s),
    ));
    chat.on('message.received', (e) => this.dispatchEvent(new LpMessageEvent({ message: e.message })));
    chat.on('error.raised', (e) => this.dispatchEvent(new LpErrorEvent(e.error)));
    chat.on('window.opened', () => this.dispatchEvent(new LpOpenEvent({ source: this.openSource })));
    chat.on('window.closed', () => this.closing || this.dispatchEvent(new LpCloseEvent({ source: 'api' }, false)));
  }

  private handleSnapshot(s: Snapshot): void {
    // The machine opened or closed the window: reflect it (the first snapshot must not undo an
    // `open` attribute the host set before connecting; willUpdate sends that to the machine).
    if (this.machineOpen !== undefined && this.machineOpen !== s.context.open) this.open = s.context.open;
    this.machineOpen = s.context.open;
    const status = statusOf(s);
    const previous = this.lastStatus;
    if (status === previous) return;
    this.lastStatus = status;
    const states = this.internals?.states;
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
    if (changed.has('lang') || !this.transcriptForm) {
      const t = (this.t = stringsFor(this.lang));
      this.transcriptForm = {
        id: 'transcript',
        title: '',
        header: '',
        questions: [
          { id: 'email', order: 0, mandatory: true, validation: 'email', label: t.email, type: 'text', lastKnownValue: '', entries: [] },
        ],
      };
    }
    if (!this.chat && this.isConnected && (changed.has('account') || changed.has('api'))) this.setup();
    // The host set `open`: tell the machine (which answers with lp-open / lp-close).
    if (changed.has('open') && this.chat && this.open !== this.isOpen) {
      this.chat.send({ type: this.open ? 'user.open' : 'user.close' });
    }
    this.focusWasIn = !!this.shadowRoot?.activeElement;
  }

  protected override updated(): void {
    const open = this.isOpen;
    const active = this.shadowRoot!.activeElement;
    if (open !== this.shownOpen) {
      this.shownOpen = open;
      if (open && this.rendered) void this.focusInside();
      else if (!open && this.focusWasIn) this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus();
    } else if (open && this.focusWasIn && (!active || active === this.autoFocused)) {
      // The focused control went away (a form was sent), or focus still rests where the window
      // put it and a better place may have appeared (the composer once the chat starts).
      void this.focusInside();
    }
    this.rendered = true;
  }

  /** Focuses the composer when chatting, else the first field or button of the window. */
  private async focusInside(): Promise<void> {
    const root = this.renderRoot;
    for (const el of root.querySelectorAll<LitElement>('lp-chat-log, lp-chat-composer, lp-chat-survey')) {
      await el.updateComplete;
    }
    // The first visible match: hidden controls (the "New messages" pill at the bottom) take no focus.
    const first = (selector: string) =>
      [...root.querySelectorAll<HTMLElement>(selector)].find((el) => el.checkVisibility());
    const target = first('[part=input]:enabled') ?? first('.body :is(input, select, textarea, button):enabled') ?? first('.window button');
    if (target && target !== this.shadowRoot!.activeElement) {
      target.focus();
      this.autoFocused = target;
    }
  }

  private requestOpen(source: LpOpenSource): void {
    if (this.isOpen) return;
    if (!this.chat) {
      this.open = true;
      this.dispatchEvent(new LpOpenEvent({ source }));
      return;
    }
    this.openSource = source;
    this.chat.send({ type: 'user.open' });
    this.openSource = 'api';
  }

  private requestClose(source: LpCloseSource): void {
    if (!this.isOpen || !this.dispatchEvent(new LpCloseEvent({ source }))) return;
    if (!this.chat) {
      this.open = false;
      return;
    }
    this.closing = true;
    this.chat.send({ type: 'user.close' });
    this.closing = false;
  }

  private handleKeyDown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    this.requestClose('escape');
  }

  private handleSend(e: Detail<string>): void {
    if (!this.dispatchEvent(new LpSendEvent({ text: e.detail }))) e.preventDefault();
    else this.chat?.send({ type: 'user.send', text: e.detail });
  }

  /**
   * Opens the window (like `HTMLDialogElement.show()`; a method cannot share the `open` property's
   * name). Dispatches `lp-open` with `source: 'api'`.
   */
  show(): void {
    this.requestOpen('api');
  }

  /** Closes (minimises) the window; a cancelable `lp-close` with `source: 'api'` comes first. */
  close(): void {
    this.requestClose('api');
  }

  /** Ends the chat, when one is live. */
  endChat(): void {
    this.chat?.send({ type: 'user.end' });
  }

  private errorText(error: ErrorInfo | null): string {
    const t = this.t;
    if (error?.during === 'send') return t.errorSend;
    if (error?.during === 'poll') return t.errorLost;
    return error?.code === 'network' || error?.code === 'timeout' ? t.errorNetwork : t.error;
  }

  private renderSurvey(survey: Survey | null, submit: string, busy: boolean, skip = '') {
    return html`<lp-chat-survey .t=${this.t} .survey=${survey} .submitLabel=${submit} .skipLabel=${skip} ?busy=${busy}
      @chat-answers=${(e: Detail<Record<string, string>>) => this.chat?.send({ type: 'user.submitSurvey', answers: e.detail })}
      @chat-skip=${() => this.chat?.send({ type: 'user.skipSurvey' })}></lp-chat-survey>`;
  }

  private renderBody(status: ChatStatus) {
    const t = this.t;
    const note = (text: string) => html`<div class="note"><p role="status">${text}</p></div>`;
    if (this.configError) {
      return html`<div class="note">
        <p class="error" part="error" role="alert">${this.configError === 'account' ? t.badAccount : t.badConfig}</p>
      </div>`;
    }
    const s = this.chat!.snapshot;
    const c = s.context;
    const send = this.chat!.send.bind(this.chat);
    const live = status === 'waiting' || status === 'chatting';
    const error = c.error;
    const banner =
      c.connection === 'reconnecting'
        ? html`<p class="banner" role="status">${t.reconnecting}</p>`
        : error && status !== 'error' && error.during !== 'transcript'
          ? html`<p class="banner error" part="error" role="alert">${this.errorText(error)}</p>`
          : '';
    let main;
    if (status === 'error') {
      main = html`<div class="note">
        <p class="error" part="error" role="alert">${this.errorText(error)}</p>
        ${error?.retryable !== false ? html`<button @click=${() => send({ type: 'user.retry' })}>${t.tryAgain}</button>` : ''}
      </div>`;
    } else if (status === 'prechat') {
      main = this.renderSurvey(c.survey, t.startChat, false);
    } else if (live) {
      main = html`${status === 'waiting' && c.estimatedWaitTime !== null && c.estimatedWaitTime >= 0
          ? html`<p class="banner" role="status">${t.wait(c.estimatedWaitTime)}</p>`
          : ''}
        <lp-chat-composer .t=${t} ?disabled=${!s.can({ type: 'user.send', text: '.' })} @chat-send=${this.handleSend}
          @chat-typing=${() => send({ type: 'user.typing' })}></lp-chat-composer>`;
    } else if (status === 'ended') {
      const postChat = s.matches({ ended: { postChat: 'loading' } })
        ? note(t.loading)
        : c.survey && !s.matches({ ended: { postChat: 'done' } })
          ? this.renderSurvey(c.survey, t.submit, s.matches({ ended: { postChat: 'submitting' } }), t.skip)
          : html`<div class="note">
              <p>${t.thanks}</p>
              ${c.transcript === 'sent'
                ? html`<p role="status">${t.transcriptSent}</p>`
                : html`${this.renderTranscript(c.transcript === 'sending')}${c.transcript === 'failed'
                    ? html`<p class="error" part="error" role="alert">${t.transcriptFailed}</p>`
                    : ''}`}
              <button class="alt" @click=${() => send({ type: 'user.newChat' })}>${t.newChat}</button>
            </div>`;
      main = html`<div class="post">${postChat}</div>`;
    } else if (status === 'offline') {
      main = s.matches({ offline: 'noSurvey' })
        ? note(t.noSurvey)
        : s.matches({ offline: 'sent' })
          ? note(t.offlineSent)
          : s.matches({ offline: 'loading' })
            ? note(t.loading)
            : this.renderSurvey(c.survey, t.offlineSend, s.matches({ offline: 'sending' }));
    } else {
      main = note(status === 'loading' ? t.loading : t.connecting);
    }
    return html`${banner}${live || status === 'ended'
        ? html`<lp-chat-log .t=${t} .messages=${c.messages} .typing=${c.agentTyping ? c.agentName || t.agent : ''}
            @chat-retry=${(e: Detail<string>) => send({ type: 'user.retryLine', key: e.detail })}></lp-chat-log>`
        : ''}${main}`;
  }

  private renderTranscript(busy: boolean) {
    return html`<lp-chat-survey .t=${this.t} .survey=${this.transcriptForm} .submitLabel=${this.t.sendTranscript} ?busy=${busy}
      @chat-answers=${(e: Detail<{ email: string }>) => this.chat?.send({ type: 'user.requestTranscript', email: e.detail.email })}></lp-chat-survey>`;
  }

  private headerStatus(status: ChatStatus): string {
    const t = this.t;
    const s = this.chat?.snapshot;
    if (s?.matches('ending')) return t.ending;
    if (status === 'chatting') return s?.context.agentName ? t.chattingWith(s.context.agentName) : '';
    return status === 'waiting' ? t.waiting : status === 'ended' ? t.ended : '';
  }

  override render() {
    const t = this.t;
    const status = this.status;
    const open = this.isOpen;
    const c = this.chat?.snapshot.context;
    const offline = c?.available === false || status === 'offline';
    return html`${renderLauncher({
        t,
        offline,
        expanded: open,
        unread: c?.unread ?? 0,
        onClick: () => (open ? this.requestClose('close-button') : this.requestOpen('launcher')),
      })}
      <section id="window" class="root window" part="window" role="dialog" aria-labelledby="title" lang=${t.lang}
        ?hidden=${!open} @keydown=${this.handleKeyDown}>
        ${renderHeader({
          t,
          title: offline ? t.offlineTitle : t.title,
          status: this.headerStatus(status),
          live: status === 'waiting' || status === 'chatting',
          onEnd: () => this.endChat(),
          onClose: () => this.requestClose('close-button'),
        })}
        <div class="body">${this.renderBody(status)}</div>
      </section>`;
  }
}
