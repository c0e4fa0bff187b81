import { adoptStyles, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { EngagementAttribute } from '../../src/api/sde.js';
import type { AuthCode, ChatApi } from '../../src/api/types.js';
import { FocusController } from '../../src/controllers/focus-controller.js';
import { LpCloseEvent, type LpCloseSource } from '../../src/events/lp-close.js';
import { LpOpenEvent, type LpOpenSource } from '../../src/events/lp-open.js';
import { LpStatusChangeEvent } from '../../src/events/lp-status-change.js';
import { enLauncher, loadStrings, pickLanguage } from '../../src/i18n/locale.js';
import type { Strings } from '../../src/i18n/strings.js';
import type { ChatEvent, ChatStatus, ChatTiming } from '../../src/machine/chat.types.js';
import { hasKeptChat, type PersistMode } from '../../src/persist/kept-chat.js';
import { hostStyles } from '../../styles/host.styles.js';
import type { ChatWindowDialog } from './chat-window-dialog.js';
import { chatFrame, closeOnEscape, type FrameContent } from './chat-window-frame.js';
import { windowStyles } from './chat-window.styles.js';

/** The conversation chunk's file in the script-tag build (see vite.config.ts); undefined elsewhere. */
declare const __LP_CONVERSATION__: string | undefined;

/**
 * Loads the conversation. A browser keeps a failed module load for good, so a retry in the
 * script-tag build asks for the chunk under a new URL; elsewhere the bundler's loader decides.
 */
const importDialog = (attempt: number): Promise<typeof import('./chat-window-dialog.js')> =>
  attempt && typeof __LP_CONVERSATION__ === 'string'
    ? import(/* @vite-ignore */ new URL(`${__LP_CONVERSATION__}?retry=${attempt}`, import.meta.url).href)
    : import('./chat-window-dialog.js');

/**
 * A consumer chat window for LivePerson's chat platform: a launcher button and a non-modal chat
 * dialog (pre-chat survey, queue, conversation, exit survey, transcript, leave-a-message).
 * Configuration is read at the element's first update (properties set right after inserting it count).
 *
 * @summary Embeddable LivePerson chat window.
 * @tag lp-chat-window
 *
 * @event lp-open - The visitor or `open()` opened the window (not the host setting `isOpen`).
 *   `detail: { source: 'launcher' | 'api' | 'web-tag' }`
 * @event lp-close - The visitor or `close()` is closing the window (cancelable; not when the host sets
 *   `isOpen`). `detail: { source: 'close-button' | 'escape' | 'api' }`
 * @event lp-status-change - `status` changed. `detail: { status, previous }`
 * @event lp-message - An agent or system line arrived. `detail: { message }`
 * @event lp-send - The visitor is sending a line (cancelable: the draft stays). `detail: { text }`
 * @event lp-error - A failure. `detail: { code, message, retryable, during }`
 * @event lp-funnel - A step of the engagement's funnel, also reported to LivePerson: `impDisplay`,
 *   `impAccept`, `impExpanded`, `impClose`, `impTimeout`. `detail: { type, campaignId, engagementId }`
 *
 * @csspart launcher - The round button that opens and closes the window; the unread count is part of its name.
 * @csspart window - The chat dialog, labelled by its title.
 * @csspart header - The title bar.
 * @csspart title - The title.
 * @csspart status - The line under the title.
 * @csspart end-button - "End chat", while a chat is live.
 * @csspart close-button - Minimises the window.
 * @csspart log - The message list.
 * @csspart typing-indicator - "… is typing".
 * @csspart message - A line; also `message--agent`, `message--visitor`, `message--system`, `message--failed`.
 * @csspart bubble - A line's text.
 * @csspart avatar - The agent's initials (or `agent-avatar` picture), beside the first line of their group.
 * @csspart time - The time, on the first line of a group.
 * @csspart composer - The message form.
 * @csspart input - Its text area.
 * @csspart counter - Characters used of `max-length`, shown near the limit.
 * @csspart send-button - "Send".
 * @csspart survey - A survey or the transcript form.
 * @csspart error - An error message.
 *
 * CSS custom properties: the public `--lp-*` tokens, listed with their defaults in styles/tokens.css
 * (and in custom-elements.json).
 *
 * Custom states (`lp-chat-window:state(chatting)`): one per `status` value.
 */
export class LpChatWindow extends LitElement {
  static override styles = [hostStyles, windowStyles];
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
    sections: {},
    visitorName: { attribute: 'visitor-name' },
    engagementAttributes: { attribute: 'engagement-attributes', type: Array },
    consent: {},
    jsMethodName: { attribute: 'js-method-name' },
    jsContext: { attribute: 'js-context' },
    authFallback: { type: Boolean, attribute: 'auth-fallback' },
    maxLength: { type: Number, attribute: 'max-length' },
    agentAvatar: { attribute: 'agent-avatar' },
    notifyTitle: { type: Boolean, attribute: 'notify-title' },
    notifySound: { type: Boolean, attribute: 'notify-sound' },
    api: { attribute: false },
  };

  /** The conversation and its dialog, once loaded. */
  #dialog?: ChatWindowDialog;
  /** Loading it (undefined: not asked for yet, or the last try failed). */
  #loading?: Promise<void>;
  /** The last try to load it failed (the network, a blocked file): the window says so, with a retry. */
  #loadFailed = false;
  /** Tries so far to load it. */
  #attempts = 0;
  /** A chat was kept from an earlier page: nothing shows until it does (no launcher flash). */
  #kept = false;
  /** The visitor interacted with the launcher, or the host or the Web Tag opened the window (`consent`). */
  #consented = false;
  /** What the Web Tag passed, until the conversation is there to take it. */
  #tagged?: unknown;
  /** Removes the Web Tag's method again (when this element defined it). */
  #untag?: () => void;
  readonly #internals = this.attachInternals?.();
  #lastStatus?: ChatStatus;
  /**
   * The table of the language the window speaks, from its chunk; undefined for English (the first
   * stage's `enLauncher`, the conversation's `en`).
   */
  #t?: Strings;
  /** The language the window speaks: `#t`'s, or the one whose table is on its way. */
  #lang = '';
  /** That table, while it is on its way. */
  #locale?: Promise<void>;

  /** LivePerson account (site) id. Required. */
  account = '';
  /** Server Chat API application key (default: the platform's documented key for custom windows). */
  appKey = '';
  /** Domain API base URL, where the chat domain is looked up. */
  csds = 'https://api.liveperson.net';
  /** Server Chat API domain, to skip the Domain API lookup. */
  chatDomain = '';
  /** Skill (agent group) to chat with. */
  skill = '';
  /**
   * Language of the window's texts and of the server's system lines (a BCP 47 tag). Unset, the
   * window speaks the engagement's language, else the page's (`<html lang>`), else the browser's.
   */
  override lang = '';
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
  /** App Engagement consumer sections, comma separated (`sections="shop,sale"`). */
  sections = '';
  /** The visitor's name, shown to the agent (else a name the pre-chat survey asks for). */
  visitorName = '';
  /**
   * Engagement attributes (SDEs) about the visitor: sent when the engagement is retrieved, and each
   * burst of later changes in one update. Malformed entries are refused with a console error.
   */
  engagementAttributes?: EngagementAttribute[];
  /**
   * `interaction`: nothing is fetched and nothing is stored until the visitor interacts with the
   * launcher (or the host calls `open()` or sets `granted`). Default: no wait.
   */
  consent: '' | 'granted' | 'interaction' = '';
  /**
   * The monitored flow: the name of the function LivePerson's Web Tag calls for an API-based window
   * (defined on `jsContext` while the element is in the page). The window then makes no App
   * Engagement call of its own, and starts a chat with the ids the Web Tag passes.
   */
  jsMethodName = '';
  /** Where that function is defined: `window` or a dotted path from it (`lpBrand.chat`), created if missing. */
  jsContext = 'window';
  /**
   * On an authenticated engagement, a visitor who cannot be authenticated gets an ordinary chat on
   * the engagement's skill instead of an error.
   */
  authFallback = false;
  /**
   * The longest line the visitor can send, in characters (the platform documents no limit). A
   * counter shows from 80 % of it; a longer draft is kept, marked, and cannot be sent.
   */
  maxLength = 2000;
  /**
   * A picture (URL) shown in the agent's avatar instead of their initials, e.g. the brand's logo or
   * the bot's face (the platform gives no picture of the agent).
   */
  agentAvatar = '';
  /**
   * While the window is minimised or the tab hidden, the unread count goes before the page's title,
   * `(2) Title`; the title is restored when the window is opened or the tab shown. Off by default.
   */
  notifyTitle = false;
  /**
   * A short, soft chime when an agent line comes while the window is minimised or the tab hidden:
   * at most one every 2 s, in one tab of the site, once the visitor has interacted with the page.
   * Off by default.
   */
  notifySound = false;
  /**
   * Called before each chat on an authenticated engagement (the engagement names a connector): the
   * visitor's key for LivePerson's visitor authentication, an OAuth 2.0 authorization code (with
   * the `redirectUri` it was issued for) or an OpenID Connect id_token (a JWT). A credential: the
   * window sends it once and never logs or keeps it.
   */
  getAuthCode?: () => Promise<AuthCode>;

  constructor() {
    super();
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
    return this.#dialog?.open ?? this.hasAttribute('open');
  }

  set isOpen(open: boolean) {
    if (this.#dialog?.open !== undefined) this.#send({ type: open ? 'user.open' : 'user.close' });
    else this.toggleAttribute('open', open);
  }

  /** The conversation status. */
  get status(): ChatStatus {
    return this.#lastStatus ?? 'loading';
  }

  /**
   * Loads the conversation: on the visitor's first sign of interest (pointer over or focus on the
   * launcher, a click, `open()`), for a chat kept from an earlier page, for a host that hands in its
   * own `api`, or once the browser is idle. Until then the page has paid for the launcher alone.
   */
  #load = (): Promise<void> => {
    this.#loading ??= importDialog(this.#attempts++).then(
      ({ ChatWindowDialog }) => {
        const root = this.renderRoot as ShadowRoot;
        adoptStyles(root, [...(this.constructor as typeof LpChatWindow).elementStyles, ...ChatWindowDialog.styles]);
        this.#loadFailed = false;
        this.#dialog = new ChatWindowDialog(this, {
          strings: () => this.#t,
          status: (s) => this.#setStatus(s),
          frame: this.#frame,
        });
        this.requestUpdate();
      },
      (error: unknown) => {
        console.error(`<lp-chat-window>: the conversation could not be loaded (${(error as Error).message})`);
        this.#loading = undefined;
        this.#loadFailed = true;
        this.requestUpdate();
      },
    );
    return this.#loading;
  };

  /**
   * Waits for the conversation too while it is loading, and for the table of the window's
   * language, so `updateComplete` means "shown".
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#locale || (this.#loading && !this.#dialog)) {
      await (this.#locale ?? this.#loading);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /**
   * Picks the window's language (see `lang`) and loads its table when it is not English. Until
   * the window has shown anything, `render` waits for that table (English if it cannot be had),
   * so the first thing shown is in the right language; after that the window goes on in the
   * language it speaks until the table arrives.
   */
  #speak(): void {
    const lang = pickLanguage(this.lang, this.#dialog?.language, document.documentElement.lang, ...navigator.languages);
    if (lang === this.#lang) return;
    this.#lang = lang;
    this.#locale = loadStrings(lang)?.then((t) => {
      if (lang !== this.#lang) return;
      this.#t = t;
      this.#locale = undefined;
      this.requestUpdate();
    });
    if (!this.#locale) this.#t = undefined;
  }

  /** Whether anything may be fetched or stored yet (`consent`). */
  #allowed = () => this.consent !== 'interaction' || this.#consented;
  /** Loads the conversation ahead of a click, unless the visitor has not consented yet. */
  #warm = () => this.#allowed() && this.#load();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tag();
    if (this.#dialog || this.#loading) return;
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 1));
    // After the frame that paints the launcher: the conversation never competes with it.
    void this.updateComplete.then(() => requestAnimationFrame(() => idle(() => this.isConnected && void this.#warm(), { timeout: 5000 })));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#untag?.();
  }

  /**
   * Defines the Web Tag's function (`jsMethodName` on `jsContext`): the Web Tag calls it with the
   * engagement's ids when the visitor clicks the engagement, which opens the window for a chat with
   * them (or just opens it while a chat is live).
   */
  #tag(): void {
    this.#untag?.();
    const name = this.jsMethodName;
    if (!name || !this.isConnected) return;
    const page: Record<string, unknown> = window as never;
    let target = page;
    for (const key of (this.jsContext || 'window').split('.')) {
      if (key !== 'window' || target !== page) target = (target[key] ??= {}) as Record<string, unknown>;
    }
    const method = (data: unknown) => {
      if (this.#dialog) this.#dialog.engage(data);
      else this.#tagged = data;
      this.#requestOpen('web-tag');
    };
    target[name] = method;
    this.#untag = () => target[name] === method && delete target[name];
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
    if (changed.has('jsMethodName') || changed.has('jsContext')) this.#tag();
    if (!this.#dialog && !this.#loading && !this.#loadFailed && ((this.api && this.#allowed()) || this.hasAttribute('open') || (this.#kept = hasKeptChat(this.persist, this.account || 'api')))) {
      void this.#load();
    }
    // Consent given since: what waited for it goes now.
    if (changed.get('consent') === 'interaction') void this.#warm();
    this.#dialog?.update(changed);
    if (this.#dialog && this.#tagged) this.#dialog.engage(this.#tagged);
    if (this.#dialog) this.#tagged = undefined;
    // The attribute follows the machine, whatever opened or closed the window.
    if (this.hasAttribute('open') !== this.isOpen) this.requestUpdate('isOpen', !this.isOpen);
    this.#speak();
  }

  #send(event: ChatEvent): void {
    this.#dialog?.send(event);
  }

  #requestOpen(source: LpOpenSource): void {
    this.#consented = true;
    if (this.isOpen) return;
    this.isOpen = true;
    if (this.isOpen) this.dispatchEvent(new LpOpenEvent({ source }));
  }

  readonly #handleKeyDown = closeOnEscape((source) => this.#requestClose(source));
  readonly #handleMinimise = () => this.#requestClose('close-button');
  /** The dialog's frame, drawn here for the conversation and for the wait before it. */
  readonly #frame = (open: boolean, content: FrameContent) => chatFrame(this.#t ?? enLauncher, open, this.#handleKeyDown, this.#handleMinimise, content);

  #requestClose(source: LpCloseSource): void {
    if (this.isOpen && this.dispatchEvent(new LpCloseEvent({ source }))) this.isOpen = false;
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

  #renderLauncher(leaveMessage = false, unread = 0) {
    const t = this.#t ?? enLauncher;
    const open = this.isOpen;
    return html`<button class="launcher" part="launcher" aria-controls="window" aria-expanded=${open}
      @pointerenter=${this.#warm} @focus=${this.#warm}
      @click=${() => (open ? this.#requestClose('close-button') : this.#requestOpen('launcher'))}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" /></svg>
      <span class="vh">${leaveMessage ? t.offline : t.launcher}${unread ? `, ${t.unread(unread)}` : ''}</span>
      ${unread ? html`<span class="launcher__badge" aria-hidden="true">${unread}</span>` : ''}
    </button>`;
  }

  /** The window while the conversation is not there: loading it, or why it could not be loaded. */
  #renderPending() {
    const t = this.#t ?? enLauncher;
    // Focus goes to its minimise button, and on into the conversation once it is there.
    return this.#frame(true, {
      title: t.title,
      body: this.#loadFailed
        ? html`<div class="note">
            <p class="note__error" part="error" role="alert">${t.errorNetwork}</p>
            <button @click=${this.#load}>${t.tryAgain}</button>
          </div>`
        : html`<p class="note" role="status">${t.loading}</p>`,
    });
  }

  override render() {
    // Nothing shows before the chat kept from an earlier page (no launcher flash), nor before the
    // table of the window's language.
    if ((this.#kept && this.#loading && !this.#dialog) || (this.#locale && !this.renderRoot.firstElementChild)) return nothing;
    const view = this.#dialog?.view();
    const t = this.#t ?? enLauncher;
    return html`<div class="root" lang=${t.lang} dir=${t.dir}>
      ${this.#renderLauncher(view?.leaveMessage, view?.unread)}
      ${view ? this.#dialog!.render(view, this.isOpen) : this.isOpen ? this.#renderPending() : nothing}
    </div>`;
  }
}
