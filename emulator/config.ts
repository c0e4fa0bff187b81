/**
 * Emulator configuration: agents, skills, accepted appKeys, the engagement App Engagement answers
 * with, surveys, limits and timeouts, and the authentication connector visitors authenticate with. Set at start, from a JSON file (CLI `--config`) or over HTTP
 * (`PUT /_emulator/config`); every change is a deep merge checked as a whole.
 */
import { EmulatorError } from './errors.js';
import { DEFAULT_EXIT_SURVEY, DEFAULT_OFFLINE_SURVEY, DEFAULT_PRE_CHAT_SURVEY } from './survey-fixtures.js';
import { surveyDefinitionProblems } from './surveys.js';
import type { SurveyDefinition } from './surveys.js';
import { authenticationProblems, defaultAuthentication } from './visitor-auth.js';
import type { AuthenticationConfig } from './visitor-auth.js';
import { isObject } from './wire.js';

export interface SkillConfig {
  id: string;
  name: string;
}

export interface AgentConfig {
  /** User id (numeric string, e.g. "3705342610"). */
  id: string;
  loginName: string;
  password: string;
  /** Display name: `by` of the agent's lines, `agentName` in chat info. */
  nickname: string;
  /** Skill names. */
  skills: string[];
  /** Concurrent chats; -1 = unlimited. */
  maxChats: number;
  /** Application login (bot users): every one of these that is set must match. */
  appKey?: string;
  secret?: string;
  accessToken?: string;
  accessTokenSecret?: string;
}

/** The engagement App Engagement create-session answers with when it is Available. */
export interface EngagementConfig {
  /** Skill name; Available when an agent with this skill is Online. */
  skill: string;
  campaignId: string;
  engagementId: string;
  windowId: string;
  language: string;
  engagementRevision: number;
  /** How long the client may use the engagement before asking again (answered as is; 1 makes it expire quickly). */
  validForSeconds: number;
  /**
   * The authentication connector of an authenticated engagement (digits, answered as `connectorId`);
   * null = an unauthenticated engagement. Chats on an authenticated engagement need a visitor authentication.
   */
  connectorId: string | null;
  /**
   * `status` of create session: `auto` (Available when an agent with the skill is Online, else
   * NotAvailable), `Available`, `NotAvailable`, or any other word, answered as is without
   * `engagementDetails` (the not-ready answers clients retry on).
   */
  status: string;
}

export interface SurveysConfig {
  preChat: SurveyDefinition | null;
  exit: SurveyDefinition | null;
  offline: SurveyDefinition | null;
}

export interface LimitsConfig {
  /** Chats kept (any state); the oldest ended one is evicted first, else new requests get 503. */
  maxChats: number;
  /** Lines per chat (visitor + agent + system); more → 400. */
  maxLinesPerChat: number;
  /** Request bodies above this → 413. */
  maxBodyBytes: number;
  /** Ended chats stay readable this long, then 404 (internal code 12). */
  endedChatRetentionMs: number;
  maxEngagementSessions: number;
  maxAgentSessions: number;
  maxLoginSessions: number;
  /** Entries kept in each record list (offline/exit surveys, transcripts, custom variables, request log). */
  maxRecords: number;
  /** Agent sessions without any request for this long are dropped (their chats re-queued). */
  agentSessionIdleMs: number;
  /** Login (bearer) lifetime, also answered as `sessionTTl`. */
  loginSessionTtlMs: number;
}

/** How links are keyed: `@href`/`@rel` (most doc examples) or `href`/`rel` (chat info §7.4, chat sessions). */
export type LinkStyle = '@href' | 'href';
/** `"4"` (events page) or `4` (resources page). */
export type SystemMessageIdStyle = 'string' | 'number';

/**
 * The documented wire variants the consumer side of a chat is rendered with. `alternate` changes the
 * variant from chat to chat (by the chat's sequence number), so one run meets every variant.
 */
export interface VariantsConfig {
  links: 'alternate' | LinkStyle;
  systemMessageId: 'alternate' | SystemMessageIdStyle;
  /** A `line-status` ACCEPT event after each visitor line (protocol §1.5, §7.3). */
  lineStatus: boolean;
}

