/**
 * App Engagement API (`msdkgw`): create a monitoring session and get the engagement (Available when an
 * agent with the engagement's skill is Online, or as `engagement.status` and the queued statuses say),
 * then update it with the funnel's impression events and SDEs. Bodies are checked strictly against the
 * documented shapes; one malformed entry refuses the whole request and nothing of it is kept. Errors use
 * this API's flat entity `{"time":<ms>,"message":..,"internalCode":..}`. No authorization is required
 * (none is documented). Every body accepted is recorded on the session, impressions with their time.
 */
import { isIP } from 'node:net';
import { impressionProblems, readImpression, sdeProblems } from '../engagement-attributes.js';
import type { Impression } from '../engagement-attributes.js';
import { digits, visitorToken } from '../ids.js';
import { EmulatorError } from '../errors.js';
import { empty, json, jsonDepth, MAX_JSON_DEPTH } from '../http.js';
import type { RequestContext, Reply } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';
import { findSkill, onlineSessions } from '../agent-assignment.js';
import type { EngagementSession, IssuedEngagement } from '../state.js';
import { isObject, wireNumber } from '../wire.js';

const APP_TYPES = ['MSDK', 'EXTERNAL'];
const DEVICE_FAMILIES = ['DESKTOP', 'TABLET', 'MOBILE'];
const SYSTEMS = ['WINDOWS', 'MAC_OSX', 'LINUX', 'IOS', 'ANDROID'];
/** Visitor ids this API hands out look like `rloXnVgEQ-iQuoOytvKNqA`; lpTag's are alike. */
const VISITOR_ID = /^[A-Za-z0-9_.-]{1,100}$/;
/** Problems listed in one error message, at most. */
const SHOWN_PROBLEMS = 5;

/** Throws this API's flat error: 400 (bad request) or 404 (not found). */
function engagementFail(status: 400 | 404, message: string, internalCode: number): never {
  throw new EmulatorError(status === 404 ? 'not-found' : 'bad-request', message, { dialect: 'engagement', internalCode });
}

/** 400 (internal code 5) naming every problem found (the first few): one bad entry refuses the whole request. */
function refuse(problems: string[]): void {
  if (problems.length === 0) return;
  const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
  engagementFail(400, problems.slice(0, SHOWN_PROBLEMS).join('; ') + more, 5);
}

