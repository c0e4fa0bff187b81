import ky, { HTTPError } from 'ky';
import { AgentApiError, AgentClient, isAbort, jsonUrl } from '../../../emulator/bot/agent-client.js';
import { asArray, isObject, toChatResource, type Wire } from '../../../src/api/dto.js';
import { checkAttributes } from '../../../src/api/sde.js';
import { platformUrls } from './platform.js';
import type { AgentApi, AgentProfile, CallOptions, ChatRead, TransferSkill, Visit, VisitorDetails } from './types.js';

export interface AgentApiConfig {
  /** The same-origin path (or absolute URL) the platform is proxied at, e.g. `/lp-agent`. */
  platform: string;
  /** LivePerson account (site) id. */
  account: string;
  /** Per request, ms; default 10 s. */
  timeout?: number;
  /** Pauses before retrying a 5xx or a network failure (ms); default 1 s, then 3 s. */
  retryDelays?: number[];
}

/** A string or number off the wire, as a string. */
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value || undefined : typeof value === 'number' ? String(value) : undefined;

/** What `info` says about the visitor and the engagement the chat came from. */
function visitorOf(info: Wire): VisitorDetails {
  return {
    name: text(info.visitorName),
    skill: text(info.skillName),
    engagementId: text(info.engagementId),
    campaignId: text(info.campaignId),
    language: text(info.language),
    monitoring: { visitor: text(info.sharkVisitorId), session: text(info.sharkSessionId), context: text(info.sharkContextId) },
  };
}

/** The `@href` (or `href`) of the link with this rel in a list (or single object) of links. */
function linkOf(links: unknown, rel: string): string | undefined {
  const found = asArray(links)
    .filter(isObject)
    .find((l) => (l['@rel'] ?? l.rel) === rel);
  return found && text(found['@href'] ?? found.href);
}

/**
 * The visit resource (`{"visit":{…}}`, the emulator's shape: the docs give the `visit-id` link, not
 * what it answers). The documented engagement attribute types are read with the window's own checks;
 * anything else is kept as it came.
 */
function toVisit(body: unknown): Visit | undefined {
  const visit = isObject(body) && isObject(body.visit) ? body.visit : undefined;
  if (!visit) return undefined;
  const survey = isObject(visit.preChatSurvey) ? visit.preChatSurvey : {};
  const identity = isObject(visit.authenticatedVisitor) ? visit.authenticatedVisitor : undefined;
  return {
    name: text(visit.visitorName),
    preChat: asArray(survey.question)
      .filter(isObject)
      .map((q) => ({
        question: text(q.label) ?? `Question ${text(q.id ?? q['@id']) ?? ''}`.trim(),
        answers: asArray(q.answer)
          .map((a) => (isObject(a) ? text(a.label) ?? text(a.value) : text(a)))
          .filter((a): a is string => a !== undefined),
      }))
      .filter((q) => q.answers.length > 0),
    attributes: asArray(visit.engagementAttributes)
      .filter(isObject)
      .map((raw) => checkAttributes([raw]).attributes[0] ?? { type: 'unknown' as const, rawType: text(raw.type) ?? '', data: raw }),
    identity:
      identity &&
      Object.fromEntries(Object.entries(identity).flatMap(([claim, value]) => (typeof value === 'string' ? [[claim, value]] : []))),
  };
}

/** Ids go out as numbers when numeric, as the documented examples send them. */
const wireId = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

/**
 * The Chat Agent API for one agent of one account, from the browser. The bot's client
 * (`emulator/bot/agent-client.ts`, browser-safe: fetch only) makes the login, session, availability,
 * ringing, accept, line, typing and end calls; the calls it does not have — reading a whole chat
 * resource with its `info`, the chat's visit, and transfers — go over ky here, with the same URL form and bearer,
 * and their answers are read with the window's reader of chat resources.
 */