export interface EmulatorConfig {
  agents: AgentConfig[];
  skills: SkillConfig[];
  appKeys: string[];
  engagement: EngagementConfig;
  surveys: SurveysConfig;
  limits: LimitsConfig;
  /** `chatTimeout` (seconds) of chats whose request has no `interactionTimeout`. */
  defaultInteractionTimeout: number;
  /** How often timeouts and expiries are checked. */
  timeoutSweepMs: number;
  variants: VariantsConfig;
  /** Visitor authentication: how `ssoKey`s are checked (see visitor-auth.ts). */
  authentication: AuthenticationConfig;
}

/** A partial configuration: what `--config`, `PUT /_emulator/config` and `updateConfig` take (deep-merged). */
export interface ConfigPatch {
  agents?: AgentConfig[];
  skills?: SkillConfig[];
  appKeys?: string[];
  engagement?: Partial<EngagementConfig>;
  surveys?: Partial<SurveysConfig>;
  limits?: Partial<LimitsConfig>;
  defaultInteractionTimeout?: number;
  timeoutSweepMs?: number;
  variants?: Partial<VariantsConfig>;
  authentication?: Partial<AuthenticationConfig>;
}

/** The public "global" appKey of the Server Chat API docs. */
export const GLOBAL_APP_KEY = '721c180b09eb463d9f3191c41762bb68';

export function defaultConfig(): EmulatorConfig {
  return structuredClone({
    agents: [
      { id: '3705342610', loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales'], maxChats: 4 },
    ],
    skills: [{ id: '1', name: 'Sales' }],
    appKeys: [GLOBAL_APP_KEY],
    engagement: {
      skill: 'Sales',
      campaignId: '3346848610',
      engagementId: '3562981110',
      windowId: '3346847910',
      language: 'en-US',
      engagementRevision: 44,
      validForSeconds: 900,
      connectorId: null,
      status: 'auto',
    },
    surveys: { preChat: DEFAULT_PRE_CHAT_SURVEY, exit: DEFAULT_EXIT_SURVEY, offline: DEFAULT_OFFLINE_SURVEY },
    limits: {
      maxChats: 500,
      maxLinesPerChat: 1000,
      maxBodyBytes: 64 * 1024,
      endedChatRetentionMs: 10 * 60_000,
      maxEngagementSessions: 1000,
      maxAgentSessions: 100,
      maxLoginSessions: 200,
      maxRecords: 500,
      agentSessionIdleMs: 400_000,
      loginSessionTtlMs: 28_800_000,
    },
    defaultInteractionTimeout: 40,
    timeoutSweepMs: 1000,
    variants: { links: 'alternate', systemMessageId: 'alternate', lineStatus: true },
    authentication: defaultAuthentication(),
  });
}

/** An invalid configuration: a bad request when it came over HTTP. */
export class ConfigError extends EmulatorError {
  override readonly name = 'ConfigError';

  constructor(message: string) {
    super('bad-request', message);
  }
}

/** Keys whose value is replaced as a whole rather than merged key by key. */
const REPLACED = new Set([
  'agents',
  'skills',
  'appKeys',
  'surveys.preChat',
  'surveys.exit',
  'surveys.offline',
  'authentication.jwks',
  'authentication.codes',
]);

function merge(base: Record<string, unknown>, patch: Record<string, unknown>, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(base, key)) throw new ConfigError(`unknown configuration key "${at}"`);
    const current = base[key];
    out[key] = !REPLACED.has(at) && isObject(current) && isObject(value) ? merge(current, value, at) : structuredClone(value);
  }
  return out;
}

/** Deep-merges `patch` into `base` and returns the checked result; throws `ConfigError` listing the problems. */
export function mergeConfig(base: EmulatorConfig, patch: unknown): EmulatorConfig {
  if (patch === undefined || patch === null) return structuredClone(base);
  if (!isObject(patch)) throw new ConfigError('configuration must be a JSON object');
  const merged = merge(base as unknown as Record<string, unknown>, patch, '');
  const problems = configProblems(merged);
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return merged as unknown as EmulatorConfig;
}

const positiveInt = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) > 0;
const nonEmpty = (x: unknown): boolean => typeof x === 'string' && x.trim() !== '';

