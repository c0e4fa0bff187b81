/**
 * App Engagement API (`msdkgw`): create a monitoring session and get the engagement (Available when an
 * agent with the engagement's skill is Online), then update it with impressions and SDEs. Errors use
 * this API's flat entity `{"time":<ms>,"message":..,"internalCode":..}`. No authorization is required
 * (none is documented). Every body received is recorded on the session.
 */
import { digits, visitorToken } from '../ids.js';
import { EmulatorError } from '../errors.js';
import { empty, json, jsonDepth, MAX_JSON_DEPTH } from '../http.js';
import type { RequestContext, Reply } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';
import { findSkill, onlineSessions } from '../agent-assignment.js';
import type { EngagementSession } from '../state.js';
import { isObject, wireNumber } from '../wire.js';

const APP_TYPES = ['MSDK', 'EXTERNAL'];

/** Throws this API's flat error: 400 (bad request) or 404 (not found). */
function engagementFail(status: 400 | 404, message: string, internalCode: number): never {
  throw new EmulatorError(status === 404 ? 'not-found' : 'bad-request', message, { dialect: 'engagement', internalCode });
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

function attributeList(body: Record<string, unknown>, key: string, allowImpressions: boolean): unknown[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((a) => isObject(a) && typeof a.type === 'string')) {
    return engagementFail(400, `${key} must be an array of objects with a "type"`, 5);
  }
  const isImpression = (a: Record<string, unknown>): boolean => String(a.type).startsWith('imp');
  if (!allowImpressions && value.some(isImpression)) {
    return engagementFail(400, `${key} cannot contain impression events`, 5);
  }
  return value;
}

function queryRecord(ctx: RequestContext): Record<string, string> {
  return Object.fromEntries(ctx.query.entries());
}

function create(ctx: RequestContext): Reply {
  const body = readBody(ctx);
  if (!APP_TYPES.includes(body.appType as string)) engagementFail(400, 'appType must be MSDK or EXTERNAL', 5);
  if (body.appDetails !== undefined && !isObject(body.appDetails)) engagementFail(400, 'appDetails must be an object', 5);
  const sections = body.consumerSections;
  if (sections !== undefined && !(Array.isArray(sections) && sections.every((s) => typeof s === 'string'))) {
    engagementFail(400, 'consumerSections must be an array of strings', 5);
  }
  const attributes = attributeList(body, 'engagementAttributes', false);

  const { state, config } = ctx.runtime;
  const account = ctx.params.account;
  const sessionId = ctx.query.get('sid') || visitorToken();
  const existing = state.engagementSessions.get(`${account}/${sessionId}`);
  const session: EngagementSession = existing ?? {
    account,
    visitorId: ctx.params.visitorId ?? visitorToken(),
    sessionId,
    createdAt: ctx.now,
    lastSeen: ctx.now,
    pageIds: [],
    contextId: '0',
    requests: [],
    engagementAttributes: [],
    impressions: [],
  };
  if (ctx.params.visitorId !== undefined) session.visitorId = ctx.params.visitorId;
  const pageId = digits(10);
  session.pageIds.push(pageId);
  session.lastSeen = ctx.now;
  session.contextId = String(Number(session.contextId) + 1);
  session.requests.push({ time: ctx.now, kind: 'create', query: queryRecord(ctx), body });
  session.engagementAttributes.push(...attributes);
  state.touchEngagementSession(session);

  const engagement = config.engagement;
  const skill = findSkill(config, engagement.skill);
  const available = skill !== undefined && onlineSessions(state, config, { account, skill: skill.name }).length > 0;
  const answer = { status: available ? 'Available' : 'NotAvailable', sessionId, visitorId: session.visitorId, pageId };
  if (!available || !skill) return json(200, answer);
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
    },
  });
}

function update(ctx: RequestContext): Reply {
  const visitorId = ctx.params.visitorId;
  const sessionId = ctx.query.get('sid');
  if (visitorId === undefined) return engagementFail(400, 'visitorId is required to update a session', 5);
  if (!sessionId) return engagementFail(400, 'sid is required to update a session', 5);
  const body = readBody(ctx);
  if (typeof body.pageId !== 'string' && typeof body.pageId !== 'number') engagementFail(400, 'pageId is required', 5);
  const impressions = attributeList(body, 'impAttributes', true);
  const attributes = attributeList(body, 'engagementAttributes', false);
  const { state } = ctx.runtime;
  const session = state.engagementSessions.get(`${ctx.params.account}/${sessionId}`);
  if (!session || session.visitorId !== visitorId) return engagementFail(404, 'Session not found', 12);
  session.lastSeen = ctx.now;
  session.requests.push({ time: ctx.now, kind: 'update', query: queryRecord(ctx), body });
  session.impressions.push(...impressions);
  session.engagementAttributes.push(...attributes);
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