function readBody(ctx: RequestContext): Record<string, unknown> {
  const text = ctx.body.toString('utf8');
  if (jsonDepth(text) > MAX_JSON_DEPTH) return engagementFail(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, 5);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return engagementFail(400, 'Request body is not valid JSON', 5);
  }
  if (!isObject(body)) return engagementFail(400, 'Request body must be a JSON object', 5);
  return body;
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], at: string): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${at}${key} is not a documented field`);
}

/** `engagementAttributes`: absent, or an array of well-formed SDEs (never impression events). */
function attributeProblems(body: Record<string, unknown>): string[] {
  const value = body.engagementAttributes;
  if (value === undefined) return [];
  if (!Array.isArray(value)) return ['engagementAttributes must be an array'];
  return value.flatMap((sde, i) => sdeProblems(sde, `engagementAttributes[${i}]`));
}

function appDetailsProblems(details: unknown): string[] {
  if (details === undefined) return [];
  if (!isObject(details)) return ['appDetails must be an object'];
  const p = unknownKeys(details, ['appVersion', 'deviceFamily', 'ipAddress', 'os', 'osVersion'], 'appDetails.');
  for (const key of ['appVersion', 'osVersion'] as const) {
    if (details[key] !== undefined && typeof details[key] !== 'string') p.push(`appDetails.${key} must be a string`);
  }
  if (details.deviceFamily !== undefined && !DEVICE_FAMILIES.includes(details.deviceFamily as string)) {
    p.push(`appDetails.deviceFamily must be one of ${DEVICE_FAMILIES.join(', ')}`);
  }
  if (details.os !== undefined && !SYSTEMS.includes(details.os as string)) p.push(`appDetails.os must be one of ${SYSTEMS.join(', ')}`);
  if (details.ipAddress !== undefined && !(typeof details.ipAddress === 'string' && isIP(details.ipAddress) !== 0)) {
    p.push('appDetails.ipAddress must be an IPv4 or IPv6 address');
  }
  return p;
}

function queryRecord(ctx: RequestContext): Record<string, string> {
  return Object.fromEntries(ctx.query.entries());
}

/**
 * The session a create session continues: the one `sid` names when it is this visitor's (or no
 * visitor id was given); otherwise a new one with a new session id (an unknown `sid` is replaced, as
 * the docs say), for the visitor of the path when there is one.
 */
function sessionFor(ctx: RequestContext): EngagementSession {
  const visitorId = ctx.params.visitorId;
  if (visitorId !== undefined && !VISITOR_ID.test(visitorId)) engagementFail(400, 'visitorId must be 1 to 100 letters, digits, "_", "-" or "."', 5);
  const sid = ctx.query.get('sid');
  const known = sid ? ctx.runtime.state.engagementSessions.get(`${ctx.params.account}/${sid}`) : undefined;
  if (known && (visitorId === undefined || known.visitorId === visitorId)) return known;
  return {
    account: ctx.params.account,
    visitorId: visitorId ?? visitorToken(),
    sessionId: visitorToken(),
    createdAt: ctx.now,
    lastSeen: ctx.now,
    pageIds: [],
    contextId: '0',
    engagements: [],
    requests: [],
    engagementAttributes: [],
    impressions: [],
  };
}

function create(ctx: RequestContext): Reply {
  const body = readBody(ctx);
  const problems = unknownKeys(body, ['appType', 'appDetails', 'consumerSections', 'engagementAttributes'], '');
  if (!APP_TYPES.includes(body.appType as string)) problems.push('appType must be MSDK or EXTERNAL');
  problems.push(...appDetailsProblems(body.appDetails));
  const sections = body.consumerSections;
  if (sections !== undefined && !(Array.isArray(sections) && sections.every((s) => typeof s === 'string'))) {
    problems.push('consumerSections must be an array of strings');
  }
  problems.push(...attributeProblems(body));
  refuse(problems);

  const { state, config } = ctx.runtime;
  const account = ctx.params.account;
  const session = sessionFor(ctx);
  const pageId = digits(10);
  session.pageIds.push(pageId);
  session.lastSeen = ctx.now;
  session.requests.push({ time: ctx.now, kind: 'create', query: queryRecord(ctx), body });
  if (Array.isArray(body.engagementAttributes)) session.engagementAttributes.push(...body.engagementAttributes);

  const engagement = config.engagement;
  const skill = findSkill(config, engagement.skill);
  const status = state.engagementStatuses.shift() ?? engagement.status;
  const online = skill !== undefined && onlineSessions(state, config, { account, skill: skill.name }).length > 0;
  const available = status === 'Available' || (status === 'auto' && online);
  const answer = {
    status: status === 'auto' ? (available ? 'Available' : 'NotAvailable') : status,
    sessionId: session.sessionId,
    visitorId: session.visitorId,
    pageId,
  };
  if (!available || !skill) {
    state.touchEngagementSession(session);
    return json(200, answer);
  }
  session.contextId = String(Number(session.contextId) + 1);
  session.engagements.push({
    contextId: session.contextId,
    campaignId: engagement.campaignId,
    engagementId: engagement.engagementId,
    engagementRevision: engagement.engagementRevision,
    windowId: engagement.windowId,
    ...(engagement.connectorId === null ? {} : { connectorId: engagement.connectorId }),
    pageId,
    issuedAt: ctx.now,
    expiresAt: ctx.now + engagement.validForSeconds * 1000,
  });
  state.touchEngagementSession(session);
  return json(200, {
    ...answer,
    engagementDetails: {
      campaignId: engagement.campaignId,
      engagementId: engagement.engagementId,
      contextId: session.contextId,
      windowId: engagement.windowId,
      language: engagement.language,
      engagementRevision: engagement.engagementRevision,
      validForSeconds: engagement.validForSeconds,
      skillId: wireNumber(skill.id),
      skillName: skill.name,
      ...(engagement.connectorId === null ? {} : { connectorId: wireNumber(engagement.connectorId) }),
    },
  });
}

/**
 * The engagement given to this session that an impression is about (same campaign, engagement and
 * revision, and its context when the impression names one), the latest if several; none when the
 * impression is about an engagement this session was never given.
 */
function engagementOf(session: EngagementSession, impression: Impression): IssuedEngagement | undefined {
  const matches = session.engagements.filter(
    (e) =>
      e.campaignId === String(impression.campaign) &&
      e.engagementId === String(impression.engId) &&
      e.engagementRevision === impression.revision &&
      impression.contextIds.every((id) => id === e.contextId),
  );
  return matches.at(-1);
}

function update(ctx: RequestContext): Reply {
  const visitorId = ctx.params.visitorId;
  const sessionId = ctx.query.get('sid');
  if (visitorId === undefined) return engagementFail(400, 'visitorId is required to update a session', 5);
  if (!sessionId) return engagementFail(400, 'sid is required to update a session', 5);
  const body = readBody(ctx);
  const problems = unknownKeys(body, ['pageId', 'impAttributes', 'engagementAttributes'], '');
  if (typeof body.pageId !== 'string' && typeof body.pageId !== 'number') problems.push('pageId is required');
  const events = body.impAttributes;
  if (events !== undefined && !Array.isArray(events)) problems.push('impAttributes must be an array');
  if (Array.isArray(events)) events.forEach((event, i) => problems.push(...impressionProblems(event, `impAttributes[${i}]`)));
  problems.push(...attributeProblems(body));
  refuse(problems);

  const { state } = ctx.runtime;
  const session = state.engagementSessions.get(`${ctx.params.account}/${sessionId}`);
  if (!session || session.visitorId !== visitorId) return engagementFail(404, 'Session not found', 12);
  const pageId = String(body.pageId);
  if (!session.pageIds.includes(pageId)) return engagementFail(400, `pageId ${pageId} was not given to this session`, 5);
  const impressions = ((events ?? []) as Array<Record<string, unknown>>).map((event, i) => {
    const impression = readImpression(event);
    const engagement = engagementOf(session, impression);
    if (!engagement) {
      const context = impression.contextIds.length > 0 ? `, context ${impression.contextIds.join(', ')}` : '';
      problems.push(
        `impAttributes[${i}] is about campaign ${impression.campaign}, engId ${impression.engId}, revision ${impression.revision}${context}: ` +
          'no such engagement was given to this session',
      );
    }
    return { impression, engagement, event };
  });
  refuse(problems);

  session.lastSeen = ctx.now;
  session.requests.push({ time: ctx.now, kind: 'update', query: queryRecord(ctx), body });
  for (const { impression, engagement, event } of impressions) {
    session.impressions.push({
      time: ctx.now,
      pageId,
      type: impression.type,
      campaign: impression.campaign,
      engId: impression.engId,
      revision: impression.revision,
      ...(impression.contextIds.length > 0 ? { contextId: impression.contextIds[0] } : {}),
      expired: engagement !== undefined && ctx.now > engagement.expiresAt,
      event,
    });
  }
  if (Array.isArray(body.engagementAttributes)) session.engagementAttributes.push(...body.engagementAttributes);
  state.touchEngagementSession(session);
  return empty(200);
}

function visitors(ctx: RequestContext): Reply {
  if (ctx.query.get('v') !== '1.0') engagementFail(400, 'Illegal Version', 33);
  return ctx.method === 'PUT' ? update(ctx) : create(ctx);
}

export const engagementRoutes: Route[] = [
  {
    name: 'engagement.visitors',
    methods: ['POST', 'PUT'],
    pattern: new RegExp(`^/api/account/${ACCOUNT}/app/engagement/visitors(?:/(?<visitorId>[^/]+))?$`),
    handle: visitors,
  },
];
