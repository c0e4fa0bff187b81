import { createDomainLookup, type DomainLookup } from './domain.js';
import {
  toAvailability,
  toChatInfo,
  toChatRequestBody,
  toChatResource,
  toEngagement,
  toEngagementBody,
  toOfflineBody,
  toSessionUpdateBody,
  toSurvey,
  toSurveyAnswers,
  toWaitTime,
} from './dto.js';
import { ChatApiError, malformed } from './errors.js';
import { createHttp, type HttpOptions } from './http.js';
import type { CallOptions, ChatApi, ChatLinks, ChatRequest, Survey } from './types.js';
import { apiUrl, besideChat, onRelay, subUrl, toBase } from './urls.js';

export interface ChatApiConfig {
  /** LivePerson account (site) id, `^[a-zA-Z0-9_]{1,20}$`. */
  account: string;
  /** Server Chat API appKey; default (also when empty) the public global key. */
  appKey?: string;
  /** Domain API base URL; default (also when empty) `https://api.liveperson.net`. Bare `baseURI`s take its scheme. */
  csds?: string;
  /** Server Chat API domain, skipping the `conversationVep` lookup: a bare host (https) or a full URL. */
  chatDomain?: string;
  /**
   * A first-party relay (URL prefix, absolute or relative to the page, e.g. `/lp-relay`): every call
   * goes through it (`{relay}/conversationVep/…`, `{relay}/msdkgw/…`), no Domain API lookup is made
   * here, the appKey is left to the relay, and platform URLs that come back are mapped onto it.
   */
  relay?: string;
  /** Where the appKey goes when calling the platform directly: the header (default) or the query. */
  appKeyIn?: 'header' | 'query';
  fetch?: typeof fetch;
  /** Per request (attempt), ms; default 10000. */
  timeout?: number;
  /** Pauses before retrying a GET after a 5xx or a network failure (ms); default 5, 10, 15 s. */
  retryDelays?: number[];
}

/** The public "global" appKey of the Server Chat API. */
export const GLOBAL_APP_KEY = '721c180b09eb463d9f3191c41762bb68';

/**
 * The Server Chat API and App Engagement API calls of one window. Throws `ChatApiError` with code
 * `config` when `config` is unusable; every call rejects with `ChatApiError` (or, when its signal
 * aborts, with the abort reason).
 */