export function createAgentApi({ platform, account, timeout = 10_000, retryDelays = [1_000, 3_000] }: AgentApiConfig): AgentApi {
  const onPlatform = platformUrls(platform);
  const client = new AgentClient({
    csds: onPlatform.base,
    account,
    timeout,
    retryDelays,
    fetch: (input, init) => fetch(input instanceof Request ? input : onPlatform(String(input)), init),
  });
  let bearer = '';
  /** The agent session's URL, once signed in. */
  let session = '';
  const http = ky.create({
    timeout,
    retry: { limit: retryDelays.length, delay: (attempt) => retryDelays[attempt - 1] ?? 1_000 },
    hooks: { beforeRequest: [(request) => request.headers.set('Authorization', `Bearer ${bearer}`)] },
  });

  /** One call outside the bot's client; fails with `AgentApiError` like the calls inside it. */
  async function call(method: 'get' | 'post', href: string, options: CallOptions & { retry?: false }, json?: unknown): Promise<unknown> {
    const url = onPlatform(jsonUrl(href));
    try {
      const request = { method, json, signal: options.signal, headers: { Accept: 'application/json' } };
      const body = await http(url, options.retry === false ? { ...request, retry: 0 } : request).text();
      return body ? JSON.parse(body) : undefined;
    } catch (error) {
      if (isAbort(error) && options.signal?.aborted) throw error;
      const status = error instanceof HTTPError ? error.response.status : 0;
      const body = error instanceof HTTPError ? await error.response.text().catch(() => '') : '';
      throw new AgentApiError(`${method.toUpperCase()} ${new URL(url).pathname} failed (${status || String(error)})`, status, method, url, body);
    }
  }

  const sessionUrl = (): string => {
    if (!session) throw new AgentApiError('Not signed in', 0, 'GET', '');
    return session;
  };

  return {
    async signIn({ username, password }, options = {}): Promise<AgentProfile> {
      await client.lookupAgentVep(options);
      ({ bearer } = await client.login(username, password, options));
      session = await client.startAgentSession(options);
      const info = await client.agentInfo(session, options);
      const maxChats = info.maxChats !== undefined && info.maxChats >= 0 ? info.maxChats : undefined;
      return { name: info.displayName ?? info.agentName ?? username, loginName: info.loginName ?? username, maxChats };
    },
    keepAlive: (options) => client.refresh(options),
    async signOut(options = {}) {
      // Away first: a logout that fails still takes the agent out of routing.
      await client.setAvailability(sessionUrl(), 'Away', { ...options, retry: false }).catch(() => undefined);
      await client.logout({ ...options, retry: false });
      session = '';
    },
    setAvailability: (availability, options) => client.setAvailability(sessionUrl(), availability, options),
    async incomingRequests(options) {
      const { ringingCount, link } = await client.incomingRequests(sessionUrl(), options);
      return { count: ringingCount, link };
    },
    accept: (link, options) => client.acceptChat(link, options),
    async readChat(href, options = {}): Promise<ChatRead> {
      // A poll: its loop tries again itself.
      const body = await call('get', href, { ...options, retry: false });
      const resource = toChatResource(body);
      const chat = isObject(body) && isObject(body.chat) ? body.chat : {};
      return {
        events: resource.events,
        info: resource.info,
        visitor: visitorOf(isObject(chat.info) ? chat.info : {}),
        next: resource.links.next && new URL(resource.links.next, href).href,
        visit: linkOf(chat.link, 'visit-id'),
      };
    },
    async readVisit(href, options = {}): Promise<Visit> {
      const visit = toVisit(await call('get', href, options));
      if (!visit) throw new AgentApiError(`GET ${new URL(onPlatform(href)).pathname} answered no visit`, 200, 'GET', href);
      return visit;
    },
    addLine: (chatUrl, line, options) => client.addLine(chatUrl, line, options),
    setTyping: (chatUrl, typing, options) => client.setAgentTyping(chatUrl, typing, options),
    async transferSkills(chatUrl, options = {}): Promise<TransferSkill[]> {
      const body = await call('get', `${chatUrl}/transfer`, options);
      const transfer = isObject(body) && isObject(body.transfer) ? body.transfer : {};
      return asArray(transfer.skill)
        .filter(isObject)
        .map((skill) => ({
          id: text(skill.id ?? skill['@id']) ?? '',
          name: text(skill.name) ?? '',
          onlineAgents: Number(text(skill.onlineAgents) ?? 0) || 0,
        }))
        .filter((skill) => skill.id && skill.name);
    },
    async transfer(chatUrl, skillId, note, options = {}) {
      await call('post', `${chatUrl}/transfer`, options, { transfer: { skill: { id: wireId(skillId) }, ...(note.trim() && { text: note.trim() }) } });
    },
    endChat: (chatUrl, options) => client.endChat(chatUrl, options),
  };
}