function configProblems(c: Record<string, unknown>): string[] {
  const p: string[] = [];
  const skillNames = new Set<string>();
  if (!Array.isArray(c.skills) || c.skills.length === 0) {
    p.push('skills must be a non-empty array');
  } else {
    const ids = new Set<string>();
    c.skills.forEach((s: unknown, i: number) => {
      if (!isObject(s) || !nonEmpty(s.id) || !nonEmpty(s.name)) {
        p.push(`skills[${i}] must be {id: string, name: string}`);
        return;
      }
      if (ids.has(s.id as string) || skillNames.has(s.name as string)) p.push(`skills[${i}] repeats an id or a name`);
      ids.add(s.id as string);
      skillNames.add(s.name as string);
    });
  }
  if (!Array.isArray(c.agents)) {
    p.push('agents must be an array');
  } else {
    const logins = new Set<string>();
    const ids = new Set<string>();
    c.agents.forEach((a: unknown, i: number) => {
      const at = `agents[${i}]`;
      if (!isObject(a)) {
        p.push(`${at} must be an object`);
        return;
      }
      for (const key of ['id', 'loginName', 'nickname'] as const) if (!nonEmpty(a[key])) p.push(`${at}.${key} must be a non-empty string`);
      if (typeof a.password !== 'string') p.push(`${at}.password must be a string`);
      if (!Array.isArray(a.skills) || !a.skills.every((s) => typeof s === 'string' && skillNames.has(s))) {
        p.push(`${at}.skills must list configured skill names`);
      }
      if (!Number.isSafeInteger(a.maxChats) || (a.maxChats as number) < -1) p.push(`${at}.maxChats must be an integer >= -1`);
      for (const key of ['appKey', 'secret', 'accessToken', 'accessTokenSecret'] as const) {
        if (a[key] !== undefined && typeof a[key] !== 'string') p.push(`${at}.${key} must be a string`);
      }
      if (logins.has(a.loginName as string) || ids.has(a.id as string)) p.push(`${at} repeats a loginName or an id`);
      logins.add(a.loginName as string);
      ids.add(a.id as string);
    });
  }
  if (!Array.isArray(c.appKeys) || !c.appKeys.every(nonEmpty)) p.push('appKeys must be an array of non-empty strings');
  const e = c.engagement;
  if (!isObject(e)) {
    p.push('engagement must be an object');
  } else {
    if (!skillNames.has(e.skill as string)) p.push('engagement.skill must be a configured skill name');
    for (const key of ['campaignId', 'engagementId', 'windowId', 'language'] as const) {
      if (!nonEmpty(e[key])) p.push(`engagement.${key} must be a non-empty string`);
    }
    for (const key of ['engagementRevision', 'validForSeconds'] as const) {
      if (!positiveInt(e[key])) p.push(`engagement.${key} must be a positive integer`);
    }
    if (e.connectorId !== null && !(typeof e.connectorId === 'string' && /^\d{1,19}$/.test(e.connectorId))) {
      p.push('engagement.connectorId must be null or a string of digits');
    }
    if (typeof e.status !== 'string' || !/^[A-Za-z][A-Za-z_]{0,39}$/.test(e.status)) {
      p.push('engagement.status must be auto, Available, NotAvailable or another word (letters)');
    }
  }
  p.push(...authenticationProblems(c.authentication));
  const s = c.surveys;
  if (!isObject(s)) {
    p.push('surveys must be an object');
  } else {
    for (const key of ['preChat', 'exit', 'offline'] as const) {
      if (s[key] !== null) p.push(...surveyDefinitionProblems(s[key], `surveys.${key}`));
    }
  }
  const l = c.limits;
  if (!isObject(l)) {
    p.push('limits must be an object');
  } else {
    for (const [key, value] of Object.entries(l)) if (!positiveInt(value)) p.push(`limits.${key} must be a positive integer`);
  }
  const t = c.defaultInteractionTimeout;
  if (typeof t !== 'number' || !(t > 0 && t <= 86_400)) p.push('defaultInteractionTimeout must be a number of seconds in (0, 86400]');
  if (!Number.isSafeInteger(c.timeoutSweepMs) || (c.timeoutSweepMs as number) < 10) p.push('timeoutSweepMs must be an integer >= 10');
  const v = c.variants;
  if (!isObject(v)) {
    p.push('variants must be an object');
  } else {
    if (!['alternate', '@href', 'href'].includes(v.links as string)) p.push('variants.links must be alternate, @href or href');
    if (!['alternate', 'string', 'number'].includes(v.systemMessageId as string)) {
      p.push('variants.systemMessageId must be alternate, string or number');
    }
    if (typeof v.lineStatus !== 'boolean') p.push('variants.lineStatus must be true or false');
  }
  return p;
}
