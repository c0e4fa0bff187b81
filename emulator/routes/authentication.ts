/**
 * Visitor authentication of the Server Chat API (`POST /api/account/{acc}/conversation.json`, appKey):
 * the pre-step of a chat on an authenticated engagement. The visitor's `ssoKey` (an implicit-flow JWT
 * or a code-flow authorization code) is checked against the authentication connector; the answer is
 * 201 with the `conversationId` and `participantId` the chat request must then carry. Refusals are 401
 * with the platform's error body (internal code 10); malformed requests 400 (internal code 5).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, EmulatorError } from '../errors.js';
import { json, readJsonObject, requireAppKey } from '../http.js';
import type { Reply, RequestContext } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';
import { identityOf, verifySsoKey } from '../visitor-auth.js';
import type { VerifiedVisitor } from '../visitor-auth.js';

const FIELDS = ['authChatConnId', 'ssoKey', 'engagementId', 'LETagContextId', 'LETagSessionId', 'LETagVisitorId', 'redirectUri'];
const MAX_SSO_KEY = 16_384;

/** A documented numeric id: a JSON number or a string of digits. */
function numericId(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return value;
  return badRequest(`${key} is required: the number from the engagement`);
}

function text(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) return badRequest(`${key} is required: the string from the engagement`);
  return value;
}

function authenticate(ctx: RequestContext): Reply {
  requireAppKey(ctx);
  const body = readJsonObject(ctx);
  const unknown = Object.keys(body).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) return badRequest(`Unknown parameter ${unknown[0]}: a visitor authentication takes ${FIELDS.join(', ')}`);
  const { ssoKey, redirectUri } = body;
  if (typeof ssoKey !== 'string' || ssoKey.trim() === '' || ssoKey.length > MAX_SSO_KEY) return badRequest('ssoKey is required: the OAuth 2.0 code or JWT');
  if (redirectUri !== undefined && typeof redirectUri !== 'string') return badRequest('redirectUri must be a string');
  const connectorId = numericId(body, 'authChatConnId');
  const engagementId = numericId(body, 'engagementId');
  const LETagContextId = text(body, 'LETagContextId');
  const LETagSessionId = text(body, 'LETagSessionId');
  const LETagVisitorId = text(body, 'LETagVisitorId');

  const { state, config, base } = ctx.runtime;
  const account = ctx.params.account;
  const attempt = { time: ctx.now, account };
  const configured = config.engagement.connectorId;
  if (configured === null || connectorId !== configured) {
    const reason = configured === null ? 'no authenticated engagement is configured' : `authChatConnId ${connectorId} is not the engagement's connectorId`;
    state.record('visitorAuthentications', { ...attempt, outcome: 'refused', reason });
    return badRequest(`Unknown authentication connector: ${reason}`);
  }
  let visitor: VerifiedVisitor;
  try {
    visitor = verifySsoKey(config.authentication, ssoKey, redirectUri, ctx.now);
  } catch (error) {
    if (error instanceof EmulatorError) state.record('visitorAuthentications', { ...attempt, outcome: 'refused', reason: error.message });
    throw error;
  }
  const conversationId = randomUUID();
  const participantId = randomUUID();
  const identity = identityOf(visitor.claims);
  state.addAuthentication({
    account,
    conversationId,
    participantId,
    time: ctx.now,
    flow: visitor.flow,
    claims: visitor.claims,
    identity,
    connectorId,
    engagementId,
    LETagVisitorId,
    LETagSessionId,
    LETagContextId,
    ...(redirectUri === undefined ? {} : { redirectUri }),
  });
  state.record('visitorAuthentications', { ...attempt, outcome: 'accepted', flow: visitor.flow, sub: identity.sub, conversationId });
  return json(201, { conversationId, participantId }, { Location: `${base}/api/account/${account}/conversation/${conversationId}` });
}

export const authenticationRoutes: Route[] = [
  { name: 'consumer.authenticate', methods: ['POST'], pattern: new RegExp(`^/api/account/${ACCOUNT}/conversation$`), handle: authenticate },
];