export function createChatApi(config: ChatApiConfig): ChatApi {
  const { account, chatDomain: domain } = config;
  // Empty strings (unset attributes) count as not given.
  const csds = toBase(config.csds || 'https://api.liveperson.net');
  const chatDomain = domain && toBase(domain);
  const relay = config.relay ? toBase(new URL(config.relay, globalThis.location?.href).href) : undefined;
  const configError = (message: string) => new ChatApiError({ code: 'config', message });
  if (typeof account !== 'string' || !/^\w{1,20}$/.test(account)) throw configError(`Invalid account "${account}"`);
  if (!csds) throw configError(`Unusable csds URL "${config.csds}"`);
  if (domain && !chatDomain) throw configError(`Unusable chat domain "${domain}"`);
  if (config.relay && !relay) throw configError(`Unusable relay URL "${config.relay}"`);

  const http = createHttp({
    appKey: config.appKey || GLOBAL_APP_KEY,
    appKeyIn: relay ? 'none' : config.appKeyIn,
    timeout: config.timeout ?? 10_000,
    retryDelays: config.retryDelays ?? [5000, 10_000, 15_000],
    fetch: config.fetch,
  });
  const lookup: DomainLookup = relay
    ? async (service) => `${relay}/${service}`
    : createDomainLookup(http, csds, account);
  /** A platform URL that came back (Location, `next`), as this window must call it. */
  const local = (url: string) => (relay ? onRelay(relay, url) : url);
  const accountPath = `/api/account/${account}`;

  /** `{base}/{path}` of the Server Chat API. */
  const server = async (path: string, options?: CallOptions) =>
    `${(!relay && chatDomain) || (await lookup('conversationVep', options))}${accountPath}/${path}`;
  const chat = (path: string, options?: CallOptions) => server(`chat/${path}`, options);

  /**
   * Where a transfer's chat starts: its `a2a-transfer` link, else the target domain's chat request
   * URL (built as `chat()` builds this account's), onto the relay when there is one.
   */
  const transferUrl = ({ link, domain, remoteSiteId: site }: NonNullable<ChatRequest['transfer']>) => {
    const base = domain && toBase(domain);
    const url = link || (base && site && /^\w{1,20}$/.test(site) && `${base}/api/account/${site}/chat/request`);
    if (!url) throw malformed('No transfer target');
    return local(url);
  };

  /**
   * Calls on a chat that exists: it was reached, so a failure there is never a cross-origin
   * refusal (CORS does not change in the middle of a chat).
   */
  const ON_CHAT = { diagnose: false };

  /** The JSON body of a GET; `retry: false` where the caller owns retrying. */
  const get = async (url: string | Promise<string>, options: CallOptions = {}, skill?: string, extra: HttpOptions = {}) =>
    (await http(apiUrl(await url, { skill }), { signal: options.signal, ...extra })).body;

  const post = async (url: string | Promise<string>, json: unknown, options: CallOptions = {}, extra: HttpOptions = {}) =>
    http(apiUrl(await url), { method: 'post', json, signal: options.signal, ...extra });

  const put = async (url: string | Promise<string>, json: unknown, options?: CallOptions, extra: HttpOptions = {}) => {
    await post(url, json, options, { put: true, ...extra });
  };

  /** A survey, null when there is none (including a 404). */
  const survey = (url: string | Promise<string>, options?: CallOptions, skill?: string, extra?: HttpOptions): Promise<Survey | null> =>
    get(url, options, skill, extra).then(toSurvey, (error) => {
      if (error.code === 'not-found') return null;
      throw error;
    });

  /**
   * An App Engagement session call (no appKey). Creating a session twice is harmless, and so is
   * reporting to one twice: a 5xx is retried as the docs advise.
   */
  const session = async (method: 'post' | 'put', { visitorId, sessionId }: { visitorId?: string; sessionId?: string }, json: unknown, { signal }: CallOptions = {}) => {
    const visitor = visitorId ? `/${encodeURIComponent(visitorId)}` : '';
    const sid = sessionId ? `&sid=${encodeURIComponent(sessionId)}` : '';
    const base = await lookup('msdkgw', { signal });
    return http(`${base}${accountPath}/app/engagement/visitors${visitor}?v=1.0${sid}`, { method, auth: false, idempotent: true, json, signal });
  };

  return {
    getEngagement: async (request, options) => toEngagement((await session('post', request, toEngagementBody(request), options)).body),
    async updateSession(engagement, update, options) {
      await session('put', engagement, toSessionUpdateBody(engagement, update), options);
    },
    getAvailability: (skill, options) => get(chat('availability', options), options, skill).then(toAvailability),
    async getEstimatedWaitTime(skill, options, chatUrl) {
      const url = chatUrl ? besideChat(chatUrl, 'estimatedWaitTime') : chat('estimatedWaitTime', options);
      if (!url) throw malformed(`No account in the chat URL ${chatUrl}`);
      return get(url, options, skill, chatUrl ? ON_CHAT : undefined).then(toWaitTime);
    },
    // The double slash is in every documented version of this URL.
    getPreChatSurvey: (skill, options) => survey(chat('/preSurvey', options), options, skill),
    getOfflineSurvey: (skill, options) => survey(chat('offlineSurvey', options), options, skill),
    submitOfflineSurvey: (submission, options) =>
      put(chat('offlineSurvey', options), toOfflineBody(submission), options),
    async requestChat(request, options) {
      const { transfer } = request;
      const url = transfer ? transferUrl(transfer) : await chat('request', options);
      const { status, location } = await post(url, toChatRequestBody(request), options).catch((error) => {
        // The relay serves the accounts it was given: a transfer to another one is its 403.
        throw transfer && relay && error.status === 403
          ? new ChatApiError({ code: 'config', status: 403, message: `Transfer refused: ${error.message}` })
          : error;
      });
      if (!location && status === 201 && !relay && new URL(url).origin !== globalThis.location?.origin) {
        // The chat exists, but the browser hides where: the platform did not expose Location.
        throw new ChatApiError({
          code: 'config',
          message:
            `${new URL(url).origin} started a chat but did not let this page read its Location header across ` +
            'origins. Serve the platform through the first-party relay and set the relay attribute.',
          retryable: false,
        });
      }
      if ((status !== 201 && status !== 200) || !location) {
        throw malformed(`Chat request answered ${status} without a Location`);
      }
      return local(location);
    },
    // Loaded with its checks only for an authenticated engagement. Never retried here: a code
    // flow's code is good once.
    async authenticateVisitor(request, options) {
      const { postVisitorAuth } = await import('./visitor-auth.js');
      return postVisitorAuth(request, (body) => post(server('conversation', options), body, options));
    },
    // One attempt: the poll loop owns retrying (with the documented pauses) and reports each failure.
    async getChat(url, options) {
      const resource = toChatResource(await get(url, options, undefined, { retry: false, ...ON_CHAT }));
      if (relay) for (const [rel, href] of Object.entries(resource.links)) resource.links[rel as keyof ChatLinks] = local(href);
      return resource;
    },
    getInfo: (chatUrl, options) => get(subUrl(chatUrl, 'info'), options, undefined, ON_CHAT).then(toChatInfo),
    async addLine(chatUrl, text, options) {
      const event = { '@type': 'line', text, textType: 'plain' };
      const { status, location, garbled } = await post(subUrl(chatUrl, 'events'), { event }, options, ON_CHAT);
      // The new event's id is the last segment of its URL. Only that proves the line was added: a
      // 2xx without it (an HTML page from a proxy, a truncated answer) leaves the outcome unknown.
      const id = /\/events\/(\d+)(\.json)?([?#].*)?$/.exec(location ?? '')?.[1];
      if (!id || garbled) throw malformed(`Add line answered ${status} without the new event's location`, true);
      return id;
    },
    async endChat(chatUrl, options) {
      await post(subUrl(chatUrl, 'events'), { event: { '@type': 'state', state: 'ended' } }, options, ON_CHAT);
    },
    setVisitorTyping: (chatUrl, typing, options) =>
      put(subUrl(chatUrl, 'info/visitorTyping'), { visitorTyping: typing ? 'typing' : 'not-typing' }, options, ON_CHAT),
    setVisitorName: (chatUrl, visitorName, options) =>
      put(subUrl(chatUrl, 'info/visitorName'), { visitorName }, options, ON_CHAT),
    getExitSurvey: (chatUrl, options) => survey(subUrl(chatUrl, 'exitSurvey'), options, undefined, ON_CHAT),
    submitExitSurvey: (chatUrl, surveyId, answers, options) =>
      put(subUrl(chatUrl, 'exitSurvey'), { survey: toSurveyAnswers(surveyId, answers) }, options, ON_CHAT),
    requestTranscript: (chatUrl, email, options) =>
      put(subUrl(chatUrl, 'transcriptRequest'), { email }, options, ON_CHAT),
  };
}
