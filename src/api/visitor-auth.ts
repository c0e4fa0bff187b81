/**
 * Visitor authentication (Server Chat API, protocol §1.1 row 7a, §1.2, §2.4): the step between the
 * host's key and the chat request on an authenticated engagement. Loaded only when an engagement is
 * authenticated (the script-tag build makes it a chunk of its own). The `ssoKey` is a credential:
 * it goes in the one request body and nowhere else, never in a message or an error.
 *
 * This module imports nothing from the rest of the window at run time: a chunk that did would make
 * the bundler wrap the conversation's exports, on every chat's bill.
 */
import type { ChatApiErrorInit } from './errors.js';
import type { HttpResponse } from './http.js';
import type { AuthCode, CallOptions, ChatApi, Engagement, VisitorAuthentication, VisitorAuthRequest } from './types.js';

/**
 * A `ChatApiError` as `isChatApiError` (and so the machine) knows one: its name and fields; made
 * here without the class, which stays in the conversation (see above).
 */
const apiError = ({ message, cause, ...init }: ChatApiErrorInit): Error =>
  Object.assign(new Error(message, { cause }), { name: 'ChatApiError', status: 0, retryable: false, ...init });

/** An id as the documented examples send it: a number when it is a short string of digits. */
const wireId = (id = ''): string | number => (/^\d{1,15}$/.test(id) ? +id : id);

/** `POST {base}/conversation` body, as documented. */
export interface WireVisitorAuthRequest {
  /** The engagement's authentication connector (`connectorId`). */
  authChatConnId: string | number;
  ssoKey: string;
  engagementId: string | number;
  LETagContextId: string;
  LETagSessionId: string;
  LETagVisitorId: string;
  redirectUri?: string;
}

/** The visitor could not be authenticated; asking the host again (a fresh key) may help. */
const refused = (message: string, cause?: unknown, status?: number, internalCode?: number) =>
  apiError({ code: 'unauthorized', message, retryable: true, cause, status, internalCode });

/** Where the host's key waits between asking for it and using it, out of any snapshot. */
export interface AuthVault {
  key?: AuthCode;
}

/**
 * Asks the host (`getAuthCode()`) for a key and puts it in `vault`: a non-empty `ssoKey` string
 * and, when given, a `redirectUri` string. A host that throws, rejects or gives nothing is refused.
 */
export async function askHost(getAuthCode: () => unknown, vault: AuthVault): Promise<void> {
  let answer: unknown;
  try {
    answer = await getAuthCode();
  } catch (error) {
    throw refused(`getAuthCode failed: ${(error as Error | null)?.message ?? String(error)}`, error);
  }
  const { ssoKey, redirectUri } = ((typeof answer === 'object' && answer) || {}) as Record<string, unknown>;
  if (typeof ssoKey !== 'string' || !ssoKey.trim()) throw refused('getAuthCode gave no ssoKey');
  if (redirectUri !== undefined && typeof redirectUri !== 'string') throw refused('getAuthCode gave a redirectUri that is not a string');
  vault.key = redirectUri === undefined ? { ssoKey } : { ssoKey, redirectUri };
}

/** The request body: the key and the engagement's connector, engagement and monitoring ids. */
export function toVisitorAuthBody({ engagement, ssoKey, redirectUri }: VisitorAuthRequest): WireVisitorAuthRequest {
  const { visitorId, sessionId, details } = engagement;
  return {
    authChatConnId: wireId(details?.connectorId),
    ssoKey,
    engagementId: wireId(details?.engagementId),
    LETagContextId: details?.contextId ?? '',
    LETagSessionId: sessionId,
    LETagVisitorId: visitorId,
    ...(redirectUri !== undefined && { redirectUri }),
  };
}

/**
 * The answer: `conversationId` and `participantId` in its body (what the JS SDK's `authenticate`
 * yields; the docs give 201 but not where the ids are, see protocol §1.2).
 */
export function toVisitorAuthentication(body: unknown): VisitorAuthentication {
  const { participantId, conversationId } = ((typeof body === 'object' && body) || {}) as Record<string, unknown>;
  if (typeof participantId !== 'string' || !participantId || typeof conversationId !== 'string' || !conversationId) {
    throw apiError({ code: 'malformed', message: 'Visitor authentication answered without participantId and conversationId' });
  }
  return { participantId, conversationId };
}

/**
 * Posts the visitor authentication with `post` (the API's POST to `{base}/conversation`). A refused
 * key (401) may pass as a fresh one: that failure is retryable, the others as the API says.
 */
export async function postVisitorAuth(request: VisitorAuthRequest, post: (body: WireVisitorAuthRequest) => Promise<HttpResponse>): Promise<VisitorAuthentication> {
  const { body } = await post(toVisitorAuthBody(request)).catch((error: { code?: string; message: string; status?: number; internalCode?: number }) => {
    throw error?.code === 'unauthorized' ? refused(error.message, error, error.status, error.internalCode) : error;
  });
  return toVisitorAuthentication(body);
}

/**
 * Authenticates the visitor of `engagement` through `api` with the key in `vault`, which it takes
 * out; when there is none (a restored chat runs this again, and a key is never kept) with a new one.
 */
export async function authenticate(
  api: ChatApi,
  engagement: Engagement,
  vault: AuthVault,
  getAuthCode: () => unknown,
  options: CallOptions,
): Promise<VisitorAuthentication> {
  if (!api.authenticateVisitor) {
    throw apiError({ code: 'config', message: 'The engagement is authenticated, and this ChatApi has no authenticateVisitor' });
  }
  if (!vault.key) await askHost(getAuthCode, vault);
  const { key } = vault;
  delete vault.key;
  return api.authenticateVisitor({ ...key!, engagement }, options);
}
