/**
 * The allow-list: the only paths and methods the relay forwards. A path is taken apart segment by
 * segment against fixed names and strict id patterns, and the upstream path is rebuilt from those
 * pieces, so nothing the client sends (encoded dots or slashes, extra slashes, another host) can
 * reach another resource or another host.
 */
import { ACCOUNT_ID } from './options.js';

export type Service = 'conversationVep' | 'msdkgw';
export const SERVICES: readonly Service[] = ['conversationVep', 'msdkgw'];

/** The methods a resource answers, after `X-HTTP-Method-Override: PUT` on a POST became PUT. */
export type Method = 'GET' | 'POST' | 'PUT';

interface Resource {
  /** Stable name: `chat.events`, `engagement.visitors`… */
  name: string;
  pattern: RegExp;
  methods: readonly Method[];
  /** Whether `.json` may end the path (the Server Chat API's format suffix). */
  json: boolean;
}

/** Chat ids (chat keys) as the platform makes them, e.g. `H7496712445225055898-608c…K8388836`. */
const ID = '[A-Za-z0-9_-]{1,200}';
const EVENT_ID = '[0-9]{1,20}';

/** Below `/api/account/{account}/chat/`; the `.json` suffix is taken off before matching. */
const CHAT: readonly Resource[] = [
  { name: 'chat.availability', pattern: /^availability$/, methods: ['GET'], json: true },
  { name: 'chat.availableSlots', pattern: /^availableSlots$/, methods: ['GET'], json: true },
  { name: 'chat.estimatedWaitTime', pattern: /^estimatedWaitTime$/, methods: ['GET'], json: true },
  // Every version of the docs writes `chat//preSurvey`; the single slash is accepted too.
  { name: 'chat.preSurvey', pattern: /^\/?preSurvey$/, methods: ['GET'], json: true },
  { name: 'chat.offlineSurvey', pattern: /^offlineSurvey$/, methods: ['GET', 'POST', 'PUT'], json: true },
  { name: 'chat.request', pattern: /^request$/, methods: ['POST'], json: true },
  { name: 'chat.chat', pattern: new RegExp(`^(?<chatId>${ID})$`), methods: ['GET'], json: true },
  { name: 'chat.events', pattern: new RegExp(`^(?<chatId>${ID})/events$`), methods: ['GET', 'POST'], json: true },
  { name: 'chat.event', pattern: new RegExp(`^(?<chatId>${ID})/events/${EVENT_ID}$`), methods: ['GET'], json: true },
  { name: 'chat.info', pattern: new RegExp(`^(?<chatId>${ID})/info$`), methods: ['GET'], json: true },
  { name: 'chat.visitorName', pattern: new RegExp(`^(?<chatId>${ID})/info/visitorName$`), methods: ['GET', 'PUT'], json: true },
  { name: 'chat.visitorTyping', pattern: new RegExp(`^(?<chatId>${ID})/info/visitorTyping$`), methods: ['GET', 'PUT'], json: true },
  { name: 'chat.agentTyping', pattern: new RegExp(`^(?<chatId>${ID})/info/agentTyping$`), methods: ['GET'], json: true },
  { name: 'chat.exitSurvey', pattern: new RegExp(`^(?<chatId>${ID})/exitSurvey$`), methods: ['GET', 'PUT'], json: true },
  { name: 'chat.transcriptRequest', pattern: new RegExp(`^(?<chatId>${ID})/transcriptRequest$`), methods: ['PUT'], json: true },
  {
    name: 'chat.transcriptWithSubjectRequest',
    pattern: new RegExp(`^(?<chatId>${ID})/transcriptWithSubjectRequest$`),
    methods: ['PUT'],
    json: true,
  },
];

/** Below `/api/account/{account}/` itself (conversationVep): visitor authentication. */
const ACCOUNT_LEVEL: readonly Resource[] = [{ name: 'auth.conversation', pattern: /^conversation$/, methods: ['POST'], json: true }];

/** Names under `chat/` that are resources, never chat ids. */
const RESERVED = new Set(['availability', 'availableSlots', 'estimatedWaitTime', 'preSurvey', 'offlineSurvey', 'request']);

/** Below `/api/account/{account}/app/engagement/`: create session (POST) and update session (PUT). */
const ENGAGEMENT: readonly Resource[] = [
  { name: 'engagement.create', pattern: /^visitors$/, methods: ['POST'], json: false },
  { name: 'engagement.visitor', pattern: new RegExp(`^visitors/${ID}$`), methods: ['POST', 'PUT'], json: false },
];

export interface RelayRoute {
  name: string;
  service: Service;
  account: string;
  /** `/api/account/{account}/…` as sent, `.json` included: appended to the service's base URL. */
  upstreamPath: string;
  methods: readonly Method[];
  /** The chat the call is about, for the per-chat rate limit. */
  chatId?: string;
}

export type PathMatch =
  | { kind: 'route'; route: RelayRoute }
  /** The path has the shape of an account's resource, but not of one this relay serves. */
  | { kind: 'account'; account: string }
  | { kind: 'none' };

function find(resources: readonly Resource[], rest: string): { resource: Resource; chatId?: string } | undefined {
  const hasJson = rest.endsWith('.json');
  for (const resource of resources) {
    const path = hasJson && resource.json ? rest.slice(0, -'.json'.length) : rest;
    const match = resource.pattern.exec(path);
    if (!match) continue;
    const chatId = match.groups?.chatId;
    if (chatId !== undefined && RESERVED.has(chatId)) continue;
    return { resource, chatId };
  }
  return undefined;
}

/**
 * Matches a URL path (as the request's URL has it, still percent-encoded) against the allow-list:
 * `{prefix}/{service}/api/account/{account}/{resource}`.
 */
export function matchPath(pathname: string, prefix: string, accounts: ReadonlySet<string>): PathMatch {
  if (!pathname.startsWith(`${prefix}/`)) return { kind: 'none' };
  const below = pathname.slice(prefix.length + 1);
  const head = /^(?<service>[A-Za-z]+)\/api\/account\/(?<account>[^/]*)\/(?<rest>.*)$/s.exec(below);
  if (!head?.groups) return { kind: 'none' };
  const { service, account, rest } = head.groups as { service: string; account: string; rest: string };
  if (!(SERVICES as readonly string[]).includes(service)) return { kind: 'none' };
  if (!accounts.has(account) || !ACCOUNT_ID.test(account)) return { kind: 'account', account };

  let found: ReturnType<typeof find>;
  let upstreamPath: string;
  if (service === 'conversationVep' && !rest.startsWith('chat/')) {
    // Visitor authentication, the step before an authenticated chat request.
    found = find(ACCOUNT_LEVEL, rest);
    upstreamPath = `/api/account/${account}/${rest}`;
  } else if (service === 'conversationVep') {
    const resource = rest.slice('chat/'.length);
    found = find(CHAT, resource);
    upstreamPath = `/api/account/${account}/chat/${resource}`;
  } else {
    if (!rest.startsWith('app/engagement/')) return { kind: 'none' };
    const resource = rest.slice('app/engagement/'.length);
    found = find(ENGAGEMENT, resource);
    upstreamPath = `/api/account/${account}/app/engagement/${resource}`;
  }
  if (!found) return { kind: 'none' };
  return {
    kind: 'route',
    route: {
      name: found.resource.name,
      service: service as Service,
      account,
      upstreamPath,
      methods: found.resource.methods,
      chatId: found.chatId,
    },
  };
}
