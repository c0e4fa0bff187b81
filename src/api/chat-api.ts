import { createDomainLookup } from './domain.js';
import {
  isObject,
  toAvailability,
  toChatRequestBody,
  toChatResource,
  toEngagement,
  toEngagementBody,
  toInfo,
  toOfflineBody,
  toSurvey,
  toSurveyAnswers,
  toWaitTime,
} from './dto.js';
import { ChatApiError, isChatApiError, malformed } from './errors.js';
import { createHttp } from './http.js';
import type { CallOptions, ChatApi, Survey } from './types.js';
import { apiUrl, subUrl, toBase } from './urls.js';

export interface ChatApiConfig {
  /** LivePerson account (site) id, `^[a-zA-Z0-9_]{1,20}$`. */
  account: string;
  /** Server Chat API appKey; default (also when empty) the public global key. */
  appKey?: string;
  /** Domain API base URL; default (also when empty) `https://api.liveperson.net`. Bare `baseURI`s take its scheme. */
  csds?: string;
  /** Server Chat API domain, skipping the `conversationVep` lookup: a bare host (https) or a full URL. */
  chatDomain?: string;
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
  const { account } = config;
  // Empty strings (unset attributes) count as not given.
  const csds = toBase(config.csds || 'https://api.liveperson.net');
  const chatDomain = config.chatDomain ? toBase(config.chatDomain) : undefined;
  if (typeof account !== 'string' || !/^[a-zA-Z0-9_]{1,20}$/.test(account)) {
    throw configError(`Invalid account "${account}"`);
  }
  if (!csds) throw configError(`Unusable csds URL "${config.csds}"`);
  if (config.chatDomain && !chatDomain) throw configError(`Unusable chat domain "${config.chatDomain}"`);

  const http = createHttp({
    appKey: config.appKey || GLOBAL_APP_KEY,
    timeout: config.timeout ?? 10_000,
    retryDelays: config.retryDelays ?? [5000, 10_000, 15_000],
    fetch: config.fetch,
  });
  const lookup = createDomainLookup(http, csds, account);
  const path = `/api/account/${account}`;

  /** `{base}/chat` of the Server Chat API. */
  const chatBase = async (options: CallOptions = {}) =>
    `${chatDomain ?? (await lookup('conversationVep', options))}${path}/chat`;

  const get = async (
    url: string,
    options: CallOptions = {},
    params?: Record<string, string | undefined>,
    retry = true,
  ) => (await http(apiUrl(url, params), { signal: options.signal, retry })).body;

  const post = async (url: string, json: unknown, options: CallOptions = {}, put = false) =>
    http(apiUrl(url), { method: 'post', put, json, signal: options.signal });

  const put = async (url: string, json: unknown, options?: CallOptions) => {
    await post(url, json, options, true);
  };

  /** A survey, null when there is none (including a 404). */
  const survey = async (url: string, options?: CallOptions, skill?: string): Promise<Survey | null> => {
    try {
      return toSurvey(await get(url, options, { skill }));
    } catch (error) {
      if (isChatApiError(error) && error.code === 'not-found') return null;
      throw error;
    }
  };

  return {
    async getEngagement(request, options = {}) {
      const base = await lookup('msdkgw', options);
      const visitor = request.visitorId ? `/${encodeURIComponent(request.visitorId)}` : '';
      const session = request.sessionId ? `&sid=${encodeURIComponent(request.sessionId)}` : '';
      const { body } = await http(`${base}${path}/app/engagement/visitors${visitor}?v=1.0${session}`, {
        method: 'post',
        auth: false,
        json: toEngagementBody(request),
        signal: options.signal,
      });
      return toEngagement(body);
    },

    async getAvailability(skill, options) {
      return toAvailability(await get(`${await chatBase(options)}/availability`, options, { skill }));
    },

    async getEstimatedWaitTime(skill, options) {
      return toWaitTime(await get(`${await chatBase(options)}/estimatedWaitTime`, options, { skill }));
    },

    async getPreChatSurvey(skill, options) {
      // The double slash is in every documented version of this URL.
      return survey(`${await chatBase(options)}//preSurvey`, options, skill);
    },

    async getOfflineSurvey(skill, options) {
      return survey(`${await chatBase(options)}/offlineSurvey`, options, skill);
    },

    async submitOfflineSurvey(submission, options) {
      await put(`${await chatBase(options)}/offlineSurvey`, toOfflineBody(submission), options);
    },

    async requestChat(request, options) {
      const { status, location } = await post(
        `${await chatBase(options)}/request`,
        toChatRequestBody(request),
        options,
      );
      if ((status !== 201 && status !== 200) || !location) {
        throw malformed(`Chat request answered ${status} without a Location`);
      }
      return location;
    },

    async getChat(url, options) {
      // One attempt: the poll loop owns retrying (with the documented pauses) and reports each failure.
      return toChatResource(await get(url, options, undefined, false));
    },

    async getInfo(chatUrl, options) {
      const body = await get(subUrl(chatUrl, 'info'), options);
      if (!isObject(body) || !isObject(body.info)) throw malformed('No info');
      return toInfo(body.info);
    },

    async addLine(chatUrl, text, options) {
      const event = { '@type': 'line', text, textType: 'plain' };
      const { location } = await post(subUrl(chatUrl, 'events'), { event }, options);
      return (
        location
          ?.replace(/[?#].*$/, '')
          .replace(/\.json$/, '')
          .split('/')
          .pop() || undefined
      );
    },

    async endChat(chatUrl, options) {
      await post(subUrl(chatUrl, 'events'), { event: { '@type': 'state', state: 'ended' } }, options);
    },

    setVisitorTyping(chatUrl, typing, options) {
      return put(subUrl(chatUrl, 'info/visitorTyping'), { visitorTyping: typing ? 'typing' : 'not-typing' }, options);
    },

    setVisitorName(chatUrl, name, options) {
      return put(subUrl(chatUrl, 'info/visitorName'), { visitorName: name }, options);
    },

    getExitSurvey(chatUrl, options) {
      return survey(subUrl(chatUrl, 'exitSurvey'), options);
    },

    submitExitSurvey(chatUrl, surveyId, answers, options) {
      return put(subUrl(chatUrl, 'exitSurvey'), { survey: toSurveyAnswers(surveyId, answers) }, options);
    },

    requestTranscript(chatUrl, email, options) {
      return put(subUrl(chatUrl, 'transcriptRequest'), { email }, options);
    },
  };
}

function configError(message: string): ChatApiError {
  return new ChatApiError({ code: 'config', message });
}
